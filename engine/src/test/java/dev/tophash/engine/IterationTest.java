package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go's iteration guarantees (GO_MAP.md section 10, oracle 14) under mutation and growth: no
 * entry twice; every entry present throughout returned once, with its value at the time it is
 * returned; no entry deleted before it is reached returned; random start positions; clear ends
 * an iteration; generations an iteration still reads stay allocated until it ends or the map
 * closes.
 */
@ExtendWith(NoLeaks.class)
class IterationTest {

    /** The key numbers the tests use: a bijection of n, so all distinct, with unrelated hashes. */
    private static long key(long salt, long n) {
        return Hashing.mix(n * 0x9E3779B97F4A7C15L + salt);
    }

    /**
     * Tracks one iteration against a model: what the map holds, which keys have been present
     * since the start (and not deleted since), which have been returned, and which grows
     * started and ended meanwhile. The writes go to the map and the model together.
     */
    static final class Tracker {
        final Map<Long, Long> model = new HashMap<>();
        final Set<Long> throughout = new HashSet<>();
        final Set<Long> seen = new HashSet<>();
        final Set<Long> deletedUnseen = new HashSet<>();
        final List<Long> initial = new ArrayList<>();
        final Random rnd;
        final long salt;
        long next;
        int growsStarted;
        int growsFinished;
        int sameSizeGrowsStarted;
        int returnedDuringAGrow;
        private final BiConsumer<Long, Long> put;
        private final LongConsumer remove;
        private boolean growing;

        Tracker(long seed, BiConsumer<Long, Long> put, LongConsumer remove) {
            this.rnd = new Random(seed);
            this.salt = seed * 31 + 17;
            this.put = put;
            this.remove = remove;
        }

        Tracker(long seed, LongLongMap m) {
            this(seed, m::put, m::remove);
        }

        /** fill inserts n keys before the iteration starts; they are all present "throughout" until deleted. */
        void fill(int n) {
            for (int i = 0; i < n; i++) {
                long k = key(salt, next++);
                long v = rnd.nextLong();
                put.accept(k, v);
                model.put(k, v);
                throughout.add(k);
                initial.add(k);
            }
        }

        /** returned checks one entry the iteration returned. */
        void returned(long k, long v) {
            assertTrue(seen.add(k), () -> "key " + k + " returned twice");
            assertFalse(deletedUnseen.contains(k), () -> "key " + k + " returned after it was deleted");
            assertTrue(model.containsKey(k), () -> "key " + k + " returned but not in the map");
            assertEquals(model.get(k), v, () -> "key " + k + " returned with a value other than its current one");
            if (growing) {
                returnedDuringAGrow++;
            }
        }

        void insertFresh(int n) {
            for (int i = 0; i < n; i++) {
                long k = key(salt, next++);
                long v = rnd.nextLong();
                put.accept(k, v);
                model.put(k, v);
            }
        }

        /** deleteUnvisited deletes up to n keys present since the start and not returned yet. */
        void deleteUnvisited(int n) {
            for (int i = 0; i < n && !initial.isEmpty(); i++) {
                for (int attempt = 0; attempt < 8; attempt++) {
                    int at = rnd.nextInt(initial.size());
                    long k = initial.get(at);
                    if (!seen.contains(k) && model.containsKey(k)) {
                        remove.accept(k);
                        model.remove(k);
                        throughout.remove(k);
                        deletedUnseen.add(k);
                        break;
                    }
                }
            }
        }

        /** updateSome gives n random present keys (returned or not) new values. */
        void updateSome(int n) {
            for (int i = 0; i < n && !initial.isEmpty(); i++) {
                long k = initial.get(rnd.nextInt(initial.size()));
                if (model.containsKey(k)) {
                    long v = rnd.nextLong();
                    put.accept(k, v);
                    model.put(k, v);
                }
            }
        }

        /** observe notes grows starting and ending, from the map's statistics after each step. */
        void observe(MapStats s) {
            if (s.growing() && !growing) {
                growsStarted++;
                if (s.sameSizeGrow()) {
                    sameSizeGrowsStarted++;
                }
            }
            if (!s.growing() && growing) {
                growsFinished++;
            }
            growing = s.growing();
        }

        /** finish checks that every key present throughout was returned. */
        void finish() {
            for (long k : throughout) {
                assertTrue(seen.contains(k), () -> "key " + k + " was present throughout but never returned");
            }
            assertFalse(throughout.isEmpty(), "the test left no key present throughout");
            assertFalse(deletedUnseen.isEmpty(), "the test deleted no key ahead of the iteration");
        }
    }

    // ------------------------------------------------------------------ exactly once under growth

    @Test
    void aCursorReturnsEveryKeyPresentThroughoutExactlyOnceWhileTheMapDoublesSeveralTimes() {
        for (long seed = 1; seed <= 6; seed++) {
            LongLongMap.Builder builder = LongLongMap.builder();
            if (seed % 3 != 0) {
                builder.seed(seed);
            }
            try (LongLongMap m = builder.build()) {
                Tracker t = new Tracker(seed, m);
                t.fill(300);
                int startB = m.stats().log2Buckets();
                try (LongLongCursor c = m.cursor()) {
                    int steps = 0;
                    while (c.next()) {
                        t.returned(c.key(), c.value());
                        if (steps++ < 300) {
                            t.insertFresh(25);
                        }
                        t.deleteUnvisited(1);
                        t.updateSome(3);
                        t.observe(m.stats());
                    }
                }
                t.finish();
                assertTrue(m.stats().log2Buckets() >= startB + 3, "the map doubled at least three times");
                assertTrue(t.growsFinished >= 3, "grows started and finished during the iteration");
                assertTrue(t.returnedDuringAGrow > 0, "entries were returned while a grow was in progress");
                TableChecker.check(m.table());
            }
        }
    }

    @Test
    void forEachWhoseActionWritesToTheMapReturnsEveryKeyPresentThroughoutExactlyOnce() {
        for (long seed = 11; seed <= 16; seed++) {
            try (LongLongMap m = LongLongMap.builder().seed(seed).build()) {
                Tracker t = new Tracker(seed, m);
                t.fill(400);
                int startB = m.stats().log2Buckets();
                int[] steps = {0};
                m.forEach((k, v) -> {
                    t.returned(k, v);
                    if (steps[0]++ < 400) {
                        t.insertFresh(20);
                    }
                    t.deleteUnvisited(1);
                    t.updateSome(2);
                    t.observe(m.stats());
                });
                t.finish();
                assertTrue(m.stats().log2Buckets() >= startB + 3, "the map doubled at least three times");
                assertTrue(t.growsFinished >= 3, "grows started and finished during the iteration");
                assertEquals(t.model, collect(m), "after the iteration the map holds exactly the model");
                TableChecker.check(m.table());
            }
        }
    }

    @Test
    void anEntrySetIteratorWithRemoveReturnsEveryKeyPresentThroughoutExactlyOnce() {
        for (long seed = 21; seed <= 25; seed++) {
            try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).seed(seed).build()) {
                Tracker t = new Tracker(seed, (k, v) -> m.put(uuid(k), v), k -> m.remove(uuid(k)));
                t.fill(300);
                int startB = m.stats().log2Buckets();
                int removedByIterator = 0;
                Iterator<Map.Entry<UUID, Long>> it = m.entrySet().iterator();
                int steps = 0;
                while (it.hasNext()) {
                    Map.Entry<UUID, Long> e = it.next();
                    long k = e.getKey().getMostSignificantBits();
                    assertEquals(uuid(k), e.getKey());
                    t.returned(k, e.getValue());
                    if (steps++ % 4 == 0) {
                        it.remove();
                        t.model.remove(k);
                        t.throughout.remove(k);
                        removedByIterator++;
                        assertNull(m.get(e.getKey()), "iterator.remove() removed the entry");
                    }
                    if (steps < 300) {
                        t.insertFresh(25);
                    }
                    t.deleteUnvisited(1);
                    t.updateSome(3);
                    t.observe(m.stats());
                }
                t.finish();
                assertTrue(removedByIterator > 50);
                assertTrue(m.stats().log2Buckets() >= startB + 3, "the map doubled at least three times");
                assertTrue(t.growsFinished >= 3, "grows started and finished during the iteration");
                assertEquals(t.model.size(), m.size());
                for (Map.Entry<Long, Long> e : t.model.entrySet()) {
                    assertEquals(e.getValue(), m.get(uuid(e.getKey())));
                }
                TableChecker.check(m.table());
            }
        }
    }

    @Test
    void aCursorReturnsEveryKeyPresentThroughoutExactlyOnceWhileChurnStartsSameSizeGrows() {
        for (long seed = 31; seed <= 36; seed++) {
            try (LongLongMap m = LongLongMap.builder().seed(seed).expectedSize(100).build()) {
                Tracker t = new Tracker(seed, m);
                t.fill(30);
                // 72 more keys that churn replaces: the count stays at 102, just under B=4's 104
                List<Long> churn = new ArrayList<>();
                for (int i = 0; i < 72; i++) {
                    long k = key(-seed, i);
                    m.put(k, i);
                    t.model.put(k, (long) i);
                    churn.add(k);
                }
                long fresh = 72;
                boolean returnedDuringSameSizeGrow = false;
                try (LongLongCursor c = m.cursor()) {
                    while (c.next()) {
                        returnedDuringSameSizeGrow |= m.stats().sameSizeGrow();
                        t.returned(c.key(), c.value());
                        int replacements = m.stats().growing() ? 1 : 100 + t.rnd.nextInt(100);
                        for (int i = 0; i < replacements; i++) {
                            int at = t.rnd.nextInt(churn.size());
                            long gone = churn.get(at);
                            m.remove(gone);
                            t.model.remove(gone);
                            long k = key(-seed, fresh++);
                            m.put(k, fresh);
                            t.model.put(k, fresh);
                            churn.set(at, k);
                            t.observe(m.stats());
                            if (m.stats().sameSizeGrow() && t.rnd.nextBoolean()) {
                                break; // let the cursor take steps in the middle of the grow
                            }
                        }
                        t.deleteUnvisited(t.rnd.nextInt(8) == 0 ? 1 : 0);
                        t.updateSome(2);
                    }
                }
                t.finish();
                assertEquals(4, m.stats().log2Buckets(), "churn at a steady count never doubles");
                assertTrue(t.sameSizeGrowsStarted >= 1, "same-size grows started during the iteration: " + t.sameSizeGrowsStarted);
                assertTrue(returnedDuringSameSizeGrow, "cursor steps ran while a same-size grow was in progress");
                TableChecker.check(m.table());
            }
        }
    }

    // ------------------------------------------------------------------ iteration started mid-grow

    @Test
    void anIterationStartedDuringADoublingGrowReadsUnevacuatedOldChainsAndReturnsEveryKeyOnce() {
        try (LongLongMap m = LongLongMap.builder().seed(41).build()) {
            Tracker t = new Tracker(41, m);
            while (m.stats().log2Buckets() < 9) {
                t.fill(1);
            }
            MapStats s = m.stats();
            assertTrue(s.growing());
            assertFalse(s.sameSizeGrow());
            assertEquals(256, s.oldBucketCount());
            assertTrue(s.evacuatedBuckets() < 8, "almost every old chain is still unevacuated: " + s);
            iterateMidGrow(m, t);
        }
    }

    @Test
    void anIterationStartedDuringASameSizeGrowReadsUnevacuatedOldChainsAndReturnsEveryKeyOnce() {
        try (LongLongMap m = LongLongMap.builder().seed(42).expectedSize(1000).build()) {
            Tracker t = new Tracker(42, m);
            t.fill(1000);
            Table table = m.table();
            assertEquals(8, table.log2Buckets());
            long from = Long.MIN_VALUE;
            for (long bucket = 0; table.noverflow() < 256; bucket = (bucket + 1) & 255) {
                // insert keys of one bucket until its chain takes a new overflow bucket, then delete them
                long before = table.noverflow();
                List<Long> temporary = new ArrayList<>();
                while (table.noverflow() == before) {
                    long k = from++;
                    if ((table.hashBits(k) & 255) == bucket) {
                        m.put(k, k);
                        temporary.add(k);
                    }
                }
                temporary.forEach(m::remove);
                assertFalse(table.growing(), "no grow before noverflow reaches 2^B");
            }
            t.insertFresh(1);
            MapStats s = m.stats();
            assertTrue(s.growing());
            assertTrue(s.sameSizeGrow());
            assertEquals(256, s.oldBucketCount());
            assertTrue(s.evacuatedBuckets() < 8, "almost every old chain is still unevacuated: " + s);
            iterateMidGrow(m, t);
        }
    }

    /**
     * iterateMidGrow iterates a map whose grow has just started: first with no writes (the grow
     * stays in progress, so every chain comes from the old generation or an evacuated new
     * bucket), then again with updates, deletes and a few inserts between steps, which finish
     * the grow half-way through.
     */
    private static void iterateMidGrow(LongLongMap m, Tracker t) {
        Map<Long, Long> seen = new HashMap<>();
        try (LongLongCursor c = m.cursor()) {
            while (c.next()) {
                long k = c.key();
                assertNull(seen.put(k, c.value()), () -> "key " + k + " returned twice");
            }
        }
        assertEquals(t.model, seen, "an iteration started mid-grow returns every entry once with its value");
        assertTrue(m.stats().growing(), "reads do no grow work");
        TableChecker.check(m.table());

        boolean finishedDuringIteration = false;
        int returnedBeforeFinish = 0;
        try (LongLongCursor c = m.cursor()) {
            while (c.next()) {
                t.returned(c.key(), c.value());
                if (m.stats().growing()) {
                    returnedBeforeFinish++;
                }
                t.updateSome(1);
                t.deleteUnvisited(t.rnd.nextInt(4) == 0 ? 1 : 0);
                t.insertFresh(t.rnd.nextInt(10) == 0 ? 1 : 0);
                finishedDuringIteration |= !m.stats().growing();
            }
        }
        t.finish();
        assertTrue(returnedBeforeFinish > 10, "entries were returned while old chains were still being read");
        assertTrue(finishedDuringIteration, "the grow finished during the iteration");
        TableChecker.check(m.table());
    }

    // ------------------------------------------------------------------ a doubling grow, then a same-size grow, mid-chain

    /**
     * A cursor reading an unevacuated old chain of a doubling grow must skip the keys that belong
     * to the sibling new bucket: that bucket returns them later. Go (and tophash until the filter
     * was fixed when the chain is chosen) read the table's {@code sameSizeGrow} flag at each
     * slot instead; when the doubling grow ended and a same-size grow started while the cursor
     * was still inside that old chain, the filter switched off and the sibling's keys were
     * returned twice. Regression test: found by this class, seed 1, 12 duplicates.
     */
    @Test
    void aCursorInsideAnOldChainKeepsSkippingTheSiblingBucketsKeysWhenASameSizeGrowFollows() {
        try (LongLongMap m = LongLongMap.builder().seed(1).build()) {
            Table t = m.table();
            long next = 1_000_000;
            while (t.log2Buckets() < 3) {
                m.put(next, next);
                next++;
            }
            // 20 keys in bucket 7 of the B=3 table: a three-bucket chain that the doubling grow
            // will reach last, holding keys of both halves (new buckets 7 and 15)
            long from = 0;
            for (int n = 0; n < 20; from++) {
                if ((t.hashBits(from) & 7) == 7) {
                    m.put(from, from);
                    n++;
                }
            }
            while (t.log2Buckets() == 3) {
                long k = next++;
                if ((t.hashBits(k) & 7) != 7) {
                    m.put(k, k);
                }
            }
            Generation old = t.oldbuckets();
            assertNotNull(old, "the doubling grow to B=4 is in progress");
            assertFalse(Growth.evacuated(old, 7));
            Set<Long> expected = collect(m).keySet();

            try (LongLongCursor c = m.cursor()) {
                Set<Long> seen = new HashSet<>();
                long first;
                do {
                    assertTrue(c.next());
                    first = c.key();
                    seen.add(first);
                } while ((t.hashBits(first) & 7) != 7);
                long checkBucket = t.hashBits(first) & 15;
                long sibling = checkBucket ^ 8;
                // the cursor is inside old chain 7, in its head bucket; its overflow buckets,
                // which the cursor reads next, hold keys of the sibling bucket
                assertTrue(siblingKeysInOverflow(t, old, 7, sibling) > 0, "precondition: sibling keys remain in the chain");

                while (t.growing()) {
                    m.put(first, 1); // updates: grow work only
                }
                long k = Long.MIN_VALUE;
                for (long bucket = 0; t.noverflow() < 16; bucket = (bucket + 1) & 15) {
                    long before = t.noverflow();
                    List<Long> temporary = new ArrayList<>();
                    while (t.noverflow() == before) {
                        if ((t.hashBits(k) & 15) == bucket) {
                            m.put(k, k);
                            temporary.add(k);
                        }
                        k++;
                    }
                    temporary.forEach(m::remove);
                }
                m.put(-5, -5);
                assertTrue(m.stats().sameSizeGrow(), "a same-size grow started while the cursor is inside old chain 7");

                List<Long> duplicates = new ArrayList<>();
                while (c.next()) {
                    if (!seen.add(c.key())) {
                        duplicates.add(c.key());
                    }
                }
                assertEquals(List.of(), duplicates, "keys returned twice");
                seen.remove(-5L);
                assertEquals(expected, seen);
            }
        }
    }

    private static int siblingKeysInOverflow(Table t, Generation g, long head, long sibling) {
        int n = 0;
        long b = g.headAddress(head);
        for (long nextIndex = org.agrona.UnsafeApi.getLong(t.layout().overflowAddress(b)); nextIndex != BucketLayout.NO_OVERFLOW;
             nextIndex = org.agrona.UnsafeApi.getLong(t.layout().overflowAddress(b))) {
            b = g.bucketAddress(nextIndex);
            for (int i = 0; i < BucketLayout.SLOTS; i++) {
                int top = org.agrona.UnsafeApi.getByte(BucketLayout.tophashAddress(b, i)) & 0xFF;
                if (top >= Tophash.MIN_TOP_HASH
                    && (t.hashAt(t.layout().keyAddress(b, i)) & 15) == sibling) {
                    n++;
                }
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ random start

    @Test
    void anUnchangedMapIteratesInOneOrderAndAChangeRedrawsTheStart() {
        try (LongLongMap m = LongLongMap.builder().build()) {
            for (long k = 0; k < 1000; k++) {
                m.put(k, k);
            }
            List<Long> order = cursorOrder(m);
            for (int i = 0; i < 5; i++) {
                assertEquals(order, cursorOrder(m), "an unchanged map's cursor changed its order");
                assertEquals(order, forEachOrder(m), "forEach and cursor disagree on an unchanged map");
                assertEquals(order, new ArrayList<>(m.asMap().keySet()), "the key view disagrees");
                m.put(order.get(0), -1); // a value update changes no key's place
            }
            Set<Long> firstKeys = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                m.put(5000 + i, 0);
                m.remove(5000 + i); // the same keys as before, but the map changed twice
                firstKeys.add(cursorOrder(m).get(0));
                assertEquals(cursorOrder(m), forEachOrder(m));
            }
            assertTrue(firstKeys.size() >= 2, "20 changes all left the iteration starting at key " + firstKeys);
        }
    }

    private static List<Long> cursorOrder(LongLongMap m) {
        List<Long> keys = new ArrayList<>();
        try (LongLongCursor c = m.cursor()) {
            while (c.next()) {
                keys.add(c.key());
            }
        }
        return keys;
    }

    private static List<Long> forEachOrder(LongLongMap m) {
        List<Long> keys = new ArrayList<>();
        m.forEach((k, v) -> keys.add(k));
        return keys;
    }

    @Test
    void mapsSeededDifferentlyStartTheirIterationsAtDifferentPlaces() {
        Set<Long> firstKeys = new HashSet<>();
        Set<Long> firstUuids = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            try (LongLongMap m = LongLongMap.builder().seed(seed).build();
                 OffHeapMap<UUID, Long> o = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).seed(seed).build()) {
                for (long k = 0; k < 1000; k++) {
                    m.put(k, k);
                    o.put(uuid(k), k);
                }
                try (LongLongCursor c = m.cursor()) {
                    assertTrue(c.next());
                    firstKeys.add(c.key());
                }
                firstUuids.add(o.keySet().iterator().next().getMostSignificantBits());
            }
        }
        assertTrue(firstKeys.size() >= 2, "20 differently seeded maps all started at key " + firstKeys);
        assertTrue(firstUuids.size() >= 2, "20 differently seeded maps all started at key " + firstUuids);
    }

    @Test
    void mapsWithTheSameSeedAndHistoryIterateInTheSameOrder() {
        List<List<Long>> orders = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (LongLongMap m = LongLongMap.builder().seed(99).build()) {
                for (long k = 0; k < 500; k++) {
                    m.put(k * 7, k);
                }
                for (long k = 0; k < 500; k += 3) {
                    m.remove(k * 7);
                }
                List<Long> order = new ArrayList<>();
                m.forEach((k, v) -> order.add(k));
                orders.add(order);
            }
        }
        assertEquals(orders.get(0), orders.get(1), "seed(...) fixes the iteration start, so runs repeat");
    }

    // ------------------------------------------------------------------ clear

    @Test
    void clearEndsARunningCursorEvenWhenKeysAreAddedAfterIt() {
        try (LongLongMap m = LongLongMap.builder().seed(5).build()) {
            for (long k = 0; k < 1000; k++) {
                m.put(k, k);
            }
            try (LongLongCursor c = m.cursor()) {
                for (int i = 0; i < 10; i++) {
                    assertTrue(c.next());
                }
                m.clear();
                assertFalse(c.next(), "clear ends the iteration");
                m.put(1, 1);
                m.put(2, 2);
                assertFalse(c.next(), "an ended iteration stays ended");
                c.reset();
                Set<Long> again = new HashSet<>();
                while (c.next()) {
                    again.add(c.key());
                }
                assertEquals(Set.of(1L, 2L), again, "reset starts a new iteration over what the map holds now");
            }
        }
    }

    @Test
    void clearDuringAGrowEndsAnIterationThatPinsTheOldGenerationAndFreesIt() {
        long before = OffHeapMemory.allocatedBytes();
        try (LongLongMap m = LongLongMap.builder().seed(6).build()) {
            long k = 0;
            while (m.stats().log2Buckets() < 8) {
                m.put(k, k);
                k++;
            }
            assertTrue(m.stats().growing());
            LongLongCursor c = m.cursor();
            assertTrue(c.next());
            for (long j = 0; j < 50; j++) {
                m.put(j, -j); // grow work; the old generation stays pinned by the cursor
            }
            m.clear();
            assertFalse(m.stats().growing());
            assertEquals(m.table().buckets().offHeapBytes(), m.stats().offHeapBytes(),
                "after clear only the current generation is held");
            assertEquals(OffHeapMemory.allocatedBytes() - before, m.stats().offHeapBytes());
            assertFalse(c.next(), "clear ends the iteration");
            for (long j = 0; j < 3000; j++) {
                m.put(j, j);
            }
            assertFalse(c.next());
            TableChecker.check(m.table());
            assertEquals(OffHeapMemory.allocatedBytes() - before, m.stats().offHeapBytes());
        }
        assertEquals(before, OffHeapMemory.allocatedBytes());
    }

    @Test
    void forEachStopsWhenItsActionClearsTheMap() {
        try (LongLongMap m = LongLongMap.builder().seed(8).build()) {
            for (long k = 0; k < 500; k++) {
                m.put(k, k);
            }
            int[] calls = {0};
            m.forEach((k, v) -> {
                if (++calls[0] == 3) {
                    m.clear();
                }
            });
            assertEquals(3, calls[0], "no entry is returned after clear");
            assertTrue(m.isEmpty());
        }
    }

    @Test
    void clearEndsARunningEntrySetIterator() {
        try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).seed(9).build()) {
            for (long k = 0; k < 500; k++) {
                m.put(uuid(k), k);
            }
            Iterator<Map.Entry<UUID, Long>> it = m.entrySet().iterator();
            it.next();
            it.next();
            m.clear();
            m.put(uuid(1), 1L);
            assertFalse(it.hasNext(), "clear ends the iteration");
        }
    }

    // ------------------------------------------------------------------ memory of abandoned iterations

    @Test
    void anAbandonedCursorKeepsTheGenerationsItReadsUntilTheMapIsClosed() {
        long before = OffHeapMemory.allocatedBytes();
        LongLongCursor abandoned;
        LongLongMap m = LongLongMap.builder().seed(10).build();
        try (m) {
            for (long k = 0; k < 200; k++) {
                m.put(k, k);
            }
            abandoned = m.cursor();
            for (int i = 0; i < 5; i++) {
                assertTrue(abandoned.next());
            }
            int b = m.stats().log2Buckets();
            long k = 200;
            while (m.stats().log2Buckets() < b + 2 || m.stats().growing()) {
                m.put(k, k);
                k++;
            }
            Table t = m.table();
            assertFalse(t.retired().isEmpty(), "the generation the cursor reads outlives its grow");
            assertTrue(m.stats().offHeapBytes() > t.buckets().offHeapBytes(), "retired generations are still held");
            assertEquals(OffHeapMemory.allocatedBytes() - before, m.stats().offHeapBytes(),
                "stats count the retired generations too");
            for (Generation g : t.retired()) {
                assertFalse(g.isFreed());
            }
        }
        assertEquals(before, OffHeapMemory.allocatedBytes(), "close frees the retired generations");
        assertThrows(IllegalStateException.class, abandoned::next, "the cursor of a closed map refuses to read");
    }

    @Test
    void closingAnAbandonedCursorFreesTheGenerationsItKeptAtOnce() {
        try (LongLongMap m = LongLongMap.builder().seed(12).build()) {
            for (long k = 0; k < 200; k++) {
                m.put(k, k);
            }
            LongLongCursor c = m.cursor();
            assertTrue(c.next());
            long k = 200;
            while (m.stats().log2Buckets() < 7 || m.stats().growing()) {
                m.put(k, k);
                k++;
            }
            assertTrue(m.stats().offHeapBytes() > m.table().buckets().offHeapBytes());
            c.close();
            assertTrue(m.table().retired().isEmpty());
            assertEquals(m.table().buckets().offHeapBytes(), m.stats().offHeapBytes(),
                "once the cursor lets go only the current generation is held");
            assertFalse(c.next(), "a closed cursor returns nothing");
        }
    }

    @Test
    void anAbandonedEntrySetIteratorAcrossAGrowLeaksNothingOnceTheMapIsClosed() {
        long before = OffHeapMemory.allocatedBytes();
        try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).seed(13).build()) {
            for (long k = 0; k < 100; k++) {
                m.put(uuid(k), k);
            }
            Iterator<Map.Entry<UUID, Long>> it = m.entrySet().iterator();
            it.next();
            Iterator<UUID> keys = m.keySet().iterator();
            keys.next();
            for (long k = 100; k < 5000; k++) {
                m.put(uuid(k), k);
            }
            assertFalse(m.table().retired().isEmpty());
            assertEquals(OffHeapMemory.allocatedBytes() - before, m.stats().offHeapBytes());
        }
        assertEquals(before, OffHeapMemory.allocatedBytes());
    }

    // ------------------------------------------------------------------ helpers

    private static UUID uuid(long k) {
        return new UUID(k, ~k * 0x9E3779B97F4A7C15L);
    }

    private static Map<Long, Long> collect(LongLongMap m) {
        Map<Long, Long> seen = new HashMap<>();
        m.forEach((k, v) -> assertNull(seen.put(k, v), () -> "key " + k + " returned twice"));
        return seen;
    }
}
