package dev.tophash.engine;

import java.lang.ref.WeakReference;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class LongLongMapTest {

    @Test
    void quickStartFromTheReadmeWorks() {
        try (LongLongMap orders = LongLongMap.builder().expectedSize(1_000_000).build()) {
            orders.put(42L, 7L);
            long qty = orders.get(42L);
            assertEquals(7L, qty);
            assertEquals(7L, orders.remove(42L));
            assertTrue(orders.isEmpty());
        }
    }

    @Test
    void getReturnsWhatPutStoredForEveryBitPattern() {
        long[] keys = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 0x8080808080808080L};
        try (LongLongMap m = LongLongMap.builder().missingValue(-99).build()) {
            for (long k : keys) {
                assertEquals(-99, m.put(k, k ^ 5));
            }
            for (long k : keys) {
                assertEquals(k ^ 5, m.get(k));
                assertTrue(m.containsKey(k));
            }
            assertEquals(keys.length, m.size());
            assertEquals(-99, m.get(12345));
            assertEquals(3, m.getOrDefault(12345, 3));
            assertEquals(0 ^ 5, m.put(0, -99), "the missing value is also a legal value");
            assertEquals(-99, m.get(0));
            assertTrue(m.containsKey(0));
        }
    }

    @Test
    void putIfAbsentAndAddToUpdateInOneLookup() {
        try (LongLongMap m = LongLongMap.builder().build()) {
            assertEquals(0, m.putIfAbsent(1, 10));
            assertEquals(10, m.putIfAbsent(1, 20));
            assertEquals(10, m.get(1));
            assertEquals(5, m.addTo(2, 5));
            assertEquals(12, m.addTo(2, 7));
            assertEquals(2, m.size());
        }
    }

    @Test
    void forEachAndCursorVisitEveryEntryOnce() {
        try (LongLongMap m = LongLongMap.builder().seed(1).build()) {
            Map<Long, Long> model = new HashMap<>();
            for (long k = 0; k < 5000; k++) {
                m.put(k * 31, k);
                model.put(k * 31, k);
            }
            Map<Long, Long> seen = new HashMap<>();
            m.forEach((k, v) -> assertEquals(null, seen.put(k, v)));
            assertEquals(model, seen);
            seen.clear();
            try (LongLongCursor c = m.cursor()) {
                while (c.next()) {
                    assertEquals(null, seen.put(c.key(), c.value()));
                }
            }
            assertEquals(model, seen);
        }
    }

    @Test
    void asMapIsALiveMapView() {
        try (LongLongMap m = LongLongMap.builder().build()) {
            Map<Long, Long> view = m.asMap();
            view.put(1L, 2L);
            assertEquals(2L, m.get(1L));
            m.put(3L, 4L);
            assertEquals(Map.of(1L, 2L, 3L, 4L), view);
            assertEquals(Map.of(1L, 2L, 3L, 4L).hashCode(), view.hashCode());
            assertEquals(null, view.get(99L));
            assertEquals(null, view.get("not a long"));
            assertEquals(null, view.get(null));
            view.keySet().remove(1L);
            assertFalse(m.containsKey(1L));
            assertThrows(NullPointerException.class, () -> view.put(null, 1L));
            assertThrows(UnsupportedOperationException.class, () -> ((OffHeapMap<?, ?>) view).close());
        }
    }

    @Test
    void everyCallAfterCloseThrowsAndCloseTwiceIsHarmless() {
        LongLongMap m = LongLongMap.builder().expectedSize(1000).build();
        m.put(1, 1);
        Map<Long, Long> view = m.asMap();
        LongLongCursor cursor = m.cursor();
        m.close();
        m.close();
        assertEquals(0, OffHeapMemory.allocatedBytes());
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
        assertThrows(IllegalStateException.class, cursor::next);
        assertThrows(IllegalStateException.class, () -> view.get(1L));
        assertThrows(IllegalStateException.class, () -> view.put(1L, 1L));
        assertThrows(IllegalStateException.class, view::size);
        assertEquals("LongLongMap[closed]", m.toString());
    }

    @Test
    void closeDuringAnIterationEndsItWithoutTouchingFreedMemory() {
        LongLongMap m = LongLongMap.builder().build();
        for (long k = 0; k < 1000; k++) {
            m.put(k, k);
        }
        LongLongCursor c = m.cursor();
        assertTrue(c.next());
        for (long k = 1000; k < 5000; k++) {
            m.put(k, k); // grows while the cursor pins its generation
        }
        m.close();
        assertThrows(IllegalStateException.class, c::next);
        c.close();
        assertEquals(0, OffHeapMemory.allocatedBytes());
    }

    @Test
    void impossibleSizesAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LongLongMap.builder().expectedSize(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> LongLongMap.builder().expectedSize(Long.MAX_VALUE).build());
        assertTrue(e.getMessage().contains(Long.toString(Long.MAX_VALUE)), e.getMessage());
        assertTrue(e.getMessage().contains("2^50"), e.getMessage());
    }

    @Test
    void aFailedGrowLeavesTheMapAsItWasAndUsable() {
        FailingAllocator allocator = new FailingAllocator();
        try (LongLongMap m = LongLongMap.builder().allocator(allocator).seed(3).build()) {
            long k = 0;
            while (!wouldGrow(m)) {
                m.put(k, k);
                k++;
            }
            MapStats before = m.stats();
            allocator.failNext(1);
            long fresh = k;
            OffHeapAllocationException e = assertThrows(OffHeapAllocationException.class, () -> m.put(fresh, 1));
            assertTrue(e.getMessage().contains("unchanged"), e.getMessage());
            assertEquals(before.size(), m.size());
            assertEquals(before.log2Buckets(), m.stats().log2Buckets());
            assertFalse(m.stats().growing());
            assertFalse(m.containsKey(fresh));
            for (long i = 0; i < k; i++) {
                assertEquals(i, m.get(i));
            }
            TableChecker.check(m.table());
            m.put(fresh, 1);
            assertEquals(1, m.get(fresh));
            assertEquals(before.log2Buckets() + 1, m.stats().log2Buckets(), "the retried insert grows the table");
        }
    }

    @Test
    void aFailedOverflowChunkLeavesTheMapAsItWas() {
        FailingAllocator allocator = new FailingAllocator();
        try (LongLongMap m = LongLongMap.builder().allocator(allocator).expectedSize(100).seed(9).build()) {
            Table t = m.table();
            long[] keys = new long[25];
            int n = 0;
            for (long k = 0; n < keys.length; k++) {
                if ((t.hashBits(k) & t.buckets().mask) == 5) {
                    keys[n++] = k;
                }
            }
            for (int i = 0; i < 16; i++) {
                m.put(keys[i], i); // head bucket + the one pool bucket
            }
            allocator.failNext(1);
            assertThrows(OffHeapAllocationException.class, () -> m.put(keys[16], 16));
            assertEquals(16, m.size());
            assertFalse(m.containsKey(keys[16]));
            TableChecker.check(t);
            for (int i = 16; i < 25; i++) {
                m.put(keys[i], i);
            }
            for (int i = 0; i < 25; i++) {
                assertEquals(i, m.get(keys[i]));
            }
        }
    }

    @Test
    void aFailedAllocationDuringEvacuationLeavesTheOldChainUntouched() {
        FailingAllocator allocator = new FailingAllocator();
        try (LongLongMap m = LongLongMap.builder().allocator(allocator).expectedSize(100).seed(5).build()) {
            Table t = m.table();
            long[] chain = new long[20];
            int n = 0;
            for (long k = 1L << 40; n < chain.length; k++) {
                if ((t.hashBits(k) & t.buckets().mask) == 3) {
                    chain[n++] = k;
                }
            }
            for (long key : chain) {
                m.put(key, key);
            }
            // Fill with keys of other buckets until one more insert doubles the table; the
            // inserting write evacuates its own old bucket and bucket 0, not bucket 3.
            long k = 0;
            while (!Growth.overLoadFactor(m.size() + 1, t.log2Buckets())) {
                if ((t.hashBits(k) & t.buckets().mask) != 3) {
                    m.put(k, k);
                }
                k++;
            }
            while ((t.hashBits(k) & t.buckets().mask) == 3) {
                k++;
            }
            m.put(k, k);
            assertTrue(t.growing());
            assertFalse(t.sameSizeGrow());
            assertFalse(Growth.evacuated(t.oldbuckets(), 3), "bucket 3 is evacuated by a later write");
            long size = m.size();
            allocator.failNext(1);
            assertThrows(OffHeapAllocationException.class, () -> m.put(chain[0], -1));
            assertFalse(Growth.evacuated(t.oldbuckets(), 3));
            assertEquals(size, m.size());
            TableChecker.check(t);
            for (long key : chain) {
                assertEquals(key, m.get(key));
            }
            m.put(chain[0], -1);
            assertTrue(!t.growing() || Growth.evacuated(t.oldbuckets(), 3));
            assertEquals(-1, m.get(chain[0]));
            TableChecker.check(t);
        }
    }

    @Test
    void concurrentWritesFromTwoThreadsAreDetected() throws Exception {
        // Presized for every key the writers use, so the race never reaches a grow: detection is
        // best effort, and a grow raced by two threads could free memory the other still reads.
        try (LongLongMap m = LongLongMap.builder().expectedSize(1 << 16).build()) {
            AtomicReference<Throwable> caught = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            Runnable writer = () -> {
                try {
                    start.await();
                    for (long i = 0; i < 20_000_000 && caught.get() == null; i++) {
                        m.put(i & 0xFFFF, i);
                    }
                } catch (ConcurrentModificationException e) {
                    caught.compareAndSet(null, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Thread a = new Thread(writer);
            Thread b = new Thread(writer);
            a.start();
            b.start();
            start.countDown();
            a.join();
            b.join();
            assertNotNull(caught.get(), "two writers must be detected");
            assertTrue(caught.get().getMessage().contains("single-writer"), caught.get().getMessage());
            assertFalse(m.stats().growing());
        }
    }

    @Test
    void aFinishedGrowHandsTheOldGenerationToTheHousekeeperThread() {
        FailingAllocator allocator = new FailingAllocator();
        try (LongLongMap m = LongLongMap.builder().allocator(allocator).build()) {
            for (long k = 0; k < 100_000; k++) {
                m.put(k, k);
            }
            while (m.stats().growing()) {
                m.put(0, 0);
            }
            assertEquals(m.stats().offHeapBytes(), OffHeapMemory.allocatedBytes(),
                "retired generations leave the count when they retire");
            m.table().owner().housekeeper().drain();
            assertEquals(allocator.allocations - OffHeapMemory.allocatedSegments(), allocator.frees.get(),
                "every segment but the live generation's went back to the allocator");
        }
        assertEquals(allocator.allocations, allocator.frees.get());
    }

    @Test
    void aForgottenMapIsFreedByTheCleaner() throws InterruptedException {
        long before = OffHeapMemory.allocatedBytes();
        fillAndForget();
        assertTrue(OffHeapMemory.allocatedBytes() > before);
        awaitCleaner(before);
        assertEquals(before, OffHeapMemory.allocatedBytes(), "the Cleaner frees an unreachable map");
    }

    @Test
    void aViewKeepsItsMapReachableAndOnlyUntilItGoes() throws InterruptedException {
        long before = OffHeapMemory.allocatedBytes();
        Forgotten forgotten = viewOfForgottenMap();
        Map<Long, Long> view = forgotten.view();
        WeakReference<LongLongMap> map = forgotten.map();
        WeakReference<Object> bystander = forgotten.bystander();
        forgotten = null;

        assertTrue(collectUntilCleared(bystander), "System.gc() never collected an object made beside the map");
        assertNotNull(map.get(), "a collection that took the bystander left the map: its view holds it");
        assertEquals(1000, view.size());
        assertEquals(7L, view.get(7L));

        view = null; // the map's last path from a root
        assertTrue(collectUntilCleared(map), "without its view the map is collectable: nothing else held it above");
        awaitCleaner(before);
        assertEquals(before, OffHeapMemory.allocatedBytes(), "once the view goes, the Cleaner frees the map");
    }

    /**
     * What a caller keeps of a map made and filled in a frame that has returned: its view, and
     * weak references to the map and to a bystander object made at the same moment (so of the
     * same age: a collection that clears the bystander could have taken the map too).
     */
    private record Forgotten(Map<Long, Long> view, WeakReference<LongLongMap> map, WeakReference<Object> bystander) {
    }

    /** collectUntilCleared asks for full collections until {@code ref} is cleared; false if 50 did not. */
    private static boolean collectUntilCleared(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }

    private static void awaitCleaner(long target) throws InterruptedException {
        for (int i = 0; i < 500 && OffHeapMemory.allocatedBytes() != target; i++) {
            System.gc();
            Thread.sleep(10);
        }
    }

    private static void fillAndForget() {
        LongLongMap m = LongLongMap.builder().expectedSize(10_000).build();
        m.put(1, 1);
    }

    private static Forgotten viewOfForgottenMap() {
        LongLongMap m = LongLongMap.builder().build();
        for (long k = 0; k < 1000; k++) {
            m.put(k, k);
        }
        return new Forgotten(m.asMap(), new WeakReference<>(m), new WeakReference<>(new Object()));
    }

    private static boolean wouldGrow(LongLongMap m) {
        MapStats s = m.stats();
        return Growth.overLoadFactor(s.size() + 1, s.log2Buckets());
    }
}
