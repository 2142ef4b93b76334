package dev.tophash.engine;

import dev.tophash.codecs.Codec;
import dev.tophash.codecs.Codecs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code java.util.Map} contract of {@link OffHeapMap}, checked against {@link HashMap} (or
 * an index model where keys or values are arrays), for several codec pairs: null handling,
 * keys and values the codecs cannot encode, float keys, views, equality, close, bad
 * configuration, failed allocations and statistics.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapTest {
    private static final long SEED = 42;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    // ------------------------------------------------------------------ fixtures

    /**
     * A codec pair with injective generators of keys and values by index, so a test can keep
     * its model as {@code Map<Integer, Integer>} (key index to value index) whatever the types.
     */
    static final class Fixture<K, V> {
        final String name;
        final Codec<K> keyCodec;
        final Codec<V> valueCodec;
        private final IntFunction<K> keys;
        private final IntFunction<V> values;
        private final Supplier<Set<K>> keySets;

        Fixture(String name, Codec<K> keyCodec, Codec<V> valueCodec, IntFunction<K> keys, IntFunction<V> values,
                Supplier<Set<K>> keySets) {
            this.name = name;
            this.keyCodec = keyCodec;
            this.valueCodec = valueCodec;
            this.keys = keys;
            this.values = values;
            this.keySets = keySets;
        }

        /** key returns a new key object for index {@code i} (a fresh array for byte[] keys). */
        K key(int i) {
            return keys.apply(i);
        }

        V value(int i) {
            return values.apply(i);
        }

        /** newKeySet is an on-heap set that compares keys as the map does (by content for arrays). */
        Set<K> newKeySet() {
            return keySets.get();
        }

        OffHeapMap<K, V> newMap() {
            return OffHeapMap.builder(keyCodec, valueCodec).seed(SEED).build();
        }

        /** filled puts key i -> value i for i in [0, n) into a new map and into {@code model}. */
        OffHeapMap<K, V> filled(int n, Map<Integer, Integer> model) {
            OffHeapMap<K, V> m = newMap();
            for (int i = 0; i < n; i++) {
                m.put(key(i), value(i));
                model.put(i, i);
            }
            return m;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Fixture<String, UUID> SYMBOLS = new Fixture<>("fixedAscii(12) -> uuid",
        Codecs.fixedAscii(12), Codecs.uuid(),
        i -> "S." + Integer.toString(i, 36).toUpperCase(Locale.ROOT), i -> new UUID(i, ~(long) i), HashSet::new);

    static final Fixture<Long, Long> LONGS = new Fixture<>("int64 -> int64",
        Codecs.int64(), Codecs.int64(), i -> i * GOLDEN, i -> -7L * i - 1, HashSet::new);

    static final Fixture<Integer, byte[]> INTS_TO_BYTES = new Fixture<>("int32 -> fixedBytes(3)",
        Codecs.int32(), Codecs.fixedBytes(3),
        i -> i * 0x9E3779B9, i -> new byte[] {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16)}, HashSet::new);

    static final Fixture<byte[], Double> BYTES_TO_DOUBLES = new Fixture<>("fixedBytes(16) -> float64",
        Codecs.fixedBytes(16), Codecs.float64(),
        i -> ByteBuffer.allocate(16).putLong(i * GOLDEN).putLong(~(long) i).array(), i -> i + 0.25,
        () -> new TreeSet<byte[]>(Arrays::compare));

    static Stream<Fixture<?, ?>> allFixtures() {
        return Stream.of(SYMBOLS, LONGS, INTS_TO_BYTES, BYTES_TO_DOUBLES);
    }

    /** The fixtures whose values have value equality (not byte[]), for the value-comparing views. */
    static Stream<Fixture<?, ?>> fixturesWithValueEquality() {
        return Stream.of(SYMBOLS, LONGS, BYTES_TO_DOUBLES);
    }

    /** norm turns arrays into comparable text so keys and values compare by content. */
    static Object norm(Object o) {
        return o instanceof byte[] ? "bytes " + HexFormat.of().formatHex((byte[]) o) : o;
    }

    static void assertSameContent(Object expected, Object actual, String message) {
        assertEquals(norm(expected), norm(actual), message);
    }

    /** snapshot iterates the map once, failing on a key returned twice, into a normalised HashMap. */
    static Map<Object, Object> snapshot(Map<?, ?> m) {
        Map<Object, Object> copy = new HashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object previous = copy.put(norm(e.getKey()), norm(e.getValue()));
            assertNull(previous, "the iteration returned key " + norm(e.getKey()) + " twice");
        }
        return copy;
    }

    /** expected is the normalised content a model of indexes stands for. */
    static <K, V> Map<Object, Object> expected(Fixture<K, V> f, Map<Integer, Integer> model) {
        Map<Object, Object> copy = new HashMap<>();
        model.forEach((k, v) -> copy.put(norm(f.key(k)), norm(f.value(v))));
        return copy;
    }

    /** assertHolds checks size, every lookup of indexes [0, range) and one full iteration. */
    static <K, V> void assertHolds(Fixture<K, V> f, Map<Integer, Integer> model, int range, OffHeapMap<K, V> m) {
        assertEquals(model.size(), m.size(), "size");
        assertEquals(model.isEmpty(), m.isEmpty(), "isEmpty");
        for (int i = 0; i < range; i++) {
            Integer v = model.get(i);
            assertEquals(v != null, m.containsKey(f.key(i)), "containsKey of key " + i);
            assertSameContent(v == null ? null : f.value(v), m.get(f.key(i)), "get of key " + i);
        }
        assertEquals(expected(f, model), snapshot(m), "the entries an iteration returns");
    }

    static UUID uuid(int i) {
        return new UUID(i * GOLDEN, i);
    }

    @Test
    void quickStartFromTheJavadocStoresAndReturnsAUuidBySymbol() {
        UUID id = UUID.randomUUID();
        try (OffHeapMap<String, UUID> bySymbol = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid()).build()) {
            assertNull(bySymbol.put("VOD.L", id));
            assertEquals(id, bySymbol.get("VOD.L"));
            assertEquals(1, bySymbol.size());
            assertNull(bySymbol.get("BARC.L"));
        }
    }

    // ------------------------------------------------------------------ basic operations

    @Nested
    @ExtendWith(NoLeaks.class)
    class BasicOperations {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void putGetRemoveAndContainsKeyAgreeWithAModelThroughSeveralGrows(Fixture<?, ?> f) {
            crud(f);
        }

        private <K, V> void crud(Fixture<K, V> f) {
            int n = 3000;
            try (OffHeapMap<K, V> m = f.newMap()) {
                Map<Integer, Integer> model = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    assertNull(m.put(f.key(i), f.value(i)), "put of new key " + i);
                    model.put(i, i);
                }
                assertTrue(m.stats().log2Buckets() >= 8, "3000 entries need at least 2^8 buckets: " + m.stats());
                for (int i = 0; i < n; i += 3) {
                    assertSameContent(f.value(i), m.put(f.key(i), f.value(n + i)), "put over key " + i);
                    model.put(i, n + i);
                }
                for (int i = 0; i < n; i += 2) {
                    assertSameContent(f.value(model.get(i)), m.remove(f.key(i)), "remove of key " + i);
                    model.remove(i);
                    assertNull(m.remove(f.key(i)), "a second remove of key " + i);
                }
                assertHolds(f, model, n + 10, m);
                TableChecker.check(m.table());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void putOverAnExistingKeyReturnsThePreviousValueAndKeepsOneEntry(Fixture<?, ?> f) {
            putOver(f);
        }

        private <K, V> void putOver(Fixture<K, V> f) {
            try (OffHeapMap<K, V> m = f.newMap()) {
                assertNull(m.put(f.key(7), f.value(1)));
                assertSameContent(f.value(1), m.put(f.key(7), f.value(2)), "first overwrite");
                assertSameContent(f.value(2), m.put(f.key(7), f.value(3)), "second overwrite");
                assertEquals(1, m.size());
                assertSameContent(f.value(3), m.get(f.key(7)), "the last value wins");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void sizeAndIsEmptyFollowInsertsAndRemoves(Fixture<?, ?> f) {
            sizes(f);
        }

        private <K, V> void sizes(Fixture<K, V> f) {
            try (OffHeapMap<K, V> m = f.newMap()) {
                assertTrue(m.isEmpty());
                assertEquals(0, m.size());
                for (int i = 0; i < 100; i++) {
                    m.put(f.key(i), f.value(i));
                    assertEquals(i + 1, m.size());
                    assertEquals(i + 1, m.longSize());
                    assertFalse(m.isEmpty());
                }
                for (int i = 0; i < 100; i++) {
                    m.remove(f.key(i));
                    assertEquals(99 - i, m.size());
                }
                assertTrue(m.isEmpty());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void clearEmptiesTheMapKeepsItsBucketsAndLeavesItUsable(Fixture<?, ?> f) {
            clearing(f);
        }

        private <K, V> void clearing(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(1000, model)) {
                int b = m.stats().log2Buckets();
                m.clear();
                model.clear();
                assertHolds(f, model, 1000, m);
                assertEquals(b, m.stats().log2Buckets(), "clear keeps B, as Go does");
                TableChecker.check(m.table());
                for (int i = 500; i < 700; i++) {
                    m.put(f.key(i), f.value(i));
                    model.put(i, i);
                }
                assertHolds(f, model, 1000, m);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void putAllCopiesEveryEntryOfAnotherMapOverwritingSharedKeys(Fixture<?, ?> f) {
            putAll(f);
        }

        private <K, V> void putAll(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(100, model); OffHeapMap<K, V> source = f.newMap()) {
                for (int i = 50; i < 300; i++) {
                    source.put(f.key(i), f.value(1000 + i));
                    model.put(i, 1000 + i);
                }
                m.putAll(source);
                assertHolds(f, model, 300, m);
                assertEquals(250, source.size(), "the source is not changed");
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#fixturesWithValueEquality")
        void containsValueFindsStoredValuesOnly(Fixture<?, ?> f) {
            containsValue(f);
        }

        private <K, V> void containsValue(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(200, model)) {
                assertTrue(m.containsValue(f.value(0)));
                assertTrue(m.containsValue(f.value(199)));
                assertFalse(m.containsValue(f.value(200)));
                assertFalse(m.containsValue(null));
                assertFalse(m.containsValue("not a value of this map"));
                m.remove(f.key(199));
                assertFalse(m.containsValue(f.value(199)));
            }
        }
    }

    // ------------------------------------------------------------------ Map's default methods

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

    static Twin<String, UUID> symbolTwin() {
        return new Twin<>(OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid()).seed(SEED).build());
    }

    static Twin<Long, Long> counterTwin() {
        return new Twin<>(OffHeapMap.builder(Codecs.int64(), Codecs.int64()).seed(SEED).build());
    }

    @Nested
    @ExtendWith(NoLeaks.class)
    class DefaultMethods {

        @Test
        void putIfAbsentAndGetOrDefaultBehaveAsForHashMap() {
            try (Twin<String, UUID> t = symbolTwin()) {
                t.both("putIfAbsent of an absent key", m -> m.putIfAbsent("A", uuid(1)));
                t.both("putIfAbsent of a present key", m -> m.putIfAbsent("A", uuid(2)));
                t.both("getOrDefault of a present key", m -> m.getOrDefault("A", uuid(9)));
                t.both("getOrDefault of an absent key", m -> m.getOrDefault("B", uuid(9)));
                t.both("getOrDefault of null", m -> m.getOrDefault(null, uuid(9)));
                t.both("getOrDefault of another type", m -> m.getOrDefault(17, uuid(9)));
            }
        }

        @Test
        void computeIfAbsentAndComputeIfPresentBehaveAsForHashMap() {
            try (Twin<String, UUID> t = symbolTwin()) {
                t.both("computeIfAbsent of an absent key", m -> m.computeIfAbsent("A", k -> uuid(k.length())));
                t.both("computeIfAbsent of a present key", m -> m.computeIfAbsent("A", k -> fail("must not be called")));
                t.both("computeIfAbsent giving null", m -> m.computeIfAbsent("B", k -> null));
                t.both("computeIfPresent of a present key", m -> m.computeIfPresent("A", (k, v) -> uuid(5)));
                t.both("computeIfPresent of an absent key", m -> m.computeIfPresent("C", (k, v) -> fail("must not be called")));
                t.both("computeIfPresent giving null", m -> m.computeIfPresent("A", (k, v) -> null));
            }
        }

        @Test
        void computeInsertsUpdatesAndRemovesAsForHashMap() {
            try (Twin<String, UUID> t = symbolTwin()) {
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

        @Test
        void mergeCountsInsertsAndRemovesAsForHashMap() {
            try (Twin<Long, Long> t = counterTwin()) {
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

        @Test
        void replaceAndConditionalRemoveBehaveAsForHashMap() {
            try (Twin<String, UUID> t = symbolTwin()) {
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

        @Test
        void replaceAllRewritesEveryValueAndForEachSeesEveryEntryOnce() {
            try (Twin<Long, Long> t = counterTwin()) {
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

        @Test
        void putAllFromAHashMapAndRemoveOfAbsentKeysBehaveAsForHashMap() {
            try (Twin<String, UUID> t = symbolTwin()) {
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

    // ------------------------------------------------------------------ views

    @Nested
    @ExtendWith(NoLeaks.class)
    class Views {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#fixturesWithValueEquality")
        void keySetValuesAndEntrySetAreLiveInBothDirections(Fixture<?, ?> f) {
            live(f);
        }

        private <K, V> void live(Fixture<K, V> f) {
            try (OffHeapMap<K, V> m = f.newMap()) {
                Set<K> keys = m.keySet();
                Collection<V> values = m.values();
                Set<Map.Entry<K, V>> entries = m.entrySet();
                assertTrue(keys.isEmpty());
                assertTrue(values.isEmpty());
                assertTrue(entries.isEmpty());

                m.put(f.key(1), f.value(1));
                m.put(f.key(2), f.value(2));
                assertEquals(2, keys.size());
                assertEquals(2, values.size());
                assertEquals(2, entries.size());
                assertTrue(keys.contains(f.key(1)));
                assertFalse(keys.contains(f.key(3)));
                assertTrue(values.contains(f.value(2)));
                assertFalse(values.contains(f.value(3)));
                assertTrue(entries.contains(Map.entry(f.key(1), f.value(1))));

                m.put(f.key(1), f.value(11));
                assertTrue(values.contains(f.value(11)), "an overwrite shows in values()");
                assertFalse(values.contains(f.value(1)));
                assertFalse(entries.contains(Map.entry(f.key(1), f.value(1))));
                assertTrue(entries.contains(Map.entry(f.key(1), f.value(11))));

                assertTrue(keys.remove(f.key(1)));
                assertFalse(m.containsKey(f.key(1)), "a removal through keySet() shows in the map");
                assertEquals(1, m.size());
                assertEquals(1, values.size());
                assertTrue(values.remove(f.value(2)));
                assertTrue(m.isEmpty(), "a removal through values() shows in the map");
                assertTrue(entries.isEmpty());
                assertEquals(0, keys.size());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void everyIteratorReturnsEachEntryOnceThenThrowsNoSuchElement(Fixture<?, ?> f) {
            iterateAll(f);
        }

        private <K, V> void iterateAll(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(700, model)) {
                Map<Object, Object> expected = expected(f, model);

                Set<Object> keys = new HashSet<>();
                Iterator<K> ki = m.keySet().iterator();
                while (ki.hasNext()) {
                    assertTrue(keys.add(norm(ki.next())), "keySet returned a key twice");
                }
                assertEquals(expected.keySet(), keys);
                assertFalse(ki.hasNext());
                assertThrows(NoSuchElementException.class, ki::next);

                List<Object> values = new ArrayList<>();
                Iterator<V> vi = m.values().iterator();
                while (vi.hasNext()) {
                    values.add(norm(vi.next()));
                }
                assertEquals(700, values.size());
                assertEquals(new HashSet<>(expected.values()), new HashSet<>(values));
                assertThrows(NoSuchElementException.class, vi::next);

                Iterator<Map.Entry<K, V>> ei = m.entrySet().iterator();
                Map<Object, Object> entries = new HashMap<>();
                for (int i = 0; i < 700; i++) {
                    Map.Entry<K, V> e = ei.next(); // next() without hasNext() also works
                    assertNull(entries.put(norm(e.getKey()), norm(e.getValue())), "entrySet returned a key twice");
                }
                assertEquals(expected, entries);
                assertFalse(ei.hasNext());
                assertThrows(NoSuchElementException.class, ei::next);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void iteratorsOfAnEmptyMapHaveNoNextAndThrowNoSuchElement(Fixture<?, ?> f) {
            emptyIterators(f);
        }

        private <K, V> void emptyIterators(Fixture<K, V> f) {
            try (OffHeapMap<K, V> m = f.newMap()) {
                Iterator<K> ki = m.keySet().iterator();
                Iterator<V> vi = m.values().iterator();
                Iterator<Map.Entry<K, V>> ei = m.entrySet().iterator();
                assertFalse(ki.hasNext());
                assertFalse(vi.hasNext());
                assertFalse(ei.hasNext());
                assertThrows(NoSuchElementException.class, ki::next);
                assertThrows(NoSuchElementException.class, vi::next);
                assertThrows(NoSuchElementException.class, ei::next);
                assertThrows(IllegalStateException.class, ki::remove);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void iteratorRemoveDeletesTheLastReturnedEntryAndRefusesWithoutNextOrTwice(Fixture<?, ?> f) {
            iteratorRemove(f);
        }

        private <K, V> void iteratorRemove(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(50, model)) {
                List<Iterator<?>> iterators = List.of(m.keySet().iterator(), m.values().iterator(), m.entrySet().iterator());
                int size = 50;
                for (Iterator<?> it : iterators) {
                    assertThrows(IllegalStateException.class, it::remove, "remove before next");
                    assertEquals(size, m.size(), "a refused remove changes nothing");
                    it.next();
                    it.remove();
                    size--;
                    assertEquals(size, m.size());
                    assertThrows(IllegalStateException.class, it::remove, "remove twice");
                    assertEquals(size, m.size(), "a refused remove changes nothing");
                    it.next();
                    it.remove();
                    size--;
                    assertEquals(size, m.size(), "remove works again after next");
                }
                Iterator<Map.Entry<K, V>> ei = m.entrySet().iterator();
                Map.Entry<K, V> e = ei.next();
                ei.remove();
                assertFalse(m.containsKey(e.getKey()), "the removed entry is the one next() returned");
                assertEquals(size - 1, m.size());
                TableChecker.check(m.table());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void removingEveryEntryThroughAnIteratorDuringAGrowEmptiesTheMap(Fixture<?, ?> f) {
            drainDuringGrow(f);
        }

        private <K, V> void drainDuringGrow(Fixture<K, V> f) {
            try (OffHeapMap<K, V> m = f.newMap()) {
                Map<Integer, Integer> model = new HashMap<>();
                int i = 0;
                while (i < 100 || !m.stats().growing()) {
                    m.put(f.key(i), f.value(i));
                    model.put(i, i);
                    i++;
                }
                assertTrue(m.stats().growing());
                Map<Object, Object> expected = expected(f, model);
                Map<Object, Object> seen = new HashMap<>();
                for (Iterator<Map.Entry<K, V>> it = m.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<K, V> e = it.next();
                    assertNull(seen.put(norm(e.getKey()), norm(e.getValue())), "returned twice: " + norm(e.getKey()));
                    it.remove();
                    TableChecker.check(m.table());
                }
                assertEquals(expected, seen, "every entry present throughout is returned once");
                assertTrue(m.isEmpty());
                assertEquals(0, TableChecker.check(m.table()));
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void entrySetValueWritesThroughAndReturnsTheOldValue(Fixture<?, ?> f) {
            setValue(f);
        }

        private <K, V> void setValue(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(300, model)) {
                Map<Object, Integer> indexOfKey = new HashMap<>();
                for (int i = 0; i < 300; i++) {
                    indexOfKey.put(norm(f.key(i)), i);
                }
                for (Map.Entry<K, V> e : m.entrySet()) {
                    int i = indexOfKey.get(norm(e.getKey()));
                    assertSameContent(f.value(i), e.setValue(f.value(5000 + i)), "setValue returns the old value");
                    assertSameContent(f.value(5000 + i), e.getValue(), "the entry shows the new value");
                    model.put(i, 5000 + i);
                }
                assertHolds(f, model, 300, m);
                assertThrows(NullPointerException.class, () -> m.entrySet().iterator().next().setValue(null));
                assertHolds(f, model, 300, m);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#fixturesWithValueEquality")
        void removeThroughEachViewRemovesOnlyWhatMatches(Fixture<?, ?> f) {
            viewRemove(f);
        }

        private <K, V> void viewRemove(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(20, model)) {
                assertTrue(m.keySet().remove(f.key(0)));
                model.remove(0);
                assertFalse(m.keySet().remove(f.key(0)), "a second removal finds nothing");
                assertFalse(m.keySet().remove(null));
                assertFalse(m.keySet().remove("wrong type"));

                assertTrue(m.values().remove(f.value(1)));
                model.remove(1);
                assertFalse(m.values().remove(f.value(1)));

                assertFalse(m.entrySet().remove(Map.entry(f.key(2), f.value(3))), "same key, other value");
                assertTrue(m.containsKey(f.key(2)));
                assertTrue(m.entrySet().remove(Map.entry(f.key(2), f.value(2))));
                model.remove(2);
                assertFalse(m.entrySet().remove("not an entry"));

                m.put(f.key(3), f.value(4)); // now keys 3 and 4 share a value: values().remove takes one
                model.put(3, 4);
                assertTrue(m.values().remove(f.value(4)));
                assertTrue(m.containsKey(f.key(3)) ^ m.containsKey(f.key(4)), "exactly one of the two is removed");
                model.remove(m.containsKey(f.key(3)) ? 4 : 3);
                assertHolds(f, model, 20, m);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void retainAllAndRemoveAllOnTheKeySetChangeTheMap(Fixture<?, ?> f) {
            keySetBulk(f);
        }

        private <K, V> void keySetBulk(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(200, model)) {
                Set<K> keep = f.newKeySet();
                for (int i = 0; i < 300; i += 2) {
                    keep.add(f.key(i)); // half of them are not in the map
                }
                assertTrue(m.keySet().retainAll(keep));
                model.keySet().removeIf(i -> i % 2 != 0);
                assertHolds(f, model, 300, m);
                assertFalse(m.keySet().retainAll(keep), "nothing left to remove");

                Set<K> few = f.newKeySet(); // smaller than the map: removeAll walks the argument
                few.add(f.key(0));
                few.add(f.key(2));
                few.add(f.key(1)); // absent
                assertTrue(m.keySet().removeAll(few));
                model.remove(0);
                model.remove(2);
                assertHolds(f, model, 300, m);

                Set<K> many = f.newKeySet(); // larger than the map: removeAll walks the map
                for (int i = 4; i < 1000; i += 4) {
                    many.add(f.key(i));
                }
                assertTrue(m.keySet().removeAll(many));
                model.keySet().removeIf(i -> i % 4 == 0);
                assertHolds(f, model, 300, m);
                assertFalse(m.keySet().removeAll(many));
                TableChecker.check(m.table());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#fixturesWithValueEquality")
        void retainAllAndRemoveAllOnValuesAndEntriesChangeTheMap(Fixture<?, ?> f) {
            valueAndEntryBulk(f);
        }

        private <K, V> void valueAndEntryBulk(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(120, model); OffHeapMap<K, V> other = f.newMap()) {
                List<V> values = new ArrayList<>();
                for (int i = 0; i < 120; i += 3) {
                    values.add(f.value(i));
                }
                assertTrue(m.values().removeAll(values));
                model.keySet().removeIf(i -> i % 3 == 0);
                assertHolds(f, model, 120, m);

                List<V> kept = new ArrayList<>();
                for (int i = 0; i < 120; i += 2) {
                    kept.add(f.value(i));
                }
                assertTrue(m.values().retainAll(kept));
                model.keySet().removeIf(i -> i % 2 != 0);
                assertHolds(f, model, 120, m);

                // other holds some entries of m, and some of m's keys with other values
                for (int i = 0; i < 120; i += 4) {
                    other.put(f.key(i), f.value(i));
                    other.put(f.key(i + 2), f.value(999));
                }
                assertTrue(m.entrySet().removeAll(other.entrySet()));
                model.keySet().removeIf(i -> i % 4 == 0);
                assertHolds(f, model, 120, m);

                other.clear();
                other.put(f.key(10), f.value(10));
                other.put(f.key(14), f.value(999));
                assertTrue(m.entrySet().retainAll(other.entrySet()));
                model.keySet().removeIf(i -> i != 10);
                assertHolds(f, model, 120, m);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.tophash.engine.OffHeapMapTest#allFixtures")
        void clearingAnyViewClearsTheMap(Fixture<?, ?> f) {
            viewClear(f);
        }

        private <K, V> void viewClear(Fixture<K, V> f) {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<K, V> m = f.filled(30, model)) {
                m.keySet().clear();
                assertTrue(m.isEmpty());
                m.put(f.key(1), f.value(1));
                m.values().clear();
                assertTrue(m.isEmpty());
                m.put(f.key(1), f.value(1));
                m.entrySet().clear();
                assertTrue(m.isEmpty());
                assertFalse(m.entrySet().iterator().hasNext());
            }
        }

        @Test
        void anIterationEndsWhenTheMapIsCleared() {
            Map<Integer, Integer> model = new HashMap<>();
            try (OffHeapMap<Long, Long> m = LONGS.filled(100, model)) {
                Iterator<Long> it = m.keySet().iterator();
                it.next();
                m.clear();
                m.put(1L, 1L);
                assertFalse(it.hasNext());
                assertThrows(NoSuchElementException.class, it::next);
            }
        }
    }

    // ------------------------------------------------------------------ equality and text

    @Nested
    @ExtendWith(NoLeaks.class)
    class EqualityAndText {

        @Test
        void equalsAndHashCodeAgreeWithAHashMapOfTheSameEntriesInBothDirections() {
            try (OffHeapMap<String, UUID> m = SYMBOLS.newMap()) {
                Map<String, UUID> h = new HashMap<>();
                assertEquals(h, m);
                assertEquals(m, h);
                assertEquals(h.hashCode(), m.hashCode());
                for (int i = 0; i < 500; i++) {
                    m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                    h.put(SYMBOLS.key(i), SYMBOLS.value(i));
                }
                assertTrue(m.equals(h));
                assertTrue(h.equals(m));
                assertEquals(h.hashCode(), m.hashCode());
                assertEquals(h.keySet(), m.keySet());
                assertEquals(m.keySet(), h.keySet());
                assertEquals(h.entrySet(), m.entrySet());
                assertEquals(m.entrySet(), h.entrySet());
                assertEquals(h.keySet().hashCode(), m.keySet().hashCode());
                assertEquals(h.entrySet().hashCode(), m.entrySet().hashCode());
                assertTrue(m.equals(m));
                assertFalse(m.equals(null));
                assertFalse(m.equals("a string"));
            }
        }

        @Test
        void mapsThatDifferInOneValueOrOneKeyAreNotEqualInEitherDirection() {
            try (OffHeapMap<Long, Long> m = LONGS.newMap()) {
                Map<Long, Long> h = new HashMap<>();
                for (int i = 0; i < 100; i++) {
                    m.put(LONGS.key(i), LONGS.value(i));
                    h.put(LONGS.key(i), LONGS.value(i));
                }
                assertEquals(h, m);
                h.put(LONGS.key(5), 12345L);
                assertNotEquals(h, m);
                assertNotEquals(m, h);
                h.put(LONGS.key(5), LONGS.value(5));
                h.remove(LONGS.key(6));
                h.put(-1L, LONGS.value(6)); // same size, one other key
                assertNotEquals(h, m);
                assertNotEquals(m, h);
                h.remove(-1L);
                assertNotEquals(h, m, "one entry fewer");
                assertNotEquals(m, h, "one entry more");
            }
        }

        @Test
        void toStringListsTheSameEntriesAsAHashMap() {
            try (OffHeapMap<String, UUID> m = SYMBOLS.newMap()) {
                assertEquals("{}", m.toString());
                UUID id = uuid(1);
                m.put("VOD.L", id);
                assertEquals("{VOD.L=" + id + "}", m.toString());
                Map<String, UUID> h = new HashMap<>();
                h.put("VOD.L", id);
                for (int i = 0; i < 40; i++) {
                    m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                    h.put(SYMBOLS.key(i), SYMBOLS.value(i));
                }
                assertEquals(entriesIn(h.toString()), entriesIn(m.toString()), "same entries, in another order");
                assertEquals(h.toString().length(), m.toString().length());
            }
        }

        private Set<String> entriesIn(String text) {
            assertTrue(text.startsWith("{") && text.endsWith("}"), text);
            return new HashSet<>(Arrays.asList(text.substring(1, text.length() - 1).split(", ")));
        }

        @Test
        void anOffHeapMapEqualsALongLongMapViewWithTheSameEntries() {
            try (OffHeapMap<Long, Long> m = LONGS.newMap(); LongLongMap p = LongLongMap.builder().seed(7).build()) {
                for (int i = 0; i < 1000; i++) {
                    m.put(LONGS.key(i), LONGS.value(i));
                    p.put(LONGS.key(i), LONGS.value(i));
                }
                Map<Long, Long> view = p.asMap();
                assertTrue(m.equals(view));
                assertTrue(view.equals(m));
                assertEquals(view.hashCode(), m.hashCode());
                p.put(LONGS.key(3), 0);
                assertFalse(m.equals(view));
                assertFalse(view.equals(m));
            }
        }
    }

    // ------------------------------------------------------------------ keys, nulls, rejections

    @Nested
    @ExtendWith(NoLeaks.class)
    class KeysNullsAndRejections {

        @Test
        void byteArrayKeysAreFoundByContentNotByIdentity() {
            try (OffHeapMap<byte[], Double> m = OffHeapMap.builder(Codecs.fixedBytes(16), Codecs.float64()).build()) {
                byte[] key = new byte[16];
                key[3] = 7;
                m.put(key, 1.5);
                byte[] same = new byte[16];
                same[3] = 7;
                assertEquals(1.5, m.get(same));
                assertTrue(m.containsKey(same));
                assertTrue(m.keySet().contains(same.clone()));
                assertEquals(1.5, m.put(same.clone(), 2.5), "a put with an equal array overwrites");
                assertEquals(1, m.size());
                same[3] = 8;
                assertNull(m.get(same));
                key[3] = 8; // the map copied the key: changing the caller's array changes nothing
                assertNull(m.get(key));
                byte[] stored = m.keySet().iterator().next();
                assertEquals(7, stored[3]);
                stored[3] = 9; // nor does changing an array the map handed out
                assertEquals(2.5, m.remove(new byte[] {0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
                assertTrue(m.isEmpty());
            }
        }

        @Test
        void putOfANullKeyThrowsAndChangesNothing() {
            try (OffHeapMap<String, UUID> m = SYMBOLS.newMap()) {
                m.put("A", uuid(1));
                assertThrows(NullPointerException.class, () -> m.put(null, uuid(2)));
                assertEquals(Map.of("A", uuid(1)), snapshot(m));
                assertFalse(m.containsKey(null));
            }
        }

        @Test
        void putOfANullValueThrowsAndChangesNothing() {
            try (OffHeapMap<String, UUID> m = SYMBOLS.newMap()) {
                m.put("A", uuid(1));
                assertThrows(NullPointerException.class, () -> m.put("B", null));
                assertThrows(NullPointerException.class, () -> m.put("A", null));
                assertEquals(Map.of("A", uuid(1)), snapshot(m), "neither inserted nor overwritten");
            }
        }

        @Test
        void lookupsAndRemovesOfNullAnswerAbsent() {
            try (OffHeapMap<Long, Long> m = LONGS.newMap()) {
                m.put(0L, 0L);
                assertNull(m.get(null));
                assertFalse(m.containsKey(null));
                assertNull(m.remove(null));
                assertFalse(m.keySet().contains(null));
                assertFalse(m.containsValue(null));
                assertEquals(5L, m.getOrDefault(null, 5L));
                assertEquals(1, m.size());
            }
        }

        @Test
        void lookupsOfAnotherTypeAnswerAbsentWithoutAClassCastException() {
            try (OffHeapMap<String, UUID> m = SYMBOLS.newMap(); OffHeapMap<Long, Long> longs = LONGS.newMap()) {
                m.put("1", uuid(1));
                assertNull(m.get(1));
                assertFalse(m.containsKey(1));
                assertNull(m.remove(1));
                assertFalse(m.keySet().contains(1));
                assertFalse(m.entrySet().contains(Map.entry(1, uuid(1))));
                assertEquals(1, m.size());
                longs.put(1L, 1L);
                assertNull(longs.get(1), "an Integer is not a Long key, as in HashMap");
                assertFalse(longs.containsKey("1"));
                assertNull(longs.remove(1));
                assertEquals(1, longs.size());
            }
        }

        @Test
        void stringsTheCodecCannotEncodeAreAbsentAndPutRejectsThemWithoutAChange() {
            try (OffHeapMap<String, UUID> m = SYMBOLS.newMap()) {
                for (int i = 0; i < 30; i++) {
                    m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                }
                Map<Object, Object> before = snapshot(m);
                for (String bad : List.of("THIRTEEN.CHRS", "ABCDEFGHIJKL" + "M", "CAF\u00c9", "\u20ac", "A\0B", "\0")) {
                    assertNull(m.get(bad), bad);
                    assertFalse(m.containsKey(bad), bad);
                    assertNull(m.remove(bad), bad);
                    assertFalse(m.keySet().remove(bad), bad);
                    assertThrows(IllegalArgumentException.class, () -> m.put(bad, uuid(99)), bad);
                    assertThrows(IllegalArgumentException.class, () -> m.putIfAbsent(bad, uuid(99)), bad);
                    assertEquals(30, m.size(), bad);
                    assertEquals(before, snapshot(m), bad);
                }
                assertNull(m.put("ABCDEFGHIJKL", uuid(12)), "twelve characters do fit");
                assertEquals(uuid(12), m.get("ABCDEFGHIJKL"));
                TableChecker.check(m.table());
            }
        }

        @Test
        void arraysOfTheWrongLengthAreAbsentAndPutRejectsThemWithoutAChange() {
            try (OffHeapMap<byte[], Double> m = BYTES_TO_DOUBLES.newMap()) {
                for (int i = 0; i < 30; i++) {
                    m.put(BYTES_TO_DOUBLES.key(i), BYTES_TO_DOUBLES.value(i));
                }
                Map<Object, Object> before = snapshot(m);
                byte[] prefix = Arrays.copyOf(BYTES_TO_DOUBLES.key(3), 15);
                byte[] longer = Arrays.copyOf(BYTES_TO_DOUBLES.key(3), 17);
                for (byte[] bad : List.of(prefix, longer, new byte[0])) {
                    String what = bad.length + " bytes";
                    assertNull(m.get(bad), what);
                    assertFalse(m.containsKey(bad), what);
                    assertNull(m.remove(bad), what);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.put(bad, 1.0), what);
                    assertNamesNumber(e.getMessage(), bad.length);
                    assertEquals(before, snapshot(m), what);
                }
            }
        }

        @Test
        void aValueTheCodecCannotEncodeIsRejectedWithoutInsertingOrOverwriting() {
            try (OffHeapMap<Integer, byte[]> m = INTS_TO_BYTES.newMap()) {
                m.put(1, new byte[] {1, 2, 3});
                assertThrows(IllegalArgumentException.class, () -> m.put(2, new byte[] {1, 2}));
                assertFalse(m.containsKey(2), "the key is not inserted");
                assertThrows(IllegalArgumentException.class, () -> m.put(1, new byte[] {1, 2, 3, 4}));
                assertArrayEquals(new byte[] {1, 2, 3}, m.get(1), "the old value stays");
                assertEquals(1, m.size());
            }
            try (OffHeapMap<Long, String> m = OffHeapMap.builder(Codecs.int64(), Codecs.fixedAscii(4)).build()) {
                m.put(1L, "ABCD");
                assertThrows(IllegalArgumentException.class, () -> m.put(2L, "ABCDE"));
                assertThrows(IllegalArgumentException.class, () -> m.put(1L, "\u00c4BC"));
                assertThrows(IllegalArgumentException.class, () -> m.replace(1L, "TOO LONG"));
                assertThrows(IllegalArgumentException.class, () -> m.entrySet().iterator().next().setValue("TOO LONG"));
                assertEquals(Map.of(1L, "ABCD"), snapshot(m));
                TableChecker.check(m.table());
            }
        }

        @Test
        void plusZeroAndMinusZeroAreDistinctKeysAsDoubleEqualsSays() {
            try (OffHeapMap<Double, Long> m = OffHeapMap.builder(Codecs.float64(), Codecs.int64()).build()) {
                m.put(0.0, 1L);
                assertNull(m.get(-0.0));
                assertFalse(m.containsKey(-0.0));
                m.put(-0.0, 2L);
                assertEquals(2, m.size());
                assertEquals(1L, m.get(0.0));
                assertEquals(2L, m.get(-0.0));
                Map<Double, Long> h = new HashMap<>(Map.of(0.0, 1L, -0.0, 2L));
                assertEquals(h, m);
                assertEquals(m, h);
                Set<Long> negativeZeroBits = new HashSet<>();
                for (double k : m.keySet()) {
                    negativeZeroBits.add(Double.doubleToRawLongBits(k));
                }
                assertEquals(Set.of(0L, Long.MIN_VALUE), negativeZeroBits, "both zeros read back with their sign");
                assertEquals(2L, m.remove(-0.0));
                assertEquals(Map.of(0.0, 1L), snapshot(m));
            }
        }

        @Test
        void everyNaNIsOneKeyAsDoubleEqualsSays() {
            double otherNaN = Double.longBitsToDouble(0x7ff8000000000001L);
            assertTrue(Double.isNaN(otherNaN));
            try (OffHeapMap<Double, Long> m = OffHeapMap.builder(Codecs.float64(), Codecs.int64()).build()) {
                m.put(Double.NaN, 1L);
                assertEquals(1L, m.get(otherNaN));
                assertTrue(m.containsKey(otherNaN));
                assertEquals(1L, m.put(otherNaN, 2L));
                assertEquals(1, m.size());
                assertEquals(2L, m.get(Double.NaN));
                assertEquals(2L, m.get(Double.longBitsToDouble(0xfff0000000000abcL)), "a negative NaN too");
                Map<Double, Long> h = new HashMap<>();
                h.put(Double.NaN, 2L);
                assertEquals(h, m);
                assertEquals(m, h);
                assertEquals(2L, m.remove(otherNaN));
                assertTrue(m.isEmpty());
            }
        }

        @Test
        void intKeysOfEveryShapeRoundTripAsForHashMap() {
            int[] keys = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x80808080, 0x7f7f7f7f, 1 << 16};
            try (OffHeapMap<Integer, byte[]> m = INTS_TO_BYTES.newMap()) {
                for (int k : keys) {
                    m.put(k, new byte[] {(byte) k, (byte) (k >> 8), (byte) (k >> 24)});
                }
                assertEquals(keys.length, m.size());
                for (int k : keys) {
                    assertArrayEquals(new byte[] {(byte) k, (byte) (k >> 8), (byte) (k >> 24)}, m.get(k), "key " + k);
                }
                Set<Integer> seen = new HashSet<>(m.keySet());
                assertEquals(keys.length, seen.size());
                for (int k : keys) {
                    assertTrue(seen.contains(k), "iteration returns " + k);
                }
            }
        }
    }

    // ------------------------------------------------------------------ close

    @Nested
    @ExtendWith(NoLeaks.class)
    class Closing {

        @Test
        void everyMapMethodThrowsIllegalStateAfterClose() {
            OffHeapMap<String, UUID> m = SYMBOLS.newMap();
            m.put("A", uuid(1));
            m.close();
            Map<String, UUID> other = Map.of("A", uuid(1));
            assertThrows(IllegalStateException.class, () -> m.get("A"));
            assertThrows(IllegalStateException.class, () -> m.containsKey("A"));
            assertThrows(IllegalStateException.class, () -> m.containsValue(uuid(1)));
            assertThrows(IllegalStateException.class, () -> m.put("A", uuid(2)));
            assertThrows(IllegalStateException.class, () -> m.put("B", uuid(2)));
            assertThrows(IllegalStateException.class, () -> m.remove("A"));
            assertThrows(IllegalStateException.class, () -> m.remove("A", uuid(1)));
            assertThrows(IllegalStateException.class, m::size);
            assertThrows(IllegalStateException.class, m::longSize);
            assertThrows(IllegalStateException.class, m::isEmpty);
            assertThrows(IllegalStateException.class, m::clear);
            assertThrows(IllegalStateException.class, () -> m.putAll(other));
            assertThrows(IllegalStateException.class, () -> m.putIfAbsent("B", uuid(2)));
            assertThrows(IllegalStateException.class, () -> m.getOrDefault("A", uuid(3)));
            assertThrows(IllegalStateException.class, () -> m.compute("A", (k, v) -> uuid(3)));
            assertThrows(IllegalStateException.class, () -> m.computeIfAbsent("B", k -> uuid(3)));
            assertThrows(IllegalStateException.class, () -> m.computeIfPresent("A", (k, v) -> uuid(3)));
            assertThrows(IllegalStateException.class, () -> m.merge("A", uuid(3), (a, b) -> b));
            assertThrows(IllegalStateException.class, () -> m.replace("A", uuid(3)));
            assertThrows(IllegalStateException.class, () -> m.replace("A", uuid(1), uuid(3)));
            assertThrows(IllegalStateException.class, () -> m.replaceAll((k, v) -> v));
            assertThrows(IllegalStateException.class, () -> m.forEach((k, v) -> { }));
            assertThrows(IllegalStateException.class, m::stats);
            assertThrows(IllegalStateException.class, m::hashCode);
            assertThrows(IllegalStateException.class, m::toString);
            assertThrows(IllegalStateException.class, () -> m.equals(other));
            assertThrows(IllegalStateException.class, () -> m.keySet().size());
            assertThrows(IllegalStateException.class, () -> m.keySet().iterator().hasNext());
            assertThrows(IllegalStateException.class, () -> m.values().contains(uuid(1)));
            assertThrows(IllegalStateException.class, () -> m.entrySet().iterator().next());
        }

        @Test
        void viewsAndIteratorsMadeBeforeCloseThrowIllegalStateAfterIt() {
            OffHeapMap<String, UUID> m = SYMBOLS.newMap();
            for (int i = 0; i < 100; i++) {
                m.put(SYMBOLS.key(i), SYMBOLS.value(i));
            }
            Set<String> keys = m.keySet();
            Collection<UUID> values = m.values();
            Set<Map.Entry<String, UUID>> entries = m.entrySet();
            Iterator<String> fresh = keys.iterator();
            Iterator<UUID> started = values.iterator();
            started.next();
            Iterator<Map.Entry<String, UUID>> entryIterator = entries.iterator();
            Map.Entry<String, UUID> entry = entryIterator.next();
            m.close();

            assertThrows(IllegalStateException.class, keys::size);
            assertThrows(IllegalStateException.class, keys::isEmpty);
            assertThrows(IllegalStateException.class, () -> keys.contains("S.1"));
            assertThrows(IllegalStateException.class, () -> keys.remove("S.1"));
            assertThrows(IllegalStateException.class, keys::clear);
            assertThrows(IllegalStateException.class, keys::iterator);
            assertThrows(IllegalStateException.class, values::size);
            assertThrows(IllegalStateException.class, () -> values.contains(uuid(1)));
            assertThrows(IllegalStateException.class, values::iterator);
            assertThrows(IllegalStateException.class, values::clear);
            assertThrows(IllegalStateException.class, entries::size);
            assertThrows(IllegalStateException.class, () -> entries.contains(entry));
            assertThrows(IllegalStateException.class, () -> entries.remove(entry));
            assertThrows(IllegalStateException.class, entries::iterator);
            assertThrows(IllegalStateException.class, fresh::hasNext);
            assertThrows(IllegalStateException.class, fresh::next);
            assertThrows(IllegalStateException.class, started::hasNext);
            assertThrows(IllegalStateException.class, started::next);
            assertThrows(IllegalStateException.class, started::remove);
            assertThrows(IllegalStateException.class, entryIterator::remove);
            assertThrows(IllegalStateException.class, () -> entry.setValue(uuid(5)));
        }

        @Test
        void anIteratorThatHasAlreadyLookedAheadStillThrowsAfterClose() {
            OffHeapMap<String, UUID> m = SYMBOLS.newMap();
            m.put("A", uuid(1));
            m.put("B", uuid(2));
            Iterator<Map.Entry<String, UUID>> it = m.entrySet().iterator();
            assertTrue(it.hasNext()); // decodes the next entry ahead of next()
            m.close();
            assertThrows(IllegalStateException.class, it::next, "next() after close must not return an entry");
        }

        @Test
        void closeFreesEveryByteAndClosingTwiceIsHarmless() {
            long start = OffHeapMemory.allocatedBytes();
            OffHeapMap<byte[], Double> m = BYTES_TO_DOUBLES.newMap();
            for (int i = 0; i < 5000; i++) {
                m.put(BYTES_TO_DOUBLES.key(i), BYTES_TO_DOUBLES.value(i));
            }
            Iterator<byte[]> abandoned = m.keySet().iterator(); // pins the generation it started on
            abandoned.next();
            for (int i = 5000; i < 20000; i++) {
                m.put(BYTES_TO_DOUBLES.key(i), BYTES_TO_DOUBLES.value(i));
            }
            assertTrue(OffHeapMemory.allocatedBytes() > start);
            assertEquals(OffHeapMemory.allocatedBytes() - start, m.stats().offHeapBytes(),
                "stats count every byte the map holds, a pinned generation included");
            m.close();
            assertEquals(start, OffHeapMemory.allocatedBytes());
            m.close();
            assertEquals(start, OffHeapMemory.allocatedBytes());
            assertThrows(IllegalStateException.class, abandoned::hasNext);
        }
    }

    // ------------------------------------------------------------------ configuration

    /** A codec that declares any width, for configuration tests; never asked to encode. */
    static final class WidthCodec implements Codec<Long> {
        private final int width;

        WidthCodec(int width) {
            this.width = width;
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public String name() {
            return "width" + width;
        }

        @Override
        public Class<Long> type() {
            return Long.class;
        }

        @Override
        public void write(long address, Long value) {
            UnsafeApi.setMemory(address, width, (byte) 0);
            UnsafeApi.putLong(address, value);
        }

        @Override
        public Long read(long address) {
            return UnsafeApi.getLong(address);
        }
    }

    static void assertNamesNumber(String message, long number) {
        assertTrue(Pattern.compile("(?<![\\d-])" + Pattern.quote(Long.toString(number)) + "(?!\\d)").matcher(message).find(),
            "the message names " + number + ": " + message);
    }

    @Nested
    @ExtendWith(NoLeaks.class)
    class Configuration {

        @Test
        void codecsOfWidthZeroAreRejectedNamingTheWidthAndTheLimit() {
            for (int width : new int[] {0, -8}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OffHeapMap.builder(new WidthCodec(width), Codecs.int64()).build());
                assertNamesNumber(e.getMessage(), width);
                assertNamesNumber(e.getMessage(), Codec.MAX_WIDTH);
                e = assertThrows(IllegalArgumentException.class,
                    () -> OffHeapMap.builder(Codecs.int64(), new WidthCodec(width)).build());
                assertNamesNumber(e.getMessage(), width);
                assertNamesNumber(e.getMessage(), Codec.MAX_WIDTH);
            }
        }

        @Test
        void codecsWiderThan4096BytesAreRejectedNamingTheWidthAndTheLimit() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OffHeapMap.builder(new WidthCodec(4097), Codecs.int64()).build());
            assertNamesNumber(e.getMessage(), 4097);
            assertNamesNumber(e.getMessage(), 4096);
            e = assertThrows(IllegalArgumentException.class,
                () -> OffHeapMap.builder(Codecs.uuid(), new WidthCodec(1 << 20)).build());
            assertNamesNumber(e.getMessage(), 1 << 20);
            assertNamesNumber(e.getMessage(), 4096);
        }

        @Test
        void codecsOfExactly4096BytesAreAcceptedAndWork() {
            try (OffHeapMap<byte[], Long> m = OffHeapMap.builder(Codecs.fixedBytes(4096), new WidthCodec(4096)).build()) {
                for (int i = 0; i < 20; i++) {
                    byte[] key = new byte[4096];
                    key[4095] = (byte) i;
                    key[0] = (byte) (i * 3);
                    m.put(key, (long) i);
                }
                for (int i = 0; i < 20; i++) {
                    byte[] key = new byte[4096];
                    key[4095] = (byte) i;
                    key[0] = (byte) (i * 3);
                    assertEquals((long) i, m.get(key));
                }
                assertEquals(20, m.size());
                TableChecker.check(m.table());
            }
        }

        @Test
        void aNegativeExpectedSizeIsRejectedNamingTheValue() {
            OffHeapMap.Builder<String, UUID> builder = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.expectedSize(-1));
            assertNamesNumber(e.getMessage(), -1);
            e = assertThrows(IllegalArgumentException.class, () -> builder.expectedSize(Long.MIN_VALUE));
            assertNamesNumber(e.getMessage(), Long.MIN_VALUE);
        }

        @Test
        void nullCodecsAreRejectedWithANullPointerException() {
            assertThrows(NullPointerException.class, () -> OffHeapMap.builder(null, Codecs.uuid()));
            assertThrows(NullPointerException.class, () -> OffHeapMap.builder(Codecs.uuid(), null));
            assertThrows(NullPointerException.class, () -> OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(null));
        }

        @Test
        void aBuilderMakesIndependentMaps() {
            OffHeapMap.Builder<Long, Long> builder = OffHeapMap.builder(Codecs.int64(), Codecs.int64()).expectedSize(10);
            try (OffHeapMap<Long, Long> a = builder.build(); OffHeapMap<Long, Long> b = builder.build()) {
                a.put(1L, 1L);
                assertTrue(b.isEmpty());
                b.put(1L, 2L);
                assertEquals(1L, a.get(1L));
            }
        }
    }

    // ------------------------------------------------------------------ fault injection

    @Nested
    @ExtendWith(NoLeaks.class)
    class FaultInjection {

        @Test
        void aFailedFirstTableMakesBuildThrowAndHoldsNothing() {
            FailingAllocator allocator = new FailingAllocator();
            allocator.failNext(1);
            OffHeapMap.Builder<UUID, Long> builder = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator);
            assertThrows(OffHeapAllocationException.class, builder::build);
            try (OffHeapMap<UUID, Long> m = builder.build()) {
                m.put(uuid(1), 1L);
                assertEquals(1L, m.get(uuid(1)));
            }
        }

        @Test
        void aPutThatNeedsAGrowAndCannotGetMemoryThrowsAndLeavesTheMapAsItWas() {
            FailingAllocator allocator = new FailingAllocator();
            try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator).seed(3).build()) {
                Map<UUID, Long> model = new HashMap<>();
                int i = 0;
                while (!Growth.overLoadFactor(m.size() + 1, m.stats().log2Buckets()) || m.stats().growing()) {
                    m.put(uuid(i), (long) i);
                    model.put(uuid(i), (long) i);
                    i++;
                }
                MapStats before = m.stats();
                allocator.failNext(1);
                UUID fresh = uuid(i);
                OffHeapAllocationException e = assertThrows(OffHeapAllocationException.class, () -> m.put(fresh, -1L));
                assertTrue(e.getMessage().contains("unchanged"), e.getMessage());
                assertEquals(model, snapshot(m));
                assertFalse(m.containsKey(fresh));
                assertEquals(before.log2Buckets(), m.stats().log2Buckets());
                assertFalse(m.stats().growing());
                TableChecker.check(m.table());
                assertNull(m.put(fresh, -1L), "the map is usable afterwards");
                model.put(fresh, -1L);
                assertEquals(before.log2Buckets() + 1, m.stats().log2Buckets(), "the retried put grows the table");
                assertEquals(model, snapshot(m));
            }
        }

        @Test
        void aPutThatNeedsAnOverflowChunkAndCannotGetMemoryThrowsAndLeavesTheMapAsItWas() {
            FailingAllocator allocator = new FailingAllocator();
            try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64())
                    .allocator(allocator).expectedSize(100).seed(9).build()) {
                Table t = m.table();
                assertEquals(1, m.stats().preallocatedOverflowBuckets(), "B=4 preallocates one overflow bucket");
                List<UUID> chain = uuidsInBucket(t, 5, 25);
                Map<UUID, Long> model = new HashMap<>();
                for (int i = 0; i < 16; i++) { // the head bucket and the one pool bucket
                    m.put(chain.get(i), (long) i);
                    model.put(chain.get(i), (long) i);
                }
                int allocations = allocator.allocations;
                allocator.failNext(1);
                assertThrows(OffHeapAllocationException.class, () -> m.put(chain.get(16), 16L));
                assertEquals(model, snapshot(m));
                assertFalse(m.containsKey(chain.get(16)));
                TableChecker.check(t);
                for (int i = 16; i < 25; i++) {
                    m.put(chain.get(i), (long) i);
                    model.put(chain.get(i), (long) i);
                }
                assertEquals(allocations + 1, allocator.allocations, "the retry took one overflow chunk");
                assertEquals(model, snapshot(m));
                assertFalse(m.stats().growing());
                TableChecker.check(t);
            }
        }

        @Test
        void aRemoveWhoseGrowWorkCannotGetMemoryThrowsAndLeavesTheMapAsItWas() {
            FailingAllocator allocator = new FailingAllocator();
            try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64())
                    .allocator(allocator).expectedSize(100).seed(5).build()) {
                Table t = m.table();
                Map<UUID, Long> model = new HashMap<>();
                List<UUID> chain = uuidsInBucket(t, 3, 20); // three buckets long: head, pool, chunk
                for (UUID key : chain) {
                    m.put(key, 3L);
                    model.put(key, 3L);
                }
                // Fill other buckets until the next insert doubles the table; that insert
                // evacuates its own old bucket and bucket 0, not bucket 3.
                for (int i = 1_000_000; ; i++) {
                    UUID key = uuid(i);
                    if (uuidsBucket(t, key) == 3) {
                        continue;
                    }
                    boolean grows = Growth.overLoadFactor(m.size() + 1, t.log2Buckets());
                    m.put(key, (long) i);
                    model.put(key, (long) i);
                    if (grows) {
                        break;
                    }
                }
                assertTrue(t.growing());
                assertFalse(Growth.evacuated(t.oldbuckets(), 3));
                // Go's delete does grow work too: removing a key of bucket 3 evacuates its chain,
                // which needs more overflow buckets than the new generation's pool of 2.
                allocator.failNext(1);
                assertThrows(OffHeapAllocationException.class, () -> m.remove(chain.get(0)));
                assertEquals(model, snapshot(m));
                assertFalse(Growth.evacuated(t.oldbuckets(), 3), "the old chain is untouched");
                TableChecker.check(t);
                assertEquals(3L, m.remove(chain.get(0)), "the retried remove succeeds");
                model.remove(chain.get(0));
                assertEquals(model, snapshot(m));
                TableChecker.check(t);
            }
        }

        private long uuidsBucket(Table t, UUID key) {
            long address = UnsafeApi.allocateMemory(16);
            try {
                Codecs.uuid().write(address, key);
                return t.hashBytes(address) & t.buckets().mask;
            } finally {
                UnsafeApi.freeMemory(address);
            }
        }

        /** uuidsInBucket finds {@code n} UUID keys whose hash picks head bucket {@code bucket} of {@code t}. */
        private List<UUID> uuidsInBucket(Table t, long bucket, int n) {
            List<UUID> found = new ArrayList<>();
            long address = UnsafeApi.allocateMemory(16);
            try {
                for (int i = 0; found.size() < n; i++) {
                    UUID u = uuid(i);
                    Codecs.uuid().write(address, u);
                    if ((t.hashBytes(address) & t.buckets().mask) == bucket) {
                        found.add(u);
                    }
                }
            } finally {
                UnsafeApi.freeMemory(address);
            }
            return found;
        }

        @Test
        void everyAllocationThatFailsDuringPutsAndRemovesLeavesEveryEntryAndTheMapUsable() {
            FailingAllocator allocator = new FailingAllocator();
            try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator).seed(11).build()) {
                Map<UUID, Long> model = new HashMap<>();
                List<UUID> inserted = new ArrayList<>();
                Random random = new Random(12);
                int growFailures = 0;
                int otherFailures = 0;
                for (int i = 0; i < 20_000; i++) {
                    int op = i < 10 ? 0 : random.nextInt(10);
                    UUID key = op < 7 ? new UUID(random.nextLong(), random.nextLong()) : inserted.get(random.nextInt(inserted.size()));
                    boolean remove = op == 9;
                    long value = i;
                    MapStats before = m.stats();
                    allocator.failNext(1);
                    try {
                        Long previous = remove ? m.remove(key) : m.put(key, value);
                        allocator.failNext(0); // this write needed no memory
                        assertEquals(remove ? model.remove(key) : model.put(key, value), previous);
                        if (!remove && previous == null) {
                            inserted.add(key);
                        }
                        continue;
                    } catch (OffHeapAllocationException e) {
                        assertEquals(model.size(), m.size(), "size after a failed write");
                        assertEquals(model.get(key), m.get(key), "the key of the failed write");
                        assertEquals(model, snapshot(m), "entries after a failed write");
                        TableChecker.check(m.table());
                    }
                    Long previous = remove ? m.remove(key) : m.put(key, value); // the retry succeeds
                    assertEquals(remove ? model.remove(key) : model.put(key, value), previous);
                    if (!remove && previous == null) {
                        inserted.add(key);
                    }
                    MapStats after = m.stats();
                    if (after.log2Buckets() != before.log2Buckets() || after.growing() && !before.growing()) {
                        growFailures++;
                    } else {
                        otherFailures++;
                    }
                }
                assertEquals(model, snapshot(m));
                TableChecker.check(m.table());
                assertTrue(growFailures >= 10, "every grow failed once first: " + growFailures);
                assertTrue(otherFailures >= 1, "overflow chunks failed too: " + otherFailures);
            }
        }
    }

    /** An allocator that fails exactly the n-th allocation (counting from 0) after it is armed. */
    static final class NthFailingAllocator implements Allocator {
        private int failAt = -1;
        private int seen;

        void failAllocation(int n) {
            failAt = n;
            seen = 0;
        }

        @Override
        public long allocate(long bytes) {
            if (seen++ == failAt) {
                throw new OutOfMemoryError("injected failure of allocation " + failAt + " (" + bytes + " bytes)");
            }
            return Allocator.NATIVE.allocate(bytes);
        }

        @Override
        public void free(long address, long bytes) {
            Allocator.NATIVE.free(address, bytes);
        }
    }

    @Nested
    @ExtendWith(NoLeaks.class)
    class FaultInjectionAtEveryAllocation {

        @Test
        void aPutWhoseSecondOrLaterAllocationFailsAlsoLeavesEveryEntryAndTheMapUsable() {
            NthFailingAllocator allocator = new NthFailingAllocator();
            try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator).seed(13).build()) {
                Map<UUID, Long> model = new HashMap<>();
                Random random = new Random(14);
                int laterFailures = 0;
                for (int i = 0; i < 5000; i++) {
                    UUID key = new UUID(random.nextLong(), random.nextLong());
                    for (int k = 0; ; k++) {
                        allocator.failAllocation(k); // allocations 0..k-1 succeed, k fails
                        try {
                            assertNull(m.put(key, (long) i));
                            break;
                        } catch (OffHeapAllocationException e) {
                            if (k > 0) {
                                laterFailures++;
                            }
                            assertEquals(model.size(), m.size(), "size after a failed put");
                            assertFalse(m.containsKey(key), "the key of the failed put");
                            assertEquals(model, snapshot(m), "entries after a failed put");
                            TableChecker.check(m.table());
                        }
                    }
                    model.put(key, (long) i);
                }
                allocator.failAllocation(-1);
                assertEquals(model, snapshot(m));
                TableChecker.check(m.table());
                // Below B = 4 a new generation has no overflow pool, so the grows to B = 1..3
                // allocate the generation and then a chunk for the first evacuation.
                assertTrue(laterFailures >= 1, "puts with a second allocation were failed there: " + laterFailures);
            }
        }
    }

    // ------------------------------------------------------------------ statistics

    @Nested
    @ExtendWith(NoLeaks.class)
    class Statistics {

        @Test
        void statsReportSizeBucketsAndOffHeapBytesAfterInserts() {
            try (OffHeapMap<String, UUID> m = SYMBOLS.newMap()) {
                MapStats empty = m.stats();
                assertEquals(0, empty.size());
                assertEquals(0, empty.log2Buckets());
                assertEquals(1, empty.bucketCount());
                assertTrue(empty.offHeapBytes() > 0);
                for (int i = 0; i < 1000; i++) {
                    m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                }
                MapStats s = m.stats();
                assertEquals(1000, s.size());
                // 6.5 * 2^7 = 832 < 1000 <= 6.5 * 2^8 = 1664
                assertEquals(8, s.log2Buckets(), s.toString());
                assertEquals(256, s.bucketCount());
                assertTrue(s.offHeapBytes() >= 256L * (8 + 8 * 12 + 8 * 16 + 8), s.toString());
                assertEquals(1000.0 / 256, s.loadFactor(), 1e-12);
                m.put(SYMBOLS.key(0), uuid(0));
                assertEquals(1000, m.stats().size(), "an overwrite is not an insert");
            }
        }

        @Test
        void theLoadFactorIsAtMostSixAndAHalfWheneverTheMapIsNotGrowing() {
            try (OffHeapMap<Long, Long> m = LONGS.newMap()) {
                int checked = 0;
                for (int i = 0; i < 30_000; i++) {
                    m.put(LONGS.key(i), LONGS.value(i));
                    MapStats s = m.stats();
                    assertEquals(i + 1, s.size());
                    // Go lets a single bucket (B = 0) fill all eight slots before the first grow.
                    if (!s.growing() && s.log2Buckets() > 0) {
                        assertTrue(s.loadFactor() <= 6.5, s.toString());
                        checked++;
                    }
                }
                assertTrue(checked > 20_000, "most steps are outside a grow: " + checked);
                assertEquals(13, m.stats().log2Buckets(), "6.5 * 2^12 < 30000 <= 6.5 * 2^13");
            }
        }

        @Test
        void expectedSizeMakesRoomForThatManyEntriesWithoutAGrow() {
            try (OffHeapMap<String, UUID> m = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid()).expectedSize(1000).build()) {
                assertEquals(8, m.stats().log2Buckets());
                for (int i = 0; i < 1000; i++) {
                    m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                    assertFalse(m.stats().growing());
                }
                assertEquals(8, m.stats().log2Buckets());
            }
        }
    }
}
