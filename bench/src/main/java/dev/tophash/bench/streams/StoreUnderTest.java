package dev.tophash.bench.streams;

import dev.tophash.streams.TophashStores;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/** The key-value stores the {@code streams} command puts side by side, each for 8-byte keys and values. */
public enum StoreUnderTest {
    /** {@link TophashStores#persistentKeyValueStore}: a file-backed tophash table in the state directory. */
    TOPHASH_PERSISTENT("tophash persistent", true) {
        @Override
        public KeyValueBytesStoreSupplier supplier(String name) {
            return TophashStores.persistentKeyValueStore(name, Long.BYTES, Long.BYTES);
        }
    },
    /** {@link TophashStores#inMemoryKeyValueStore}: an off-heap tophash table. */
    TOPHASH_IN_MEMORY("tophash in-memory", false) {
        @Override
        public KeyValueBytesStoreSupplier supplier(String name) {
            return TophashStores.inMemoryKeyValueStore(name, Long.BYTES, Long.BYTES);
        }
    },
    /** {@link Stores#persistentKeyValueStore}: Kafka Streams' RocksDB store. */
    ROCKSDB("RocksDB", true) {
        @Override
        public KeyValueBytesStoreSupplier supplier(String name) {
            return Stores.persistentKeyValueStore(name);
        }
    },
    /** {@link Stores#inMemoryKeyValueStore}: Kafka Streams' on-heap store. */
    KAFKA_IN_MEMORY("Kafka in-memory", false) {
        @Override
        public KeyValueBytesStoreSupplier supplier(String name) {
            return Stores.inMemoryKeyValueStore(name);
        }
    };

    private final String label;
    private final boolean persistent;

    StoreUnderTest(String label, boolean persistent) {
        this.label = label;
        this.persistent = persistent;
    }

    /**
     * A supplier of this store for 8-byte keys and values.
     *
     * @param name the store's name
     * @return a new supplier
     */
    public abstract KeyValueBytesStoreSupplier supplier(String name);

    /**
     * The name in the printed tables.
     *
     * @return a few words
     */
    public String label() {
        return label;
    }

    /**
     * Whether the store keeps its state in the state directory, so that a restart reopens it
     * instead of restoring it.
     *
     * @return true for the persistent stores
     */
    public boolean persistent() {
        return persistent;
    }
}
