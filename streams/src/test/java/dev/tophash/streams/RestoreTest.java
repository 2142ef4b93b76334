package dev.tophash.streams;

import static dev.tophash.streams.StoreErrorsTest.key;
import static dev.tophash.streams.StoreErrorsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Restoration from the changelog: the store registers a batching callback, which applies a
 * batch of changelog records in order (a null value deletes), and checks the whole batch before
 * it writes any record of it.
 */
class RestoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void batchesOfChangelogRecordsRestoreTheStore(StoreKind kind) {
        RecordingContext context = context();
        KeyValueStore<Bytes, byte[]> store = open(kind, context);
        try {
            BatchingStateRestoreCallback restore = assertInstanceOf(BatchingStateRestoreCallback.class, context.restoreCallback);
            Map<Bytes, Bytes> model = new TreeMap<>();
            Random random = new Random(5);
            for (int batch = 0; batch < 20; batch++) {
                List<KeyValue<byte[], byte[]>> records = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    Bytes k = key(random.nextInt(150));
                    byte[] v = random.nextInt(5) == 0 ? null : value(random.nextInt());
                    records.add(KeyValue.pair(k.get(), v));
                    if (v == null) {
                        model.remove(k);
                    } else {
                        model.put(k, Bytes.wrap(v));
                    }
                }
                restore.restoreAll(records);
            }

            Map<Bytes, Bytes> restored = new TreeMap<>();
            store.all().forEachRemaining(e -> restored.put(e.key, Bytes.wrap(e.value)));
            assertEquals(model, restored);
            assertEquals(model.size(), store.approximateNumEntries());
        } finally {
            store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void aBatchWithARecordOfAnotherWidthRestoresNothing(StoreKind kind) {
        RecordingContext context = context();
        KeyValueStore<Bytes, byte[]> store = open(kind, context);
        try {
            BatchingStateRestoreCallback restore = (BatchingStateRestoreCallback) context.restoreCallback;
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> restore.restoreAll(List.of(
                KeyValue.pair(key(1).get(), value(1)), KeyValue.pair(key(2).get(), new byte[7]))));
            assertTrue(failure.getMessage().startsWith("store 'state' holds values of exactly 4 bytes, got a value of 7 bytes"),
                failure.getMessage());
            assertEquals(0, store.approximateNumEntries());
        } finally {
            store.close();
        }
    }

    private static KeyValueStore<Bytes, byte[]> open(StoreKind kind, RecordingContext context) {
        KeyValueStore<Bytes, byte[]> store = kind.supplier(Topologies.STORE, 4, 4).get();
        store.init(context, store);
        return store;
    }

    private RecordingContext context() {
        return new RecordingContext(new MockProcessorContext<>(Topologies.config(dir), new TaskId(0, 0), dir.toFile())
            .getStateStoreContext());
    }
}
