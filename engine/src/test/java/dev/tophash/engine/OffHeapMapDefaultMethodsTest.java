package dev.tophash.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.tophash.engine.MapAssertions.snapshot;
import static dev.tophash.engine.MapFixture.GOLDEN;
import static dev.tophash.engine.MapFixture.LONGS;
import static dev.tophash.engine.MapFixture.SYMBOLS;
import static dev.tophash.engine.MapFixture.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code java.util.Map}'s default methods (putIfAbsent, compute*, merge, replace*, forEach...)
 * on {@link OffHeapMap}, each run on a {@link HashMap} too and the results and entries compared,
 * on every backend.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapDefaultMethodsTest {
    @TempDir
    Path dir;

    /** Twin runs every operation on a HashMap and on an OffHeapMap and compares results and entries. */
    static final class Twin<K, V> implements AutoCloseable {
        final Map<K, V> expected = new HashMap<>();
        final OffHeapMap<K, V> actual;

        Twin(OffHeapMap<K, V> actual) {
            this.actual = actual;
        }

        <R> R both(String what, Function<Map<K, V>, R> op) {
            R e = op.apply(expected);
            R a = op.apply(actual);
            assertEquals(e, a, what + " returns what HashMap returns");
            assertEquals(expected, snapshot(actual), what + " leaves the entries HashMap leaves");
            assertEquals(expected.size(), actual.size(), what + ": size");
            return a;
        }

        @Override
        public void close() {
            actual.close();
        }
    }

    private Twin<String, UUID> symbolTwin(MapBackend backend) {
        return new Twin<>(SYMBOLS.on(backend).newMap(dir));
    }

    private Twin<Long, Long> counterTwin(MapBackend backend) {
        return new Twin<>(LONGS.on(backend).newMap(dir));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void putIfAbsentAndGetOrDefaultBehaveAsForHashMap(MapBackend backend) {
        try (Twin<String, UUID> t = symbolTwin(backend)) {
            t.both("putIfAbsent of an absent key", m -> m.putIfAbsent("A", uuid(1)));
            t.both("putIfAbsent of a present key", m -> m.putIfAbsent("A", uuid(2)));
            t.both("getOrDefault of a present key", m -> m.getOrDefault("A", uuid(9)));
            t.both("getOrDefault of an absent key", m -> m.getOrDefault("B", uuid(9)));
            t.both("getOrDefault of null", m -> m.getOrDefault(null, uuid(9)));
            t.both("getOrDefault of another type", m -> m.getOrDefault(17, uuid(9)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void computeIfAbsentAndComputeIfPresentBehaveAsForHashMap(MapBackend backend) {
        try (Twin<String, UUID> t = symbolTwin(backend)) {
            t.both("computeIfAbsent of an absent key", m -> m.computeIfAbsent("A", k -> uuid(k.length())));
            t.both("computeIfAbsent of a present key", m -> m.computeIfAbsent("A", k -> fail("must not be called")));
            t.both("computeIfAbsent giving null", m -> m.computeIfAbsent("B", k -> null));
            t.both("computeIfPresent of a present key", m -> m.computeIfPresent("A", (k, v) -> uuid(5)));
            t.both("computeIfPresent of an absent key", m -> m.computeIfPresent("C", (k, v) -> fail("must not be called")));
            t.both("computeIfPresent giving null", m -> m.computeIfPresent("A", (k, v) -> null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void computeInsertsUpdatesAndRemovesAsForHashMap(MapBackend backend) {
        try (Twin<String, UUID> t = symbolTwin(backend)) {
            t.both("compute of an absent key", m -> m.compute("A", (k, v) -> v == null ? uuid(1) : uuid(2)));
            t.both("compute of a present key", m -> m.compute("A", (k, v) -> v == null ? uuid(1) : uuid(2)));
            t.both("compute of another key", m -> m.compute("B", (k, v) -> uuid(3)));
            t.both("compute giving null for a present key", m -> m.compute("A", (k, v) -> null));
            t.both("compute giving null for an absent key", m -> m.compute("Z", (k, v) -> null));
            RuntimeException boom = new RuntimeException("boom");
            assertThrows(RuntimeException.class, () -> t.actual.compute("B", (k, v) -> {
                throw boom;
            }));
            assertEquals(t.expected, snapshot(t.actual), "a throwing function changes nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void mergeCountsInsertsAndRemovesAsForHashMap(MapBackend backend) {
        try (Twin<Long, Long> t = counterTwin(backend)) {
            for (long i = 0; i < 2000; i++) {
                long key = i % 37;
                t.expected.merge(key, 1L, Long::sum);
                t.actual.merge(key, 1L, Long::sum);
            }
            assertEquals(t.expected, snapshot(t.actual));
            t.both("merge of an absent key", m -> m.merge(100L, 5L, Long::sum));
            t.both("merge of a present key", m -> m.merge(100L, 5L, Long::sum));
            t.both("merge giving null", m -> m.merge(100L, 5L, (a, b) -> null));
            assertThrows(NullPointerException.class, () -> t.expected.merge(1L, null, Long::sum));
            assertThrows(NullPointerException.class, () -> t.actual.merge(1L, null, Long::sum));
            assertEquals(t.expected, snapshot(t.actual));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void replaceAndConditionalRemoveBehaveAsForHashMap(MapBackend backend) {
        try (Twin<String, UUID> t = symbolTwin(backend)) {
            t.both("put", m -> m.put("A", uuid(1)));
            t.both("put", m -> m.put("B", uuid(2)));
            t.both("replace of a present key", m -> m.replace("A", uuid(3)));
            t.both("replace of an absent key", m -> m.replace("C", uuid(3)));
            t.both("replace with the right old value", m -> m.replace("A", uuid(3), uuid(4)));
            t.both("replace with a wrong old value", m -> m.replace("A", uuid(3), uuid(5)));
            t.both("replace of an absent key with an old value", m -> m.replace("C", uuid(3), uuid(5)));
            t.both("remove with a wrong value", m -> m.remove("B", uuid(1)));
            t.both("remove of another type", m -> m.remove(2, uuid(2)));
            t.both("remove with the right value", m -> m.remove("B", uuid(2)));
            t.both("remove of an absent key with a value", m -> m.remove("B", uuid(2)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void replaceAllRewritesEveryValueAndForEachSeesEveryEntryOnce(MapBackend backend) {
        try (Twin<Long, Long> t = counterTwin(backend)) {
            for (long i = 0; i < 1000; i++) {
                long n = i;
                t.both("put", m -> m.put(n * GOLDEN, n));
            }
            t.both("replaceAll", m -> {
                m.replaceAll((k, v) -> v * 3 + (k & 1));
                return null;
            });
            Map<Long, Long> seen = new HashMap<>();
            t.actual.forEach((k, v) -> assertNull(seen.put(k, v), "forEach returned " + k + " twice"));
            assertEquals(t.expected, seen);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void putAllFromAHashMapAndRemoveOfAbsentKeysBehaveAsForHashMap(MapBackend backend) {
        try (Twin<String, UUID> t = symbolTwin(backend)) {
            Map<String, UUID> source = new HashMap<>();
            for (int i = 0; i < 500; i++) {
                source.put("P" + i, uuid(i));
            }
            t.both("putAll", m -> {
                m.putAll(source);
                return null;
            });
            t.both("remove of a present key", m -> m.remove("P7"));
            t.both("remove of an absent key", m -> m.remove("P7"));
            t.both("containsKey", m -> m.containsKey("P8"));
            t.both("containsValue", m -> m.containsValue(uuid(8)));
            t.both("containsValue of a removed value", m -> m.containsValue(uuid(7)));
        }
    }
}
