package dev.tophash.streams;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Supplies one new {@link TophashKeyValueStore} per task, all with the same name and widths.
 */
final class TophashStoreSupplier implements KeyValueBytesStoreSupplier {
    private final EntryWidths widths;
    private final boolean persistent;

    TophashStoreSupplier(EntryWidths widths, boolean persistent) {
        this.widths = widths;
        this.persistent = persistent;
    }

    /** {@inheritDoc} O(1). */
    @Override
    public String name() {
        return widths.storeName;
    }

    /** A new, unopened store; Kafka Streams opens it in {@code init}. O(1). */
    @Override
    public KeyValueStore<Bytes, byte[]> get() {
        return new TophashKeyValueStore(widths, persistent);
    }

    /** {@code tophash}: the scope of this store's metrics, as {@code rocksdb} and {@code in-memory} are for Kafka's. O(1). */
    @Override
    public String metricsScope() {
        return "tophash";
    }

    @Override
    public String toString() {
        return "tophash " + (persistent ? "persistent " : "in-memory ") + widths + " supplier";
    }
}
