package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.tophash.engine.MapAssertions.assertNamesNumber;
import static dev.tophash.engine.MapAssertions.snapshot;
import static dev.tophash.engine.MapFixture.BYTES_TO_DOUBLES;
import static dev.tophash.engine.MapFixture.INTS_TO_BYTES;
import static dev.tophash.engine.MapFixture.LONGS;
import static dev.tophash.engine.MapFixture.SYMBOLS;
import static dev.tophash.engine.MapFixture.uuid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which keys and values {@link OffHeapMap} accepts: arrays by content, null, other types, what
 * a codec cannot encode (rejected by put, absent to lookups, nothing changed), float keys as
 * {@code Double.equals} sees them, on every backend.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapKeysTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void byteArrayKeysAreFoundByContentNotByIdentity(MapBackend backend) {
        try (OffHeapMap<byte[], Double> m = backend.newMap(Codecs.fixedBytes(16), Codecs.float64(), dir)) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void putOfANullKeyThrowsAndChangesNothing(MapBackend backend) {
        try (OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir)) {
            m.put("A", uuid(1));
            assertThrows(NullPointerException.class, () -> m.put(null, uuid(2)));
            assertEquals(Map.of("A", uuid(1)), snapshot(m));
            assertFalse(m.containsKey(null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void putOfANullValueThrowsAndChangesNothing(MapBackend backend) {
        try (OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir)) {
            m.put("A", uuid(1));
            assertThrows(NullPointerException.class, () -> m.put("B", null));
            assertThrows(NullPointerException.class, () -> m.put("A", null));
            assertEquals(Map.of("A", uuid(1)), snapshot(m), "neither inserted nor overwritten");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void lookupsAndRemovesOfNullAnswerAbsent(MapBackend backend) {
        try (OffHeapMap<Long, Long> m = LONGS.on(backend).newMap(dir)) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void lookupsOfAnotherTypeAnswerAbsentWithoutAClassCastException(MapBackend backend) {
        try (OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir);
             OffHeapMap<Long, Long> longs = LONGS.on(backend).newMap(dir)) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void stringsTheCodecCannotEncodeAreAbsentAndPutRejectsThemWithoutAChange(MapBackend backend) {
        try (OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir)) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void arraysOfTheWrongLengthAreAbsentAndPutRejectsThemWithoutAChange(MapBackend backend) {
        try (OffHeapMap<byte[], Double> m = BYTES_TO_DOUBLES.on(backend).newMap(dir)) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void aValueTheCodecCannotEncodeIsRejectedWithoutInsertingOrOverwriting(MapBackend backend) {
        try (OffHeapMap<Integer, byte[]> m = INTS_TO_BYTES.on(backend).newMap(dir)) {
            m.put(1, new byte[] {1, 2, 3});
            assertThrows(IllegalArgumentException.class, () -> m.put(2, new byte[] {1, 2}));
            assertFalse(m.containsKey(2), "the key is not inserted");
            assertThrows(IllegalArgumentException.class, () -> m.put(1, new byte[] {1, 2, 3, 4}));
            assertArrayEquals(new byte[] {1, 2, 3}, m.get(1), "the old value stays");
            assertEquals(1, m.size());
        }
        try (OffHeapMap<Long, String> m = backend.newMap(Codecs.int64(), Codecs.fixedAscii(4), dir)) {
            m.put(1L, "ABCD");
            assertThrows(IllegalArgumentException.class, () -> m.put(2L, "ABCDE"));
            assertThrows(IllegalArgumentException.class, () -> m.put(1L, "\u00c4BC"));
            assertThrows(IllegalArgumentException.class, () -> m.replace(1L, "TOO LONG"));
            assertThrows(IllegalArgumentException.class, () -> m.entrySet().iterator().next().setValue("TOO LONG"));
            assertEquals(Map.of(1L, "ABCD"), snapshot(m));
            TableChecker.check(m.table());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void plusZeroAndMinusZeroAreDistinctKeysAsDoubleEqualsSays(MapBackend backend) {
        try (OffHeapMap<Double, Long> m = backend.newMap(Codecs.float64(), Codecs.int64(), dir)) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void everyNaNIsOneKeyAsDoubleEqualsSays(MapBackend backend) {
        double otherNaN = Double.longBitsToDouble(0x7ff8000000000001L);
        assertTrue(Double.isNaN(otherNaN));
        try (OffHeapMap<Double, Long> m = backend.newMap(Codecs.float64(), Codecs.int64(), dir)) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void intKeysOfEveryShapeRoundTripAsForHashMap(MapBackend backend) {
        int[] keys = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x80808080, 0x7f7f7f7f, 1 << 16};
        try (OffHeapMap<Integer, byte[]> m = INTS_TO_BYTES.on(backend).newMap(dir)) {
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
