package dev.tophash.streams;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The topologies the tests run with each {@link StoreKind}: the same topology, only the store
 * supplier differs. Keys and values are {@code Long}s, 8 bytes serialized.
 */
final class Topologies {
    static final String APPLICATION_ID = "tophash-streams-test";
    static final String STORE = "state";

    private Topologies() {
    }

    /** config is a driver configuration whose state directory is {@code stateDir}. */
    static Properties config(Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    /** countByKey counts the records of "events" per key, emitting every new count to "counts". */
    static Topology countByKey(KeyValueBytesStoreSupplier store) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("events", Consumed.with(Serdes.Long(), Serdes.Long()))
            .groupByKey()
            .count(Materialized.<Long, Long>as(store).withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()))
            .toStream()
            .to("counts", Produced.with(Serdes.Long(), Serdes.Long()));
        return builder.build();
    }

    /**
     * sumByBucket re-keys "payments" (account, amount) by account modulo 7, through a
     * repartition topic, and keeps a running sum per bucket, emitted to "sums".
     */
    static Topology sumByBucket(KeyValueBytesStoreSupplier store) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("payments", Consumed.with(Serdes.Long(), Serdes.Long()))
            .groupBy((account, amount) -> Math.floorMod(account, 7L), Grouped.with(Serdes.Long(), Serdes.Long()))
            .aggregate(() -> 0L, (bucket, amount, sum) -> sum + amount,
                Materialized.<Long, Long>as(store).withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()))
            .toStream()
            .to("sums", Produced.with(Serdes.Long(), Serdes.Long()));
        return builder.build();
    }

    /**
     * notional joins "orders" (instrument, quantity) against the table "prices" (instrument,
     * price; a null price deletes) kept in {@code store}, emitting quantity * price to "notional".
     */
    static Topology notional(KeyValueBytesStoreSupplier store) {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<Long, Long> prices = builder.table("prices", Consumed.with(Serdes.Long(), Serdes.Long()),
            Materialized.<Long, Long>as(store).withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()));
        builder.stream("orders", Consumed.with(Serdes.Long(), Serdes.Long()))
            .join(prices, (quantity, price) -> quantity * price)
            .to("notional", Produced.with(Serdes.Long(), Serdes.Long()));
        return builder.build();
    }

    /**
     * neighbours keeps "writes" (key, value; a negative value deletes) in a Processor API store
     * behind the caching and changelog layers, and after each write emits to "views" what the
     * store's ordered reads see around the key: range, reverseRange, prefixScan over the first
     * seven bytes of a key that is not negative, and the first entries of all and reverseAll.
     */
    static Topology neighbours(KeyValueBytesStoreSupplier store) {
        Topology topology = new Topology();
        topology.addSource("source", Serdes.Long().deserializer(), Serdes.Long().deserializer(), "writes");
        topology.addProcessor("views", NeighbourViews::new, "source");
        topology.addStateStore(Stores.keyValueStoreBuilder(store, Serdes.Long(), Serdes.Long()).withCachingEnabled(), "views");
        topology.addSink("sink", "views", Serdes.Long().serializer(), Serdes.String().serializer(), "views");
        return topology;
    }

    /** The processor of {@link #neighbours}. */
    private static final class NeighbourViews implements Processor<Long, Long, Long, String> {
        private ProcessorContext<Long, String> context;
        private KeyValueStore<Long, Long> store;

        @Override
        public void init(ProcessorContext<Long, String> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<Long, Long> record) {
            long key = record.key();
            if (record.value() < 0) {
                store.delete(key);
            } else {
                store.put(key, record.value());
            }
            StringBuilder view = new StringBuilder();
            append(view.append("range:"), store.range(key - 3, key + 3), Integer.MAX_VALUE);
            append(view.append(" reverse:"), store.reverseRange(key - 3, key + 3), Integer.MAX_VALUE);
            if (key >= 0) {
                // Kafka's caching layer cannot scan a prefix of only 0xff bytes, which negative keys give
                append(view.append(" prefix:"), store.prefixScan(key, (topic, k) -> Arrays.copyOf(
                    Serdes.Long().serializer().serialize(topic, k), 7)), Integer.MAX_VALUE);
            }
            append(view.append(" first:"), store.all(), 3);
            append(view.append(" last:"), store.reverseAll(), 3);
            view.append(" size:").append(store.approximateNumEntries());
            context.forward(record.withValue(view.toString()));
        }

        private static void append(StringBuilder view, KeyValueIterator<Long, Long> it, int limit) {
            try (it) {
                for (int i = 0; i < limit && it.hasNext(); i++) {
                    var e = it.next();
                    view.append(e.key).append('=').append(e.value).append(',');
                }
            }
        }
    }
}
