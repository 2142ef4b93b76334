package dev.tophash.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-threaded examples of {@link ConcurrentLongLongMap}: its API, its shards, its view, its misuse. */
@ExtendWith(NoLeaks.class)
class ConcurrentLongLongMapTest {

    @Test
    void quickStartFromTheJavadocWorks() {
        try (ConcurrentLongLongMap positions = ConcurrentLongLongMap.builder().expectedSize(1_000_000).build()) {
            long instrumentId = 42;
            positions.addTo(instrumentId, 100);
            positions.addTo(instrumentId, -30);
            assertEquals(70, positions.get(instrumentId));
        }
    }

    @Test
    void getReturnsWhatPutStoredForEveryBitPattern() {
        long[] keys = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 0x8080808080808080L};
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).missingValue(-99).build()) {
            for (long k : keys) {
                assertEquals(-99, m.put(k, k ^ 5));
            }
            for (long k : keys) {
                assertEquals(k ^ 5, m.get(k));
                assertTrue(m.containsKey(k));
            }
            assertEquals(keys.length, m.size());
            assertEquals(-99, m.get(12345));
            assertFalse(m.containsKey(12345));
            assertEquals(3, m.getOrDefault(12345, 3));
            assertEquals(5, m.put(0, -99), "the missing value is also a legal value");
            assertEquals(-99, m.get(0));
            assertTrue(m.containsKey(0));
            assertEquals(-99, m.getOrDefault(0, 7));
            assertEquals(-99, m.missingValue());
        }
    }

    @Test
    void putIfAbsentAddToAndRemoveAnswerAsTheirJavadocSays() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().missingValue(-1).build()) {
            assertEquals(-1, m.putIfAbsent(1, 10));
            assertEquals(10, m.putIfAbsent(1, 20));
            assertEquals(10, m.get(1));
            assertEquals(4, m.addTo(2, 5), "an absent key starts from the missing value");
            assertEquals(11, m.addTo(2, 7));
            assertEquals(2, m.size());
            assertEquals(11, m.remove(2));
            assertEquals(-1, m.remove(2));
            assertEquals(1, m.size());
            assertFalse(m.isEmpty());
            m.clear();
            assertTrue(m.isEmpty());
            assertEquals(-1, m.get(1));
        }
    }

    @Test
    void manyKeysOverEveryShardSurviveGrowsRemovesAndClear() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(8).seed(3).build()) {
            Map<Long, Long> model = new HashMap<>();
            for (long k = 0; k < 50_000; k++) {
                m.put(k * 7919, k);
                model.put(k * 7919, k);
            }
            for (long k = 0; k < 50_000; k += 3) {
                assertEquals(k, m.remove(k * 7919));
                model.remove(k * 7919);
            }
            assertEquals(model.size(), m.size());
            for (long k = 0; k < 50_000; k++) {
                assertEquals(model.getOrDefault(k * 7919, 0L), m.get(k * 7919));
            }
            assertEquals(model, m.asMap());
            m.clear();
            assertEquals(0, m.size());
            assertEquals(Map.of(), m.asMap());
            m.put(1, 1);
            assertEquals(Map.of(1L, 1L), m.asMap());
        }
    }

    @Test
    void forEachVisitsEveryEntryOnceAndItsActionMayWriteTheMap() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).seed(1).build()) {
            Map<Long, Long> model = new HashMap<>();
            for (long k = 0; k < 5000; k++) {
                m.put(k * 31, k);
                model.put(k * 31, k);
            }
            Map<Long, Long> seen = new HashMap<>();
            m.forEach((k, v) -> assertNull(seen.put(k, v), "key " + k + " twice"));
            assertEquals(model, seen);
            // No lock is held while the action runs: it may write any shard, its own included.
            m.forEach((k, v) -> m.put(k, v * 2));
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertEquals(e.getValue() * 2, m.get(e.getKey()));
            }
        }
    }

    @Test
    void aForEachWhoseActionThrowsLetsGoOfItsShard() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(2).build()) {
            for (long k = 0; k < 1000; k++) {
                m.put(k, k);
            }
            assertThrows(IllegalArgumentException.class, () -> m.forEach((k, v) -> {
                throw new IllegalArgumentException("stop");
            }));
            // Pinned generations would be kept (not freed) through a grow; the walk let go of them.
            for (long k = 1000; k < 20_000; k++) {
                m.put(k, k);
            }
            for (Shard s : m.shards()) {
                assertTrue(s.table().retired().isEmpty(), "a generation is still pinned by the abandoned walk");
            }
        }
    }

    @Test
    void theDefaultShardCountIsThePowerOfTwoAtOrAboveFourPerProcessor() {
        assertEquals(4, ConcurrentLongLongMap.defaultShards(1));
        assertEquals(8, ConcurrentLongLongMap.defaultShards(2));
        assertEquals(16, ConcurrentLongLongMap.defaultShards(3));
        assertEquals(16, ConcurrentLongLongMap.defaultShards(4));
        assertEquals(32, ConcurrentLongLongMap.defaultShards(6));
        assertEquals(65_536, ConcurrentLongLongMap.defaultShards(1_000_000));
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().build()) {
            int processors = Runtime.getRuntime().availableProcessors();
            int shards = m.stats().shardCount();
            assertEquals(1, Integer.bitCount(shards));
            assertTrue(shards >= 4 * processors && shards / 2 < 4 * processors, shards + " shards for " + processors + " processors");
        }
    }

    @Test
    void badBuilderValuesAreRefusedNamingTheValue() {
        long before = OffHeapMemory.allocatedBytes();
        for (int bad : new int[] {0, -4, 3, 6, 1 << 17, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConcurrentLongLongMap.builder().shards(bad));
            assertTrue(e.getMessage().contains("got " + bad), e.getMessage());
            assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        }
        IllegalArgumentException six = assertThrows(IllegalArgumentException.class,
            () -> ConcurrentLongLongMap.builder().shards(6));
        assertTrue(six.getMessage().contains("4 or 8"), six.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> ConcurrentLongLongMap.builder().expectedSize(-5));
        assertTrue(negative.getMessage().contains("-5"), negative.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
            () -> ConcurrentLongLongMap.builder().shards(1).expectedSize(Long.MAX_VALUE).build());
        assertTrue(huge.getMessage().contains(String.valueOf(Long.MAX_VALUE)), huge.getMessage());
        assertEquals(before, OffHeapMemory.allocatedBytes(), "a refused build left memory behind");
        for (int good : new int[] {1, 2, 1 << 16}) {
            ConcurrentLongLongMap.builder().shards(good);
        }
    }

    /** An allocator that fails its {@code failAt}-th allocation and counts the others. */
    private static final class FailAt implements Allocator {
        private final int failAt;
        int allocations;

        FailAt(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public long allocate(long bytes) {
            if (++allocations == failAt) {
                throw new OutOfMemoryError("injected failure of allocation " + failAt);
            }
            return Allocator.NATIVE.allocate(bytes);
        }

        @Override
        public void free(long address, long bytes) {
            Allocator.NATIVE.free(address, bytes);
        }
    }

    @Test
    void aBuildThatRunsOutOfMemoryHalfWayFreesTheShardsItMade() {
        long before = OffHeapMemory.allocatedBytes();
        FailAt never = new FailAt(0);
        ConcurrentLongLongMap.builder().shards(8).allocator(never).backgroundThreads(false).build().close();
        int perMap = never.allocations;
        assertTrue(perMap >= 8, "one table per shard");
        FailAt halfway = new FailAt(perMap / 2 + 1);
        assertThrows(OffHeapAllocationException.class,
            () -> ConcurrentLongLongMap.builder().shards(8).allocator(halfway).backgroundThreads(false).build());
        assertEquals(perMap / 2 + 1, halfway.allocations);
        assertEquals(before, OffHeapMemory.allocatedBytes(), "the shards made before the failure were not freed");
    }

    @Test
    void expectedSizeIsSharedOutSoThatAMapFilledToItGrowsNoShard() {
        assertEquals(0, ConcurrentLongLongMap.perShard(0, 16));
        assertEquals(100, ConcurrentLongLongMap.perShard(100, 1));
        assertEquals(6567, ConcurrentLongLongMap.perShard(100_000, 16), "6250 + 4 * sqrt(6250), rounded up");
        for (int shards : new int[] {1, 4, 16, 64}) {
            try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().expectedSize(200_000).shards(shards).seed(shards).build()) {
                ShardedMapStats before = m.stats();
                for (long k = 0; k < 200_000; k++) {
                    m.put(Hashing.mix(k), k);
                }
                ShardedMapStats after = m.stats();
                assertEquals(before.bucketCount(), after.bucketCount(), "a shard grew with " + shards + " shards: " + after);
                assertEquals(0, after.growingShards());
                assertEquals(200_000, after.size());
            }
        }
    }

    @Test
    void eachShardGrowsOnItsOwn() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).seed(9).build()) {
            int filled = 0;
            for (long k = 0; filled < 10_000; k++) {
                if (m.shardIndex(k) == 2) {
                    m.put(k, k);
                    filled++;
                }
            }
            List<MapStats> shards = m.stats().shards();
            assertTrue(shards.get(2).log2Buckets() >= 10, "the filled shard did not grow: " + shards.get(2));
            for (int i : new int[] {0, 1, 3}) {
                assertEquals(0, shards.get(i).log2Buckets(), "shard " + i + " grew without a key: " + shards.get(i));
                assertEquals(0, shards.get(i).size());
            }
            assertEquals(10_000, m.size());
        }
    }

    @Test
    void theKeysOfOneShardSpreadOverAllOfItsBuckets() {
        // Were the shard picked by the bits that also pick the bucket, each shard would use one
        // bucket in 16 and overflow heavily.
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(16).seed(5).build()) {
            for (long k = 0; k < 200_000; k++) {
                m.put(k, k);
            }
            for (MapStats s : m.stats().shards()) {
                assertTrue(s.overflowBucketsInUse() < s.bucketCount() / 4, "a shard's keys crowd its buckets: " + s);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameShardsAndTheSameOrder() {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        try (ConcurrentLongLongMap a = ConcurrentLongLongMap.builder().shards(8).seed(77).build();
             ConcurrentLongLongMap b = ConcurrentLongLongMap.builder().shards(8).seed(77).build();
             ConcurrentLongLongMap c = ConcurrentLongLongMap.builder().shards(8).seed(78).build()) {
            for (long k = 0; k < 2000; k++) {
                a.put(k, k);
                b.put(k, k);
                c.put(k, k);
            }
            a.forEach((k, v) -> first.add(k));
            b.forEach((k, v) -> second.add(k));
            assertEquals(first, second);
            int differentShards = 0;
            for (long k = 0; k < 2000; k++) {
                assertEquals(a.shardIndex(k), b.shardIndex(k));
                differentShards += a.shardIndex(k) != c.shardIndex(k) ? 1 : 0;
            }
            assertTrue(differentShards > 1000, "another seed picks other shards");
        }
    }

    @Test
    void statsSumTheShardsAndCountEveryByte() {
        long before = OffHeapMemory.allocatedBytes();
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).backgroundThreads(false).build()) {
            for (long k = 0; k < 30_000; k++) {
                m.put(k, k);
            }
            ShardedMapStats s = m.stats();
            assertEquals(4, s.shardCount());
            assertEquals(30_000, s.size());
            long buckets = 0;
            long bytes = 0;
            long size = 0;
            for (MapStats one : s.shards()) {
                buckets += one.bucketCount();
                bytes += one.offHeapBytes();
                size += one.size();
            }
            assertEquals(buckets, s.bucketCount());
            assertEquals(bytes, s.offHeapBytes());
            assertEquals(size, s.size());
            assertEquals((double) size / buckets, s.loadFactor());
            assertEquals(OffHeapMemory.allocatedBytes() - before, s.offHeapBytes());
            assertTrue(s.toString().contains("shards=4"), s.toString());
            assertThrows(UnsupportedOperationException.class, () -> s.shards().clear());
        }
    }

    @Test
    void aWriteThatCannotGetMemoryChangesNothingAndLetsGoOfTheLock() {
        FailingAllocator allocator = new FailingAllocator();
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(1).allocator(allocator)
                .backgroundThreads(false).missingValue(-1).build()) {
            long k = 0;
            for (; k < 8; k++) {
                m.put(k, k);
            }
            allocator.failNext(1000);
            long key = k;
            assertThrows(OffHeapAllocationException.class, () -> m.put(key, key), "the grow's allocation fails");
            assertEquals(8, m.size());
            assertFalse(m.containsKey(key));
            allocator.failNext(0);
            // Another thread can take the shard's lock: the failed write let go of it.
            AtomicReference<Long> other = new AtomicReference<>();
            Thread t = new Thread(() -> other.set(m.put(key, 1)));
            t.start();
            assertDoesNotHang(t);
            assertEquals(-1L, other.get());
            assertEquals(1, m.get(key));
        }
    }

    private static void assertDoesNotHang(Thread t) {
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive(), "the other writer is still waiting for the shard's lock");
    }

    @Test
    void everyCallAfterCloseThrowsAndCloseTwiceIsHarmless() {
        long before = OffHeapMemory.allocatedBytes();
        ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).expectedSize(1000).build();
        m.put(1, 1);
        ConcurrentMap<Long, Long> view = m.asMap();
        m.close();
        m.close();
        assertEquals(before, OffHeapMemory.allocatedBytes());
        assertThrows(IllegalStateException.class, () -> m.get(1));
        assertThrows(IllegalStateException.class, () -> m.getOrDefault(1, 0));
        assertThrows(IllegalStateException.class, () -> m.containsKey(1));
        assertThrows(IllegalStateException.class, () -> m.put(1, 1));
        assertThrows(IllegalStateException.class, () -> m.putIfAbsent(1, 1));
        assertThrows(IllegalStateException.class, () -> m.addTo(1, 1));
        assertThrows(IllegalStateException.class, () -> m.remove(1));
        assertThrows(IllegalStateException.class, m::size);
        assertThrows(IllegalStateException.class, m::isEmpty);
        assertThrows(IllegalStateException.class, m::clear);
        assertThrows(IllegalStateException.class, m::stats);
        assertThrows(IllegalStateException.class, () -> m.forEach((k, v) -> { }));
        assertThrows(IllegalStateException.class, () -> view.get(1L));
        assertThrows(IllegalStateException.class, () -> view.put(1L, 1L));
        assertThrows(IllegalStateException.class, () -> view.putIfAbsent(1L, 1L));
        assertThrows(IllegalStateException.class, view::size);
        assertThrows(IllegalStateException.class, () -> view.entrySet().iterator().hasNext());
        assertEquals("ConcurrentLongLongMap[closed]", m.toString());
    }

    @Test
    void anIteratorOverAClosedMapThrowsInsteadOfReadingFreedMemory() {
        ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(2).build();
        for (long k = 0; k < 1000; k++) {
            m.put(k, k);
        }
        var it = m.asMap().entrySet().iterator();
        it.next();
        m.close();
        assertThrows(IllegalStateException.class, () -> {
            while (it.hasNext()) {
                it.next();
            }
        });
    }

    // ------------------------------------------------------------------ the ConcurrentMap view

    @Test
    void asMapIsALiveConcurrentMapView() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).missingValue(-1).build()) {
            ConcurrentMap<Long, Long> view = m.asMap();
            assertEquals(view, m.asMap());
            view.put(1L, 2L);
            assertEquals(2L, m.get(1L));
            m.put(3L, 4L);
            assertEquals(Map.of(1L, 2L, 3L, 4L), view);
            assertEquals(Map.of(1L, 2L, 3L, 4L).hashCode(), view.hashCode());
            assertEquals(Map.of(1L, 2L, 3L, 4L).toString().length(), view.toString().length());
            assertEquals(view.toString(), m.toString());
            assertNull(view.get(99L));
            assertNull(view.get("not a long"));
            assertFalse(view.containsKey(7));
            assertTrue(view.containsValue(4L));
            assertFalse(view.containsValue(5L));
            view.keySet().remove(1L);
            assertFalse(m.containsKey(1L));
            assertEquals(List.of(4L), new ArrayList<>(view.values()));
        }
    }

    @Test
    void theViewGetTellsAKeyHoldingTheProbeValueFromAnAbsentOne() {
        long probe = 0x9E3779B97F4A7C15L;
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().missingValue(probe).build()) {
            ConcurrentMap<Long, Long> view = m.asMap();
            assertNull(view.get(5L));
            m.put(5, probe);
            assertEquals(probe, view.get(5L));
            m.put(6, 0);
            assertEquals(0L, view.get(6L));
        }
    }

    @Test
    void theViewRefusesNullsAsConcurrentMapsDo() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().build()) {
            ConcurrentMap<Long, Long> view = m.asMap();
            view.put(1L, 1L);
            assertThrows(NullPointerException.class, () -> view.put(null, 1L));
            assertThrows(NullPointerException.class, () -> view.put(1L, null));
            assertThrows(NullPointerException.class, () -> view.get(null));
            assertThrows(NullPointerException.class, () -> view.containsKey(null));
            assertThrows(NullPointerException.class, () -> view.containsValue(null));
            assertThrows(NullPointerException.class, () -> view.remove(null));
            assertThrows(NullPointerException.class, () -> view.putIfAbsent(null, 1L));
            assertThrows(NullPointerException.class, () -> view.putIfAbsent(1L, null));
            assertThrows(NullPointerException.class, () -> view.replace(1L, null));
            assertThrows(NullPointerException.class, () -> view.replace(1L, 1L, null));
            assertThrows(NullPointerException.class, () -> view.replace(1L, null, 2L));
            assertThrows(NullPointerException.class, () -> view.merge(1L, null, Long::sum));
            assertThrows(NullPointerException.class, () -> view.entrySet().iterator().next().setValue(null));
            assertFalse(view.remove(1L, null));
            assertEquals(Map.of(1L, 1L), view, "a refused call changed the map");
        }
    }

    @Test
    void theViewsAtomicWritesBehaveAsConcurrentHashMapsDo() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(2).build()) {
            ConcurrentMap<Long, Long> view = m.asMap();
            Map<Long, Long> expected = new java.util.concurrent.ConcurrentHashMap<>();
            for (Map<Long, Long> map : List.of(expected, view)) {
                assertNull(map.putIfAbsent(1L, 10L));
                assertEquals(10L, map.putIfAbsent(1L, 11L));
                assertNull(map.replace(2L, 20L));
                assertEquals(10L, map.replace(1L, 12L));
                assertFalse(map.replace(1L, 10L, 13L));
                assertTrue(map.replace(1L, 12L, 13L));
                assertFalse(map.remove(1L, 12L));
                assertFalse(map.remove(1L, "13"));
                assertEquals(5L, map.merge(3L, 5L, Long::sum));
                assertEquals(12L, map.merge(3L, 7L, Long::sum));
                assertNull(map.merge(3L, 1L, (a, b) -> null));
                assertEquals(4L, map.compute(4L, (k, v) -> v == null ? 4L : v + 1));
                assertEquals(5L, map.compute(4L, (k, v) -> v == null ? 4L : v + 1));
                assertEquals(6L, map.computeIfAbsent(6L, k -> 6L));
                assertEquals(6L, map.computeIfAbsent(6L, k -> 7L));
                assertEquals(60L, map.computeIfPresent(6L, (k, v) -> v * 10));
                assertNull(map.computeIfPresent(8L, (k, v) -> v * 10));
                assertEquals(99L, map.getOrDefault(8L, 99L));
                assertTrue(map.remove(1L, 13L));
                map.replaceAll((k, v) -> v + k);
            }
            assertEquals(expected, view);
            assertEquals(view, expected);
        }
    }

    @Test
    void viewIteratorsReturnEachEntryOnceSupportRemoveAndWriteThrough() {
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).build()) {
            for (long k = 0; k < 1000; k++) {
                m.put(k, k);
            }
            var it = m.asMap().entrySet().iterator();
            assertThrows(IllegalStateException.class, it::remove, "remove before next");
            Map<Long, Long> seen = new HashMap<>();
            while (it.hasNext()) {
                Map.Entry<Long, Long> e = it.next();
                assertNull(seen.put(e.getKey(), e.getValue()));
                if (e.getKey() % 2 == 0) {
                    it.remove();
                    assertThrows(IllegalStateException.class, it::remove, "remove twice");
                } else {
                    assertEquals(e.getValue(), e.setValue(-e.getValue()));
                }
            }
            assertThrows(NoSuchElementException.class, it::next);
            assertEquals(1000, seen.size());
            assertEquals(500, m.size());
            for (long k = 1; k < 1000; k += 2) {
                assertEquals(-k, m.get(k));
            }
            assertTrue(m.asMap().entrySet().contains(Map.entry(1L, -1L)));
            assertFalse(m.asMap().entrySet().contains(Map.entry(1L, 1L)));
            assertTrue(m.asMap().entrySet().remove(Map.entry(1L, -1L)));
            assertFalse(m.containsKey(1));
            m.asMap().values().clear();
            assertTrue(m.isEmpty());
            assertFalse(m.asMap().keySet().iterator().hasNext());
        }
    }
}
