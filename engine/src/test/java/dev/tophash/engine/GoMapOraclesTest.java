package dev.tophash.engine;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test oracles of GO_MAP.md, one test each, read through MapStats and the table itself. */
@ExtendWith(NoLeaks.class)
class GoMapOraclesTest {

    private static LongLongMap map(long expectedSize) {
        return LongLongMap.builder().expectedSize(expectedSize).seed(42).build();
    }

    /** keysInBucket finds {@code n} keys, not in {@code avoid}, whose hash picks {@code bucket}. */
    private static long[] keysInBucket(Table t, long bucket, int n, long from) {
        long[] keys = new long[n];
        long mask = t.buckets().mask;
        int found = 0;
        for (long k = from; found < n; k++) {
            if ((t.hashBits(k) & mask) == bucket) {
                keys[found++] = k;
            }
        }
        return keys;
    }

    @Test
    void bGrowsAtTheInsertsGoObserved() {
        long[] expected = {9, 14, 27, 53, 105, 209, 417, 833, 1665, 3329};
        List<Long> observed = new ArrayList<>();
        try (LongLongMap m = map(0)) {
            int b = m.stats().log2Buckets();
            for (long n = 1; n <= 4000; n++) {
                m.put(n * 0x9E3779B97F4A7C15L, n);
                int now = m.stats().log2Buckets();
                if (now != b) {
                    assertEquals(b + 1, now, "a grow changes B by exactly one");
                    observed.add(n);
                    b = now;
                }
            }
            TableChecker.check(m.table());
        }
        assertEquals(toList(expected), observed);
    }

    @Test
    void expectedSizeGivesGosHintSizing() {
        long[][] cases = {{0, 0}, {8, 0}, {9, 1}, {13, 1}, {14, 2}, {26, 2}, {27, 3}, {52, 3}, {53, 4}, {104, 4}, {105, 5}};
        for (long[] c : cases) {
            try (LongLongMap m = map(c[0])) {
                assertEquals(c[1], m.stats().log2Buckets(), "expectedSize " + c[0]);
            }
        }
    }

    @Test
    void updatesAndDeletesNeverStartAGrowButDoGrowWork() {
        try (LongLongMap m = map(0)) {
            for (long k = 0; k < 104; k++) {
                m.put(k, k);
            }
            assertEquals(4, m.stats().log2Buckets());
            assertFalse(m.stats().growing());
            for (long k = 0; k < 104; k++) {
                m.put(k, k + 1);
                m.remove(1_000_000 + k);
            }
            assertFalse(m.stats().growing(), "updates and deletes of absent keys must not grow");
            assertEquals(4, m.stats().log2Buckets());
            m.put(104, 0); // count 105 > 6.5 * 16: this insert starts the grow
            MapStats s = m.stats();
            assertTrue(s.growing());
            long mark = s.evacuatedBuckets();
            m.put(0, 7); // an update: still does grow work
            assertTrue(m.stats().evacuatedBuckets() > mark || !m.stats().growing());
            mark = m.stats().evacuatedBuckets();
            m.remove(-1); // a delete of an absent key: grow work too
            assertTrue(m.stats().evacuatedBuckets() > mark || !m.stats().growing());
            TableChecker.check(m.table());
        }
    }

    @Test
    void everyWriteDuringAGrowAdvancesNevacuateAndTheGrowEndsInTime() {
        try (LongLongMap m = map(0)) {
            long k = 0;
            while (m.stats().log2Buckets() < 10) {
                m.put(k++, k);
            }
            // B just became 10: old B is 9; count is 6.5 * 512 + 1
            MapStats s = m.stats();
            assertTrue(s.growing());
            assertEquals(512, s.oldBucketCount());
            int writes = 0;
            long mark = s.evacuatedBuckets();
            while (m.stats().growing()) {
                m.put(writes % 100, writes); // updates only
                writes++;
                long now = m.stats().evacuatedBuckets();
                assertTrue(now >= mark + 1 || !m.stats().growing(), "nevacuate must advance on every write");
                mark = now;
                for (long j = 0; j < now && m.stats().growing(); j += 37) {
                    assertTrue(Growth.evacuated(m.table().oldbuckets(), j));
                }
            }
            assertTrue(writes <= 512, "grow of 512 old buckets took " + writes + " writes");
            s = m.stats();
            assertNull(m.table().oldbuckets());
            assertFalse(s.sameSizeGrow());
            assertEquals(10, s.log2Buckets());
            for (long i = 0; i < k; i++) {
                assertTrue(m.containsKey(i));
            }
            TableChecker.check(m.table());
        }
    }

    @Test
    void lookupsDuringGrowthFindEveryKeyWhereverItIs() {
        try (LongLongMap m = map(0)) {
            long n = 0;
            while (m.stats().log2Buckets() < 12) {
                m.put(n, ~n);
                n++;
            }
            assertTrue(m.stats().growing());
            for (int step = 0; m.stats().growing(); step++) {
                for (long i = 0; i < n; i += 1 + step % 7) {
                    assertEquals(~i, m.get(i));
                }
                m.put(n, ~n);
                n++;
                TableChecker.check(m.table());
            }
        }
    }

    @Test
    void evacuationSplitsAChainByTheNewHashBitKeepingOrder() {
        try (LongLongMap m = map(0)) {
            Table t = m.table();
            long k = 0;
            while (t.log2Buckets() < 6) {
                m.put(k++, 1);
            }
            assertTrue(t.growing());
            Generation old = t.oldbuckets();
            long newbit = old.bucketCount;
            long j = newbit - 1; // the last bucket: growWork has not reached it yet
            assertFalse(Growth.evacuated(old, j));
            List<Long> chain = liveKeys(t, old, j);
            Growth.evacuate(t, j);
            List<Long> x = new ArrayList<>();
            List<Long> y = new ArrayList<>();
            for (long key : chain) {
                ((t.hashBits(key) & newbit) == 0 ? x : y).add(key);
            }
            assertEquals(x, liveKeys(t, t.buckets(), j));
            assertEquals(y, liveKeys(t, t.buckets(), j + newbit));
            for (long b = old.headAddress(j); b != 0; ) {
                for (int i = 0; i < SLOTS; i++) {
                    int top = getByte(tophashAddress(b, i)) & 0xFF;
                    assertTrue(top >= 2 && top <= 4, "old cell marked " + top);
                }
                long next = getLong(t.layout().overflowAddress(b));
                b = next == NO_OVERFLOW ? 0 : old.bucketAddress(next);
            }
            TableChecker.check(t);
        }
    }

    @Test
    void deletingEveryKeyLeavesOnlyEmptyRestAndKeysNoInvariantBroken() {
        try (LongLongMap m = map(0)) {
            Table t = m.table();
            for (long k = 0; k < 3000; k++) {
                m.put(k, k);
            }
            TableChecker.check(t);
            for (long k = 0; k < 3000; k += 2) {
                m.remove(k);
            }
            TableChecker.check(t);
            for (long k = 0; k < 3000; k += 2) {
                m.put(k, k);
            }
            TableChecker.check(t);
            while (t.growing()) {
                m.put(0, 0);
            }
            for (long k = 0; k < 3000; k++) {
                m.remove(k);
            }
            TableChecker.check(t);
            Generation g = t.buckets();
            for (long j = 0; j < g.bucketCount; j++) {
                for (long b = g.headAddress(j); b != 0; ) {
                    for (int i = 0; i < SLOTS; i++) {
                        assertEquals(Tophash.EMPTY_REST, getByte(tophashAddress(b, i)));
                    }
                    long next = getLong(t.layout().overflowAddress(b));
                    b = next == NO_OVERFLOW ? 0 : g.bucketAddress(next);
                }
            }
        }
    }

    @Test
    void emptyingTheMapOrClearingItDrawsANewSeed() {
        try (LongLongMap m = map(0)) {
            Table t = m.table();
            for (long k = 0; k < 200; k++) {
                m.put(k, k);
            }
            long seed = t.hash0();
            for (long k = 0; k < 199; k++) {
                m.remove(k);
            }
            assertEquals(seed, t.hash0(), "no reseed while entries remain");
            m.remove(199);
            assertNotEquals(seed, t.hash0(), "a delete to count 0 reseeds");
            for (long k = 0; k < 200; k++) {
                m.put(k, k);
            }
            int b = t.log2Buckets();
            seed = t.hash0();
            m.clear();
            assertNotEquals(seed, t.hash0());
            assertEquals(b, t.log2Buckets(), "clear keeps B");
            assertEquals(0, t.count());
            assertEquals(0, t.noverflow());
            assertEquals(0, t.nevacuate());
            assertNull(t.oldbuckets());
            TableChecker.check(t);
        }
    }

    @Test
    void tooManyOverflowBucketsStartsASameSizeGrow() {
        try (LongLongMap m = map(100)) {
            Table t = m.table();
            assertEquals(4, t.log2Buckets());
            long from = 0;
            for (long bucket = 0; bucket < 16; bucket++) {
                long[] keys = keysInBucket(t, bucket, 9, from);
                for (long key : keys) {
                    m.put(key, key);
                }
                for (int i = 0; i < 8; i++) {
                    m.remove(keys[i]);
                }
                from = keys[8] + 1;
                assertEquals(bucket + 1, t.noverflow(), "noverflow counts every overflow bucket below B=16");
            }
            assertFalse(t.growing());
            assertEquals(16, m.stats().overflowCounter());
            m.put(-1, -1); // a new key with noverflow >= 2^B and no overload
            MapStats s = m.stats();
            assertTrue(s.growing());
            assertTrue(s.sameSizeGrow());
            assertEquals(4, s.log2Buckets());
            while (m.stats().growing()) {
                m.put(-1, -1);
                TableChecker.check(t);
            }
            assertFalse(m.stats().sameSizeGrow());
            assertEquals(17, m.size());
            assertTrue(m.stats().overflowBucketsInUse() < 16, "the same-size grow repacked the chains");
        }
    }

    @Test
    void overflowPoolIsHandedOutInOrderThenChunksFollow() {
        try (LongLongMap m = map(100)) {
            Table t = m.table();
            Generation g = t.buckets();
            assertEquals(16, g.bucketCount);
            assertEquals(1, g.preallocatedOverflow);
            assertEquals(1, m.stats().preallocatedOverflowBuckets());
            assertEquals(16, g.nextOverflow(), "nextOverflow starts right after the head buckets");
            long bytes = m.stats().offHeapBytes();
            long[] keys = keysInBucket(t, 3, 17, 0);
            for (int i = 0; i < 9; i++) {
                m.put(keys[i], i);
            }
            assertEquals(17, g.nextOverflow(), "the first overflow bucket is the pool's");
            assertEquals(bytes, m.stats().offHeapBytes(), "the pool needs no allocation");
            for (int i = 9; i < 17; i++) {
                m.put(keys[i], i);
            }
            assertEquals(2, m.stats().overflowBucketsInUse());
            assertTrue(m.stats().offHeapBytes() > bytes, "past the pool a chunk is allocated");
            for (int i = 0; i < 17; i++) {
                assertEquals(i, m.get(keys[i]));
            }
            TableChecker.check(t);
        }
        for (int b = 0; b < 12; b++) {
            assertEquals(b >= 4 ? 1L << (b - 4) : 0, Generation.preallocatedOverflow(b));
        }
    }

    @Test
    void tablesNeverShrink() {
        try (LongLongMap m = map(0)) {
            for (long k = 0; k < 10_000; k++) {
                m.put(k, k);
            }
            int b = m.stats().log2Buckets();
            for (long k = 0; k < 10_000; k++) {
                m.remove(k);
                assertTrue(m.stats().log2Buckets() >= b);
            }
            m.clear();
            assertEquals(b, m.stats().log2Buckets());
        }
    }

    @Test
    void keysInsertedDuringAGrowGoToTheNewGeneration() {
        try (LongLongMap m = map(0)) {
            Table t = m.table();
            long k = 0;
            while (t.log2Buckets() < 8) {
                m.put(k++, k);
            }
            assertTrue(t.growing());
            long fresh = 1L << 40;
            m.put(fresh, 1);
            assertTrue(t.growing());
            long hash = t.hashBits(fresh);
            assertTrue(Growth.evacuated(t.oldbuckets(), hash & t.oldbuckets().mask));
            assertTrue(liveKeys(t, t.buckets(), hash & t.buckets().mask).contains(fresh));
        }
    }

    private static List<Long> liveKeys(Table t, Generation g, long head) {
        List<Long> keys = new ArrayList<>();
        for (long b = g.headAddress(head); b != 0; ) {
            for (int i = 0; i < SLOTS; i++) {
                int top = getByte(tophashAddress(b, i)) & 0xFF;
                if (top >= Tophash.MIN_TOP_HASH) {
                    keys.add(getLong(t.layout().keyAddress(b, i)));
                }
            }
            long next = getLong(t.layout().overflowAddress(b));
            b = next == NO_OVERFLOW ? 0 : g.bucketAddress(next);
        }
        return keys;
    }

    private static List<Long> toList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long v : a) {
            l.add(v);
        }
        return l;
    }
}
