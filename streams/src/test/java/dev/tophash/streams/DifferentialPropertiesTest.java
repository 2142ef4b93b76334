package dev.tophash.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A randomized differential test: the same sequence of operations on a tophash store and on
 * Kafka Streams' in-memory store, every result compared. The sequences cover every operation of
 * {@link KeyValueStore}: put (a null value deletes), putIfAbsent, putAll, delete, get,
 * approximateNumEntries, and range, reverseRange, all, reverseAll and prefixScan, including
 * iterators that stay open while the store is written.
 *
 * <p>Keys are 2 bytes drawn from {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff}, so ranges cross the
 * signed/unsigned boundary and prefixes collide; range bounds have 0 to 3 bytes, shorter and
 * longer than a key. Prefixes avoid one made only of 0xff bytes, which Kafka's in-memory store
 * cannot scan ({@link StoreErrorsTest} covers it for tophash).
 */
class DifferentialPropertiesTest {
    private static final int KEY_WIDTH = 2;
    private static final int VALUE_WIDTH = 3;
    private static final Byte[] KEY_BYTES = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

    @Property(tries = 200)
    void inMemoryStoreAnswersAsKafkasInMemoryStore(@ForAll("operations") List<Op> ops) {
        runAgainstKafka(StoreKind.TOPHASH_IN_MEMORY, ops);
    }

    @Property(tries = 50)
    void persistentStoreAnswersAsKafkasInMemoryStore(@ForAll("operations") List<Op> ops) {
        runAgainstKafka(StoreKind.TOPHASH_PERSISTENT, ops);
    }

    /** One state directory and store context for every try: building a context costs more than a whole try. */
    private static final Path STATE_DIR = tempDir();
    private static final StateStoreContext CONTEXT =
        new MockProcessorContext<>(Topologies.config(STATE_DIR), new TaskId(0, 0), STATE_DIR.toFile()).getStateStoreContext();

    private static void runAgainstKafka(StoreKind kind, List<Op> ops) {
        KeyValueStore<Bytes, byte[]> reference = StoreKind.KAFKA_IN_MEMORY.supplier("state", KEY_WIDTH, VALUE_WIDTH).get();
        KeyValueStore<Bytes, byte[]> tophash = kind.supplier("state", KEY_WIDTH, VALUE_WIDTH).get();
        try {
            reference.init(CONTEXT, reference);
            tophash.init(CONTEXT, tophash);
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                assertEquals(op.apply(reference), op.apply(tophash), "operation " + i + ": " + op);
            }
            assertEquals(Op.ALL.apply(reference), Op.ALL.apply(tophash), "content at the end");
        } finally {
            tophash.close();
            reference.close();
            deleteRecursively(STATE_DIR.resolve("state"));
        }
    }

    // ------------------------------------------------------------------ operations

    /** One operation and how to show its result; results are strings so that arrays compare by content. */
    abstract static class Op {
        static final Op ALL = new Op() {
            @Override
            String apply(KeyValueStore<Bytes, byte[]> s) {
                return drain(s.all());
            }

            @Override
            public String toString() {
                return "all";
            }
        };

        abstract String apply(KeyValueStore<Bytes, byte[]> s);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Bytes> key = Arbitraries.of(KEY_BYTES).array(byte[].class).ofSize(KEY_WIDTH).map(Bytes::wrap);
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofSize(VALUE_WIDTH).injectNull(0.15);
        Arbitrary<Bytes> bound = Arbitraries.of(KEY_BYTES).array(byte[].class).ofMinSize(0).ofMaxSize(3).map(Bytes::wrap).injectNull(0.2);
        Arbitrary<byte[]> prefix = Arbitraries.of(KEY_BYTES).array(byte[].class).ofMinSize(1).ofMaxSize(KEY_WIDTH)
            .filter(p -> !allFf(p));
        Arbitrary<Op> write = Arbitraries.oneOf(
            Combinators.combine(key, value).as(DifferentialPropertiesTest::put),
            Combinators.combine(key, value).as(DifferentialPropertiesTest::putIfAbsent),
            key.map(DifferentialPropertiesTest::delete),
            Combinators.combine(key, value).as(KeyValue::pair).list().ofMaxSize(5).map(DifferentialPropertiesTest::putAll));
        Arbitrary<Op> read = Arbitraries.oneOf(
            key.map(DifferentialPropertiesTest::get),
            Combinators.combine(bound, bound).as((from, to) -> iterate("range", s -> s.range(from, to), from, to)),
            Combinators.combine(bound, bound).as((from, to) -> iterate("reverseRange", s -> s.reverseRange(from, to), from, to)),
            Arbitraries.just(iterate("all", KeyValueStore::all, null, null)),
            Arbitraries.just(iterate("reverseAll", KeyValueStore::reverseAll, null, null)),
            prefix.map(p -> iterate("prefixScan", s -> s.prefixScan(p, (topic, bytes) -> bytes), Bytes.wrap(p), null)),
            Arbitraries.just(count()));
        Arbitrary<Op> writeWhileIterating = Combinators.combine(
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 4), write.list().ofMinSize(1).ofMaxSize(6))
            .as(DifferentialPropertiesTest::writeWhileIterating);
        return Arbitraries.frequencyOf(
            Tuple.of(6, write), Tuple.of(3, read), Tuple.of(1, writeWhileIterating)).list().ofMinSize(1).ofMaxSize(60);
    }

    private static Op put(Bytes key, byte[] value) {
        return op("put " + key + " " + hex(value), s -> {
            s.put(key, value);
            return "";
        });
    }

    private static Op putIfAbsent(Bytes key, byte[] value) {
        return op("putIfAbsent " + key + " " + hex(value), s -> hex(s.putIfAbsent(key, value)));
    }

    private static Op delete(Bytes key) {
        return op("delete " + key, s -> hex(s.delete(key)));
    }

    private static Op putAll(List<KeyValue<Bytes, byte[]>> entries) {
        return op("putAll " + entries, s -> {
            s.putAll(entries);
            return "";
        });
    }

    private static Op get(Bytes key) {
        return op("get " + key, s -> hex(s.get(key)));
    }

    private static Op count() {
        return op("approximateNumEntries", s -> Long.toString(s.approximateNumEntries()));
    }

    private static Op iterate(String name, Function<KeyValueStore<Bytes, byte[]>, KeyValueIterator<Bytes, byte[]>> open,
                              Bytes from, Bytes to) {
        return op(name + " " + from + " " + to, s -> drain(open.apply(s)));
    }

    /**
     * writeWhileIterating opens all() or reverseAll(), takes {@code before} entries (peeking
     * first), applies {@code writes}, then drains the iterator: keys deleted meanwhile are
     * skipped, updated keys show their new value, new keys are not returned.
     */
    private static Op writeWhileIterating(boolean forward, int before, List<Op> writes) {
        return op((forward ? "all" : "reverseAll") + " taking " + before + " then " + writes, s -> {
            StringBuilder out = new StringBuilder();
            try (KeyValueIterator<Bytes, byte[]> it = forward ? s.all() : s.reverseAll()) {
                for (int i = 0; i < before && it.hasNext(); i++) {
                    out.append("peek ").append(it.peekNextKey()).append(' ');
                    append(out, it.next());
                }
                for (Op w : writes) {
                    out.append('[').append(w.apply(s)).append(']');
                }
                while (it.hasNext()) {
                    append(out, it.next());
                }
            }
            return out.toString();
        });
    }

    private static Op op(String description, Function<KeyValueStore<Bytes, byte[]>, String> action) {
        return new Op() {
            @Override
            String apply(KeyValueStore<Bytes, byte[]> s) {
                return action.apply(s);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    static String drain(KeyValueIterator<Bytes, byte[]> it) {
        StringBuilder out = new StringBuilder();
        try (it) {
            while (it.hasNext()) {
                append(out, it.next());
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, KeyValue<Bytes, byte[]> entry) {
        out.append(entry.key).append('=').append(hex(entry.value)).append(' ');
    }

    static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }

    private static boolean allFf(byte[] bytes) {
        for (byte b : bytes) {
            if (b != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tophash-streams-diff");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
