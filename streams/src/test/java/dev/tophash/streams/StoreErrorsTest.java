package dev.tophash.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Misuse and damage: each produces an exception that says what was wrong and what to do, the
 * store is left as it was, and inside a topology Kafka Streams reports the failure.
 */
class StoreErrorsTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ suppliers

    @Test
    void aSupplierRefusesWidthsNoTableCanHold() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
            () -> TophashStores.inMemoryKeyValueStore("prices", 0, 8));
        assertEquals("store 'prices': keyWidth must be 1 to 4096 bytes, got 0", zero.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
            () -> TophashStores.persistentKeyValueStore("prices", 8, 4097));
        assertEquals("store 'prices': valueWidth must be 1 to 4096 bytes, got 4097", wide.getMessage());
        assertThrows(NullPointerException.class, () -> TophashStores.persistentKeyValueStore(null, 8, 8));
    }

    // ------------------------------------------------------------------ widths, inside a topology

    /** The store expects 4-byte keys or values; Long serdes write 8. */
    @ParameterizedTest
    @CsvSource({
        "TOPHASH_IN_MEMORY, 4, 8, 'store ''state'' holds keys of exactly 4 bytes, got a key of 8 bytes'",
        "TOPHASH_PERSISTENT, 4, 8, 'store ''state'' holds keys of exactly 4 bytes, got a key of 8 bytes'",
        "TOPHASH_IN_MEMORY, 8, 4, 'store ''state'' holds values of exactly 4 bytes (12 with the 8-byte timestamp'",
        "TOPHASH_PERSISTENT, 8, 4, 'store ''state'' holds values of exactly 4 bytes, got a value of 8 bytes'"})
    void aKeyOrValueOfAnotherWidthFailsTheTopologyNamingStoreAndWidths(StoreKind kind, int keyWidth, int valueWidth, String message) {
        try (TopologyTestDriver driver = new TopologyTestDriver(
                Topologies.countByKey(kind.supplier(Topologies.STORE, keyWidth, valueWidth)), Topologies.config(dir))) {
            var input = TopologiesTest.input(driver, "events");
            StreamsException failure = assertThrows(StreamsException.class, () -> input.pipeInput(7L, 1L));
            IllegalArgumentException cause = causeOf(failure, IllegalArgumentException.class);
            assertTrue(cause.getMessage().startsWith(message), cause.getMessage());
        }
    }

    @Test
    void anInMemoryStoreTooWideForItsTimestampsSaysWhichWidthFits() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> new TopologyTestDriver(
            Topologies.countByKey(TophashStores.inMemoryKeyValueStore(Topologies.STORE, 8, 4092)), Topologies.config(dir)).close());
        IllegalArgumentException cause = causeOf(failure, IllegalArgumentException.class);
        assertTrue(cause.getMessage().contains("give a valueWidth of at most 4088"), cause.getMessage());
    }

    // ------------------------------------------------------------------ widths, on the store itself

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void aRejectedWriteChangesNothing(StoreKind kind) {
        KeyValueStore<Bytes, byte[]> store = open(kind);
        try {
            store.put(key(1), value(10));

            assertThrows(IllegalArgumentException.class, () -> store.put(Bytes.wrap(new byte[3]), value(11)));
            assertThrows(IllegalArgumentException.class, () -> store.put(key(1), new byte[3]));
            assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent(key(2), new byte[5]));
            assertThrows(IllegalArgumentException.class, () -> store.putAll(List.of(
                KeyValue.pair(key(2), value(12)), KeyValue.pair(key(3), new byte[1]))));
            assertThrows(IllegalArgumentException.class, () -> store.delete(Bytes.wrap(new byte[9])));
            assertThrows(IllegalArgumentException.class, () -> store.get(Bytes.wrap(new byte[0])));
            assertThrows(NullPointerException.class, () -> store.put(null, value(1)));

            assertEquals(1, store.approximateNumEntries());
            assertEquals(Bytes.wrap(value(10)), Bytes.wrap(store.get(key(1))));
            assertNull(store.get(key(2)));
        } finally {
            store.close();
        }
    }

    @Test
    void aPrefixScanTakesPrefixesKafkasInMemoryStoreCannot() {
        KeyValueStore<Bytes, byte[]> store = open(StoreKind.TOPHASH_IN_MEMORY);
        try {
            byte[] ffKey = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
            store.put(Bytes.wrap(ffKey), value(1));
            store.put(key(0x7fffffff), value(2));

            assertEquals("\\xFF\\xFF\\xFF\\xFF=00000001 ",
                DifferentialPropertiesTest.drain(store.prefixScan(new byte[] {(byte) 0xff, (byte) 0xff}, (t, p) -> p)));
            assertEquals("\\x7F\\xFF\\xFF\\xFF=00000002 \\xFF\\xFF\\xFF\\xFF=00000001 ",
                DifferentialPropertiesTest.drain(store.prefixScan(new byte[0], (t, p) -> p)));
        } finally {
            store.close();
        }
    }

    // ------------------------------------------------------------------ closed stores and iterators

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void aClosedStoreSaysSoByName(StoreKind kind) {
        KeyValueStore<Bytes, byte[]> store = open(kind);
        store.put(key(1), value(1));
        KeyValueIterator<Bytes, byte[]> open = store.all();
        store.close();
        store.close();

        assertFalse(store.isOpen());
        InvalidStateStoreException closed = assertThrows(InvalidStateStoreException.class, () -> store.get(key(1)));
        assertEquals("store 'state' is not open: it was closed, or Kafka Streams has not initialized it yet", closed.getMessage());
        assertThrows(InvalidStateStoreException.class, () -> store.put(key(1), value(2)));
        assertThrows(InvalidStateStoreException.class, store::all);
        assertThrows(InvalidStateStoreException.class, store::approximateNumEntries);
        assertThrows(InvalidStateStoreException.class, open::hasNext, "an iterator does not outlive its store");
    }

    @Test
    void aClosedIteratorSaysSo() {
        KeyValueStore<Bytes, byte[]> store = open(StoreKind.TOPHASH_IN_MEMORY);
        try {
            store.put(key(1), value(1));
            KeyValueIterator<Bytes, byte[]> it = store.all();
            it.close();
            it.close();
            IllegalStateException closed = assertThrows(IllegalStateException.class, it::hasNext);
            assertEquals("an iterator of store 'state' was used after it was closed", closed.getMessage());
        } finally {
            store.close();
        }
    }

    // ------------------------------------------------------------------ damaged and mismatched table files

    @Test
    void aDamagedTableFileFailsTheStartNamingFileAndWhatToDo() throws IOException {
        Path task = Files.createDirectories(dir.resolve(Topologies.APPLICATION_ID).resolve("0_0"));
        Path file = Files.createDirectories(task.resolve(Topologies.STORE)).resolve(StoreTables.TABLE_FILE);
        Files.write(file, new byte[8192]);

        StreamsException failure = assertThrows(StreamsException.class, () -> new TopologyTestDriver(
            Topologies.countByKey(TophashStores.persistentKeyValueStore(Topologies.STORE, 8, 8)), Topologies.config(dir)).close());
        ProcessorStateException cause = causeOf(failure, ProcessorStateException.class);
        assertTrue(cause.getMessage().startsWith("tophash store 'state' (8-byte keys, 8-byte values) cannot open its table file "
            + file), cause.getMessage());
        assertTrue(cause.getMessage().contains("delete the task directory " + task.toAbsolutePath()), cause.getMessage());
        assertEquals(8192, Files.size(file), "the damaged file is left for inspection");
    }

    @Test
    void aTableFileOfOtherWidthsFailsTheStart() {
        KeyValueStore<Bytes, byte[]> first = open(StoreKind.TOPHASH_PERSISTENT);
        first.put(key(1), value(1));
        first.close();

        KeyValueStore<Bytes, byte[]> other = TophashStores.persistentKeyValueStore(Topologies.STORE, 4, 6).get();
        ProcessorStateException failure = assertThrows(ProcessorStateException.class,
            () -> other.init(context().getStateStoreContext(), other));
        assertTrue(failure.getMessage().contains("was written with key codec fixedBytes(4) (4 bytes), value codec fixedBytes(4)"
            + " (4 bytes), not with the key codec fixedBytes(4) (4 bytes), value codec fixedBytes(6) (6 bytes) asked for"),
            failure.getMessage());
        assertFalse(other.isOpen());
        assertNotNull(failure.getCause());
    }

    // ------------------------------------------------------------------ helpers

    private KeyValueStore<Bytes, byte[]> open(StoreKind kind) {
        KeyValueStore<Bytes, byte[]> store = kind.supplier(Topologies.STORE, 4, 4).get();
        store.init(context().getStateStoreContext(), store);
        return store;
    }

    private MockProcessorContext<Object, Object> context() {
        return new MockProcessorContext<>(Topologies.config(dir), new TaskId(0, 0), dir.toFile());
    }

    static Bytes key(int k) {
        return Bytes.wrap(ByteBuffer.allocate(4).putInt(k).array());
    }

    static byte[] value(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    /** causeOf finds the first {@code type} in {@code failure}'s cause chain, failing when there is none. */
    static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + failure, failure);
    }
}
