package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Prefault}: a large in-memory table allocates its next generation at three quarters of
 * the load factor, its doubling grow takes that generation instead of allocating, and clear
 * gives it back. Needs Linux 5.14+ (MADV_POPULATE_WRITE); elsewhere tables are never prepared.
 */
@ExtendWith(NoLeaks.class)
class PrefaultTest {
    /** B=16: the smallest table whose next generation (2^17 buckets, 19.9 MB) is prepared. */
    private static final int B = 16;
    /** Go's grow trigger for B=16: the insert that takes count past 6.5 * 2^16. */
    private static final long GROW_AT = 13L * ((1L << B) / 2);
    private static final long PREPARE_AT = GROW_AT - GROW_AT / 4;

    @BeforeAll
    static void populateWorks() {
        assumeTrue(HugePages.enabled() && HugePages.canPopulate(), "needs MADV_POPULATE_WRITE: " + HugePages.status());
    }

    @Test
    void theNextGenerationIsAllocatedAtThreeQuartersAndTakenByTheGrow() {
        long nextGeneration = Generation.bytesFor(new BucketLayout(8, 8), B + 1);
        assertTrue(nextGeneration >= Prefault.MIN_BYTES);
        try (LongLongMap map = LongLongMap.builder().expectedSize(GROW_AT).seed(7).build()) {
            assertEquals(B, map.stats().log2Buckets());
            long key = 0;
            while (map.size() < PREPARE_AT - 2) {
                map.put(++key, key);
            }
            // Overflow chunks come and go with the fill (the seed fixes them); the prepared
            // generation is the one jump of exactly its size, at exactly PREPARE_AT.
            long before = map.stats().offHeapBytes();
            map.put(++key, key);
            drain(map);
            assertTrue(map.stats().offHeapBytes() - before < nextGeneration, "prepared before three quarters");
            before = map.stats().offHeapBytes();
            map.put(++key, key);
            assertEquals(PREPARE_AT, map.size());
            // The writer only asks; the housekeeper thread allocates.
            drain(map);
            assertEquals(before + nextGeneration, map.stats().offHeapBytes(), "not prepared at " + PREPARE_AT);

            while (map.size() < GROW_AT) {
                map.put(++key, key);
            }
            drain(map);
            long segments = OffHeapMemory.allocatedSegments();
            long bytes = map.stats().offHeapBytes();
            map.put(++key, key);
            MapStats grown = map.stats();
            assertTrue(grown.growing());
            assertEquals(B + 1, grown.log2Buckets());
            assertEquals(segments, OffHeapMemory.allocatedSegments(), "the grow allocated instead of taking the prepared generation");
            assertEquals(bytes, grown.offHeapBytes());

            for (long k = 1; k <= key; k++) {
                assertEquals(k, map.get(k), "key " + k);
            }
        }
    }

    @Test
    void clearGivesThePreparedGenerationBack() {
        try (LongLongMap map = LongLongMap.builder().expectedSize(GROW_AT).seed(8).build()) {
            long nextGeneration = Generation.bytesFor(new BucketLayout(8, 8), B + 1);
            long oneGeneration = map.stats().offHeapBytes();
            for (long k = 1; k <= PREPARE_AT; k++) {
                map.put(k, -k);
            }
            drain(map);
            assertTrue(map.stats().offHeapBytes() >= oneGeneration + nextGeneration);
            map.clear();
            assertEquals(oneGeneration, map.stats().offHeapBytes(), "clear frees chunks and the prepared generation");
            // Asked for again and cleared at once: the preparation in flight is dropped or freed.
            for (long k = 1; k <= PREPARE_AT; k++) {
                map.put(k, -k);
            }
            map.clear();
            drain(map);
            assertEquals(oneGeneration, map.stats().offHeapBytes(), "a preparation withdrawn by clear was kept");
            assertFalse(map.containsKey(1));
            for (long k = 1; k <= PREPARE_AT; k++) {
                map.put(k, k);
            }
            drain(map);
            assertTrue(map.stats().offHeapBytes() >= oneGeneration + nextGeneration, "prepared again after a clear");
            assertEquals(PREPARE_AT, map.size());
        }
    }

    @Test
    void smallTablesAndOtherAllocatorsAreNeverPrepared() {
        try (LongLongMap small = LongLongMap.builder().expectedSize(13L * (1L << 13)).build();
             LongLongMap other = LongLongMap.builder().expectedSize(GROW_AT).allocator(Allocator.NATIVE_SMALL_PAGES).build()) {
            long smallBytes = small.stats().offHeapBytes();
            long otherBytes = other.stats().offHeapBytes();
            for (long k = 1; k <= PREPARE_AT; k++) {
                other.put(k, k);
                if (k <= 13L * (1L << 13)) {
                    small.put(k, k);
                }
            }
            drain(other);
            BucketLayout layout = new BucketLayout(8, 8);
            assertTrue(small.stats().offHeapBytes() - smallBytes < Generation.bytesFor(layout, 15), "a small table was prepared");
            assertTrue(other.stats().offHeapBytes() - otherBytes < Generation.bytesFor(layout, B + 1), "NATIVE_SMALL_PAGES table was prepared");
        }
    }

    /** B=17: the smallest generation whose chunks (2^13 buckets, 1.2 MB) get spares. */
    private static final int SPARE_B = 17;

    @Test
    void aLargeGenerationsNextChunkIsAllocatedAheadAndTakenWhenThePoolRunsOut() {
        long start = OffHeapMemory.allocatedBytes();
        SegmentOwner owner = new SegmentOwner(Allocator.NATIVE, Housekeeper.join(null));
        try {
            Generation g = Generation.allocate(owner, new BucketLayout(8, 8), SPARE_B, false);
            long pool = g.preallocatedOverflow;
            long main = g.offHeapBytes();
            long chunk = g.chunkBytes();
            assertTrue(chunk >= Prefault.MIN_CHUNK_BYTES);
            for (long i = 1; i < pool / 2; i++) {
                g.takeOverflow();
            }
            owner.housekeeper().drain();
            assertEquals(main, g.offHeapBytes(), "a spare before half the pool was handed out");
            g.takeOverflow();
            owner.housekeeper().drain();
            assertEquals(main + chunk, g.offHeapBytes(), "no spare once half the pool was handed out");

            while (g.overflowInUse() < pool) {
                g.takeOverflow();
            }
            long segments = OffHeapMemory.allocatedSegments();
            g.takeOverflow();
            assertEquals(segments, OffHeapMemory.allocatedSegments(), "the first chunk was allocated, not taken from the spare");
            assertEquals(main + chunk, g.offHeapBytes());
            assertEquals(pool + 1, g.overflowInUse());

            // Half of the first chunk asks for the next spare; freeing the generation with that
            // request in flight leaves nothing behind, before the owner frees what it holds.
            while (g.overflowInUse() < pool + chunk / g.layout.bucketSize / 2) {
                g.takeOverflow();
            }
            g.free();
            owner.housekeeper().drain();
            assertEquals(0, g.offHeapBytes());
            assertEquals(start, OffHeapMemory.allocatedBytes(), "a spare outlived its generation");
        } finally {
            owner.run();
        }
    }

    @Test
    void askingForASpareAllocatesNothingOnTheWriter() {
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        SegmentOwner owner = new SegmentOwner(Allocator.NATIVE, Housekeeper.join(null));
        try {
            // The first generation asks once, so that every class on the path is loaded.
            for (int round = 0; round < 2; round++) {
                Generation g = Generation.allocate(owner, new BucketLayout(8, 8), SPARE_B, false);
                long main = g.offHeapBytes();
                long half = g.preallocatedOverflow / 2;
                while (g.overflowInUse() < half - 1) {
                    g.takeOverflow();
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                long empty = threads.getCurrentThreadAllocatedBytes() - before;
                before = threads.getCurrentThreadAllocatedBytes();
                g.takeOverflow(); // this one asks
                long asked = threads.getCurrentThreadAllocatedBytes() - before - empty;
                owner.housekeeper().drain();
                assertEquals(main + g.chunkBytes(), g.offHeapBytes(), "the request was not answered");
                if (round == 1) {
                    assertEquals(0, asked, "bytes allocated by the overflow hand-out (a put's) that asked for a spare");
                }
                g.free();
                owner.housekeeper().drain();
            }
        } finally {
            owner.run();
        }
    }

    @Test
    void aSpareNoLongerWantedIsGivenBack() throws InterruptedException {
        long start = OffHeapMemory.allocatedBytes();
        SegmentOwner owner = new SegmentOwner(Allocator.NATIVE, Housekeeper.join(null));
        CountDownLatch gate = new CountDownLatch(1);
        try {
            Generation g = Generation.allocate(owner, new BucketLayout(8, 8), SPARE_B, false);
            long main = g.offHeapBytes();
            long half = g.preallocatedOverflow / 2;
            // Withdrawn while the request waits in the queue: the thread allocates nothing.
            owner.housekeeper().offer(() -> awaitQuietly(gate));
            while (g.overflowInUse() < half) {
                g.takeOverflow();
            }
            g.resetOverflow();
            gate.countDown();
            owner.housekeeper().drain();
            assertEquals(main, g.offHeapBytes(), "a spare withdrawn by clear arrived anyway");
            assertEquals(start + main, OffHeapMemory.allocatedBytes());

            // Withdrawn after it arrived (as the grow that retires a generation does): given back.
            while (g.overflowInUse() < half) {
                g.takeOverflow();
            }
            owner.housekeeper().drain();
            assertEquals(main + g.chunkBytes(), g.offHeapBytes(), "no spare after a clear asked again");
            g.withdrawSpare();
            assertEquals(main, g.offHeapBytes());
            assertEquals(start + main, OffHeapMemory.allocatedBytes());
            g.free();
        } finally {
            gate.countDown();
            owner.run();
        }
    }

    @Test
    void theGrowGivesBackTheRetiringGenerationsSpare() {
        SegmentOwner owner = new SegmentOwner(Allocator.NATIVE, Housekeeper.join(null));
        long growAt = 13L * ((1L << SPARE_B) / 2);
        try {
            Table t = new Table(new BucketLayout(8, 8), true, owner, growAt, 3, null);
            Generation g = t.buckets();
            assertEquals(SPARE_B, g.log2Buckets);
            long main = g.offHeapBytes();
            while (g.overflowInUse() < g.preallocatedOverflow / 2) {
                g.takeOverflow();
            }
            owner.housekeeper().drain();
            assertEquals(main + g.chunkBytes(), g.offHeapBytes(), "no spare to give back");
            // The retiring generation adds no chunks while it is evacuated, so its spare goes.
            Growth.hashGrow(t);
            owner.housekeeper().drain();
            assertSame(g, t.oldbuckets());
            assertEquals(main, g.offHeapBytes(), "the retiring generation kept its spare");
        } finally {
            owner.run();
        }
    }

    private static void awaitQuietly(CountDownLatch gate) {
        try {
            gate.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void smallerChunksGetNoSpare() {
        SegmentOwner owner = new SegmentOwner(Allocator.NATIVE, Housekeeper.join(null));
        try {
            Generation g = Generation.allocate(owner, new BucketLayout(8, 8), SPARE_B - 1, false);
            assertTrue(g.chunkBytes() < Prefault.MIN_CHUNK_BYTES);
            long main = g.offHeapBytes();
            while (g.overflowInUse() < g.preallocatedOverflow) {
                g.takeOverflow();
            }
            owner.housekeeper().drain();
            assertEquals(main, g.offHeapBytes(), "a spare for chunks below the minimum");
            g.free();
        } finally {
            owner.run();
        }
    }

    @Test
    void aClosedOwnerAllocatesNothing() {
        SegmentOwner owner = new SegmentOwner(Allocator.NATIVE, Housekeeper.join(null));
        owner.run();
        assertNull(owner.allocateIfOpen(4096, "a test segment"));
        assertThrows(IllegalStateException.class, () -> owner.allocate(4096, "a test segment"));
    }

    /** drain waits for the housekeeper of {@code map} to finish what it was asked so far. */
    private static void drain(LongLongMap map) {
        map.table().owner().housekeeper().drain();
    }
}
