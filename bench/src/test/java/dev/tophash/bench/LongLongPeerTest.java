package dev.tophash.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.compare.PeerCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every peer adapter stores and returns what it is given, through a growth. */
class LongLongPeerTest {
    /** Enough keys that every growing map resizes several times from empty. */
    private static final int KEYS = 5_000;

    static List<String> names() {
        return LongLongPeer.NAMES;
    }

    /**
     * Chronicle Map is checked strictly on the JDK the project targets (17); on a later JDK it
     * may not start, which the comparison handles by skipping it, so the test does the same.
     */
    private static void assumeUsable(String name) {
        if (name.equals(LongLongPeer.CHRONICLE) && Runtime.version().feature() != 17) {
            String problem = PeerCheck.problem(name, 1);
            Assumptions.assumeTrue(problem == null, () -> "Chronicle Map is unavailable here: " + problem);
        }
    }

    /** A growing map starts empty; Chronicle Map, which cannot grow, is sized for every key. */
    private static LongLongPeer fresh(String name) {
        try (LongLongPeer probe = LongLongPeer.create(name, 0, 1)) {
            return probe.grows() ? LongLongPeer.create(name, 0, 1) : LongLongPeer.create(name, KEYS, 1);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void singleOperationsMatchAHashMapThroughAGrowth(String name) {
        assumeUsable(name);
        SplittableRandom random = new SplittableRandom(7);
        Map<Long, Long> model = new HashMap<>();
        try (LongLongPeer peer = fresh(name)) {
            assertEquals(0, peer.size());
            assertEquals(LongLongPeer.MISSING, peer.get(42));
            assertEquals(LongLongPeer.MISSING, peer.remove(42));
            for (int i = 0; i < KEYS; i++) {
                long key = random.nextLong();
                long value = random.nextLong(Long.MAX_VALUE);
                model.put(key, value);
                peer.put(key, value);
            }
            // Extremes are legal keys everywhere (Agrona reserves MISSING as a value only).
            for (long key : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
                model.put(key, 17L);
                peer.put(key, 17);
            }
            assertEquals(model.size(), peer.size());
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertEquals(e.getValue(), peer.get(e.getKey()), "get " + e.getKey());
            }
            long overwritten = model.keySet().iterator().next();
            peer.put(overwritten, 99);
            assertEquals(99, peer.get(overwritten));
            model.put(overwritten, 99L);
            assertEquals(model.size(), peer.size());

            int removed = 0;
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                if (removed++ % 2 == 0) {
                    assertEquals(e.getValue(), peer.remove(e.getKey()), "remove " + e.getKey());
                    assertEquals(LongLongPeer.MISSING, peer.get(e.getKey()));
                    assertEquals(LongLongPeer.MISSING, peer.remove(e.getKey()));
                }
            }
            assertEquals(model.size() / 2, peer.size());
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void bulkOperationsReturnTheirSums(String name) {
        assumeUsable(name);
        SplittableRandom random = new SplittableRandom(11);
        long[] keys = new long[KEYS];
        long[] values = new long[KEYS];
        long[] absent = new long[KEYS];
        long valueSum = 0;
        for (int i = 0; i < KEYS; i++) {
            // Odd keys present, even keys absent: the two sets cannot overlap.
            keys[i] = random.nextLong() | 1;
            absent[i] = random.nextLong() & ~1L;
            values[i] = random.nextLong(Long.MAX_VALUE);
        }
        try (LongLongPeer peer = fresh(name)) {
            long size = peer.putAll(keys, values);
            assertEquals(peer.size(), size);
            for (int i = 0; i < KEYS; i++) {
                assertEquals(values[i], peer.get(keys[i]));
            }
            for (long v : values) {
                valueSum += v;
            }
            assertEquals(valueSum, peer.sumGets(keys));
            assertEquals(LongLongPeer.MISSING * KEYS, peer.sumGets(absent));
            assertEquals(values[0], peer.getDependent(keys[0], 1));
            assertEquals(absent[0], peer.getDependent(absent[0], 0));
            assertEquals(LongLongPeer.MISSING, peer.getDependent(absent[0], 3), "a chain that leaves the map");
            assertEquals(valueSum, peer.sumRemoves(keys));
            assertEquals(0, peer.size());
            assertEquals(LongLongPeer.MISSING * KEYS, peer.sumRemoves(keys));
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void aChainOfDependentGetsFollowsTheValuesAroundTheCycle(String name) {
        assumeUsable(name);
        long[] keys = new long[KEYS];
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < KEYS; i++) {
            // Distinct by construction: the low bits count, the high bits are random.
            keys[i] = (random.nextLong() << 16) | i;
        }
        KeyCycle cycle = KeyCycle.random(keys, 17);
        try (LongLongPeer peer = fresh(name)) {
            peer.putAll(keys, cycle.successors());
            long first = cycle.order()[0];
            for (int steps : new int[] {1, 2, KEYS - 1}) {
                assertEquals(cycle.order()[steps], peer.getDependent(first, steps), steps + " steps");
            }
            assertEquals(first, peer.getDependent(first, KEYS), "round the whole cycle");
            assertEquals(first, peer.getDependent(first, 3 * KEYS), "round it three times");
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void offHeapPeersReportTheirNativeMemory(String name) {
        assumeUsable(name);
        try (LongLongPeer peer = LongLongPeer.create(name, 1_000, 1)) {
            boolean offHeap = name.equals(LongLongPeer.TOPHASH) || name.equals(LongLongPeer.CHRONICLE);
            if (offHeap) {
                assertTrue(peer.offHeapBytes() > 0, name + " holds native memory");
            } else {
                assertEquals(-1, peer.offHeapBytes());
            }
            assertEquals(!name.equals(LongLongPeer.CHRONICLE), peer.grows());
        }
    }

    @Test
    void namesAreMatchedIgnoringCaseAndUnknownNamesAreRejected() {
        assertEquals("HashMap", LongLongPeer.canonicalName("hashmap"));
        assertEquals("chronicle", LongLongPeer.canonicalName(" Chronicle "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LongLongPeer.canonicalName("koloboke"));
        assertTrue(e.getMessage().contains("koloboke") && e.getMessage().contains("tophash"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LongLongPeer.create("koloboke", 10));
        assertThrows(IllegalArgumentException.class, () -> LongLongPeer.create(LongLongPeer.HASH_MAP, -1));
    }

    /** Random operations against every peer, with java.util.HashMap as the model. */
    @Property(tries = 40)
    void randomOperationsMatchTheModel(@ForAll("operations") List<long[]> ops) {
        for (String name : LongLongPeer.NAMES) {
            if (name.equals(LongLongPeer.CHRONICLE) && Runtime.version().feature() != 17
                    && PeerCheck.problem(name, 1) != null) {
                continue;
            }
            Map<Long, Long> model = new HashMap<>();
            try (LongLongPeer peer = fresh(name)) {
                for (long[] op : ops) {
                    long key = op[1];
                    switch ((int) op[0]) {
                        case 0:
                            model.put(key, op[2]);
                            peer.put(key, op[2]);
                            break;
                        case 1:
                            assertEquals(model.getOrDefault(key, LongLongPeer.MISSING), peer.get(key), name + " get");
                            break;
                        default:
                            Long old = model.remove(key);
                            assertEquals(old == null ? LongLongPeer.MISSING : old, peer.remove(key), name + " remove");
                    }
                    assertEquals(model.size(), peer.size(), name + " size");
                }
                assertFalse(peer.size() < 0);
            }
        }
    }

    @Provide
    Arbitrary<List<long[]>> operations() {
        // A small key range, so gets and removes often find what was put.
        Arbitrary<Long> keys = Arbitraries.longs().between(-40, 40);
        Arbitrary<Long> values = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> kinds = Arbitraries.longs().between(0, 2);
        return Combinators.combine(kinds, keys, values).as((k, key, v) -> new long[] {k, key, v})
                .list().ofMaxSize(300);
    }
}
