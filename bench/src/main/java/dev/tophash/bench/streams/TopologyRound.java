package dev.tophash.bench.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One round of a count-by-key topology in {@link TopologyTestDriver}, with Kafka Streams'
 * record cache and changelog on, as an application runs it. The driver commits after every
 * record, so each record also pays a commit: for a persistent tophash store that is writing its
 * dirty pages to disk, where an application commits every {@code commit.interval.ms}.
 */
final class TopologyRound {
    private TopologyRound() {
    }

    /**
     * run pipes one record per key of {@code keys} through count-by-key on {@code kind}, with
     * its state directory in {@code stateDir}, and returns the nanoseconds the records took.
     *
     * @throws IllegalStateException when the counts emitted are not the counts of {@code keys}
     */
    static long run(StoreUnderTest kind, long[] keys, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("events", Consumed.with(Serdes.Long(), Serdes.Long()))
            .groupByKey()
            .count(Materialized.<Long, Long>as(kind.supplier("counts")).withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()))
            .toStream()
            .to("counts", Produced.with(Serdes.Long(), Serdes.Long()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "tophash-bench-streams");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<Long, Long> input = driver.createInputTopic("events", Serdes.Long().serializer(),
                Serdes.Long().serializer(), Instant.ofEpochMilli(0), Duration.ofMillis(1));
            long start = System.nanoTime();
            for (long key : keys) {
                input.pipeInput(key, key);
            }
            long nanos = System.nanoTime() - start;
            check(driver.createOutputTopic("counts", Serdes.Long().deserializer(), Serdes.Long().deserializer())
                .readKeyValuesToList(), keys);
            return nanos;
        }
    }

    private static void check(List<KeyValue<Long, Long>> emitted, long[] keys) {
        Map<Long, Long> expected = new HashMap<>();
        for (long key : keys) {
            expected.merge(key, 1L, Long::sum);
        }
        Map<Long, Long> last = new HashMap<>();
        emitted.forEach(e -> last.put(e.key, e.value));
        if (emitted.size() != keys.length || !last.equals(expected)) {
            throw new IllegalStateException("count-by-key emitted " + emitted.size() + " records for " + keys.length
                + " inputs, or counts other than the inputs'");
        }
    }
}
