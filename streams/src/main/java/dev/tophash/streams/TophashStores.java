package dev.tophash.streams;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * Kafka Streams key-value stores on tophash tables, for state whose serialized keys and values
 * have a fixed width: counters, positions and limits keyed by a number or a fixed-length id.
 *
 * <pre>{@code
 * KeyValueBytesStoreSupplier counts = TophashStores.persistentKeyValueStore("counts", 8, 8);
 * builder.stream("trades", Consumed.with(Serdes.Long(), Serdes.Long()))
 *        .groupByKey()
 *        .count(Materialized.<Long, Long>as(counts)
 *            .withKeySerde(Serdes.Long()).withValueSerde(Serdes.Long()));
 * }</pre>
 *
 * <p>Each supplier works wherever Kafka Streams takes a {@link KeyValueBytesStoreSupplier}:
 * {@code Materialized.as(supplier)} in the DSL, {@code Stores.keyValueStoreBuilder(supplier,
 * keySerde, valueSerde)} in the Processor API, behind Kafka Streams' caching and changelog
 * layers. Like {@code Stores.inMemoryKeyValueStore}, the stores are plain (not timestamped)
 * key-value stores: the DSL keeps no record timestamps in them.
 *
 * <p>See the package documentation for widths, ordering cost, restart and crash behaviour, and
 * the JVM flags.
 */
public final class TophashStores {
    private TophashStores() {
    }

    /**
     * A store kept in a file-backed tophash table in its directory inside the task's state
     * directory ({@code <state.dir>/<application.id>/<task>/<name>/}). A restart reopens the
     * file, and Kafka Streams replays only the changelog records its checkpoint does not cover.
     * The JVM needs the file-backed table's flags (see the package documentation). O(1).
     *
     * @param name the store's name, as Kafka Streams uses it for the changelog topic and the directory
     * @param keyWidth the width in bytes of every serialized key, 1 to 4096
     * @param valueWidth the width in bytes of every serialized value, 1 to 4096
     * @return a supplier of one persistent store per task
     * @throws NullPointerException for a null name
     * @throws IllegalArgumentException for a width out of range
     */
    public static KeyValueBytesStoreSupplier persistentKeyValueStore(String name, int keyWidth, int valueWidth) {
        return new TophashStoreSupplier(EntryWidths.of(name, keyWidth, valueWidth), true);
    }

    /**
     * A store kept in an off-heap tophash table in memory, outside the garbage-collected heap. It
     * starts empty on every start, and Kafka Streams restores it from its changelog. O(1).
     *
     * @param name the store's name, as Kafka Streams uses it for the changelog topic
     * @param keyWidth the width in bytes of every serialized key, 1 to 4096
     * @param valueWidth the width in bytes of every serialized value, 1 to 4096
     * @return a supplier of one in-memory store per task
     * @throws NullPointerException for a null name
     * @throws IllegalArgumentException for a width out of range
     */
    public static KeyValueBytesStoreSupplier inMemoryKeyValueStore(String name, int keyWidth, int valueWidth) {
        return new TophashStoreSupplier(EntryWidths.of(name, keyWidth, valueWidth), false);
    }
}
