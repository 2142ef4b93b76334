package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
            assertTrue(map.stats().offHeapBytes() - before < nextGeneration, "prepared before three quarters");
            before = map.stats().offHeapBytes();
            map.put(++key, key);
            assertEquals(PREPARE_AT, map.size());
            assertEquals(before + nextGeneration, map.stats().offHeapBytes(), "not prepared at " + PREPARE_AT);

            while (map.size() < GROW_AT) {
                map.put(++key, key);
            }
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
            assertTrue(map.stats().offHeapBytes() >= oneGeneration + nextGeneration);
            map.clear();
            assertEquals(oneGeneration, map.stats().offHeapBytes(), "clear frees chunks and the prepared generation");
            assertFalse(map.containsKey(1));
            for (long k = 1; k <= PREPARE_AT; k++) {
                map.put(k, k);
            }
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
            BucketLayout layout = new BucketLayout(8, 8);
            assertTrue(small.stats().offHeapBytes() - smallBytes < Generation.bytesFor(layout, 15), "a small table was prepared");
            assertTrue(other.stats().offHeapBytes() - otherBytes < Generation.bytesFor(layout, B + 1), "NATIVE_SMALL_PAGES table was prepared");
        }
    }
}
