package dev.tophash.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real topologies in {@link TopologyTestDriver}, each run once with a tophash store and once
 * with Kafka Streams' in-memory store: the outputs must be identical, record for record, and
 * must also be what a plain {@link HashMap} model of the topology computes.
 *
 * <p>The driver commits after every record, so every update reaches the store through the
 * caching and changelog layers at once.
 */
class TopologiesTest {
    /** Records per run: the driver commits after each, and a persistent store's commit is two fsyncs. */
    private static final int RECORDS = 200;

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void countByKeyEmitsWhatTheInMemoryStoreEmits(StoreKind kind) {
        List<KeyValue<Long, Long>> events = randomPairs(1, 200, 1);

        List<TestRecord<Long, Long>> tophash = sameAsKafka(kind, Topologies::countByKey, "events", events, "counts");

        assertSameRecords(runningSums(events, e -> e.key, e -> 1L), keyValues(tophash));
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void aggregateAfterARepartitionEmitsWhatTheInMemoryStoreEmits(StoreKind kind) {
        List<KeyValue<Long, Long>> payments = randomPairs(2, 1_000, 10_000);

        List<TestRecord<Long, Long>> tophash = sameAsKafka(kind, Topologies::sumByBucket, "payments", payments, "sums");

        assertSameRecords(runningSums(payments, p -> Math.floorMod(p.key, 7L), p -> p.value), keyValues(tophash));
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void joinAgainstATableEmitsWhatTheInMemoryStoreEmits(StoreKind kind) {
        List<TestRecord<Long, Long>> tophash = runJoin(kind.supplier(Topologies.STORE, 8, 8));
        List<TestRecord<Long, Long>> kafka = runJoin(StoreKind.KAFKA_IN_MEMORY.supplier(Topologies.STORE, 8, 8));

        assertSameRecords(kafka, tophash);
        assertSameRecords(joinModel(), keyValues(tophash));
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void orderedReadsBehindTheCacheSeeWhatTheInMemoryStoreSees(StoreKind kind) {
        Random random = new Random(4);
        List<KeyValue<Long, Long>> writes = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            // keys around zero and around 256 cross sign and byte boundaries; a quarter of the writes delete
            long key = (random.nextBoolean() ? 0 : 256) + random.nextInt(64) - 32;
            writes.add(KeyValue.pair(key, random.nextInt(4) == 0 ? -1L : (long) random.nextInt(1_000)));
        }
        List<TestRecord<Long, String>> tophash = runViews(kind.supplier(Topologies.STORE, 8, 8), writes);
        List<TestRecord<Long, String>> kafka = runViews(StoreKind.KAFKA_IN_MEMORY.supplier(Topologies.STORE, 8, 8), writes);

        assertSameRecords(kafka, tophash);
        assertEquals(writes.size(), tophash.size());
        assertTrue(tophash.get(tophash.size() - 1).value().contains("range:"), tophash.get(tophash.size() - 1).value());
    }

    // ------------------------------------------------------------------ drivers

    /**
     * sameAsKafka runs {@code topology} on {@code records} with a {@code kind} store and with
     * Kafka's in-memory store, checks that both emit the same records, and returns them.
     */
    private List<TestRecord<Long, Long>> sameAsKafka(StoreKind kind, Function<KeyValueBytesStoreSupplier, Topology> topology,
                                                     String input, List<KeyValue<Long, Long>> records, String output) {
        List<TestRecord<Long, Long>> tophash = run(topology.apply(kind.supplier(Topologies.STORE, 8, 8)), input, records, output);
        List<TestRecord<Long, Long>> kafka = run(topology.apply(StoreKind.KAFKA_IN_MEMORY.supplier(Topologies.STORE, 8, 8)),
            input, records, output);
        assertSameRecords(kafka, tophash);
        return tophash;
    }

    private List<TestRecord<Long, Long>> run(Topology topology, String input, List<KeyValue<Long, Long>> records, String output) {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, Topologies.config(stateDir))) {
            input(driver, input).pipeKeyValueList(records);
            return driver.createOutputTopic(output, Serdes.Long().deserializer(), Serdes.Long().deserializer()).readRecordsToList();
        }
    }

    private List<TestRecord<Long, Long>> runJoin(KeyValueBytesStoreSupplier store) {
        try (TopologyTestDriver driver = new TopologyTestDriver(Topologies.notional(store), Topologies.config(stateDir))) {
            var prices = input(driver, "prices");
            var orders = input(driver, "orders");
            for (Step step : joinSteps()) {
                if (step.price) {
                    prices.pipeInput(step.instrument, step.value);
                } else {
                    orders.pipeInput(step.instrument, step.value);
                }
            }
            return driver.createOutputTopic("notional", Serdes.Long().deserializer(), Serdes.Long().deserializer()).readRecordsToList();
        }
    }

    private List<TestRecord<Long, String>> runViews(KeyValueBytesStoreSupplier store, List<KeyValue<Long, Long>> writes) {
        try (TopologyTestDriver driver = new TopologyTestDriver(Topologies.neighbours(store), Topologies.config(stateDir))) {
            input(driver, "writes").pipeKeyValueList(writes);
            return driver.createOutputTopic("views", Serdes.Long().deserializer(), Serdes.String().deserializer()).readRecordsToList();
        }
    }

    /** input is a topic whose records carry timestamps 1 ms apart from a fixed start, so that runs compare exactly. */
    static TestInputTopic<Long, Long> input(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, Serdes.Long().serializer(), Serdes.Long().serializer(),
            Instant.ofEpochMilli(1_000_000), Duration.ofMillis(1));
    }

    // ------------------------------------------------------------------ inputs and models

    /** One input of the join: a price update (null deletes) or an order. */
    private static final class Step {
        final boolean price;
        final long instrument;
        final Long value;

        Step(boolean price, long instrument, Long value) {
            this.price = price;
            this.instrument = instrument;
            this.value = value;
        }
    }

    /**
     * runningSums is the model of an aggregation: for each record, its group and the group's
     * running sum of {@code amount} so far.
     */
    private static List<KeyValue<Long, Long>> runningSums(List<KeyValue<Long, Long>> records,
                                                         Function<KeyValue<Long, Long>, Long> group,
                                                         Function<KeyValue<Long, Long>, Long> amount) {
        Map<Long, Long> sums = new HashMap<>();
        List<KeyValue<Long, Long>> out = new ArrayList<>();
        for (KeyValue<Long, Long> r : records) {
            long g = group.apply(r);
            out.add(KeyValue.pair(g, sums.merge(g, amount.apply(r), Long::sum)));
        }
        return out;
    }

    private static List<Step> joinSteps() {
        Random random = new Random(3);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            long instrument = random.nextInt(50);
            int roll = random.nextInt(10);
            if (roll < 3) {
                steps.add(new Step(true, instrument, roll == 0 ? null : (long) (1 + random.nextInt(500))));
            } else {
                steps.add(new Step(false, instrument, (long) (1 + random.nextInt(100))));
            }
        }
        return steps;
    }

    private static List<KeyValue<Long, Long>> joinModel() {
        Map<Long, Long> table = new HashMap<>();
        List<KeyValue<Long, Long>> out = new ArrayList<>();
        for (Step step : joinSteps()) {
            if (step.price) {
                if (step.value == null) {
                    table.remove(step.instrument);
                } else {
                    table.put(step.instrument, step.value);
                }
            } else if (table.containsKey(step.instrument)) {
                out.add(KeyValue.pair(step.instrument, step.value * table.get(step.instrument)));
            }
        }
        return out;
    }

    /** randomPairs makes {@link #RECORDS} pairs: keys spread over {@code keys} values either side of zero, values 0 to {@code values} - 1. */
    private static List<KeyValue<Long, Long>> randomPairs(long seed, int keys, int values) {
        Random random = new Random(seed);
        List<KeyValue<Long, Long>> pairs = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            pairs.add(KeyValue.pair((long) (random.nextInt(keys) - keys / 2), (long) random.nextInt(values)));
        }
        return pairs;
    }

    /** assertSameRecords compares two outputs record by record, naming the first difference rather than printing both lists. */
    static <T> void assertSameRecords(List<T> expected, List<T> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "record " + i + " of " + expected.size());
        }
        assertEquals(expected.size(), actual.size(), "number of records");
    }

    private static <K, V> List<KeyValue<K, V>> keyValues(List<TestRecord<K, V>> records) {
        List<KeyValue<K, V>> pairs = new ArrayList<>();
        for (TestRecord<K, V> r : records) {
            pairs.add(KeyValue.pair(r.key(), r.value()));
        }
        return pairs;
    }
}
