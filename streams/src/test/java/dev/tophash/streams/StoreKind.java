package dev.tophash.streams;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/** The stores the tests run side by side: tophash's two and Kafka Streams' own in-memory store, the reference. */
enum StoreKind {
    TOPHASH_IN_MEMORY {
        @Override
        KeyValueBytesStoreSupplier supplier(String name, int keyWidth, int valueWidth) {
            return TophashStores.inMemoryKeyValueStore(name, keyWidth, valueWidth);
        }
    },
    TOPHASH_PERSISTENT {
        @Override
        KeyValueBytesStoreSupplier supplier(String name, int keyWidth, int valueWidth) {
            return TophashStores.persistentKeyValueStore(name, keyWidth, valueWidth);
        }
    },
    KAFKA_IN_MEMORY {
        @Override
        KeyValueBytesStoreSupplier supplier(String name, int keyWidth, int valueWidth) {
            return Stores.inMemoryKeyValueStore(name);
        }
    };

    abstract KeyValueBytesStoreSupplier supplier(String name, int keyWidth, int valueWidth);
}
