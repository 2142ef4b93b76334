package dev.tophash.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide accounting of the off-heap memory tophash holds: every byte taken from an
 * {@link Allocator} and not yet freed. Tests check that it is back to zero after each test;
 * users can watch it to find maps that were never closed.
 */
public final class OffHeapMemory {
    private static final AtomicLong ALLOCATED = new AtomicLong();
    private static final AtomicLong SEGMENTS = new AtomicLong();

    private OffHeapMemory() {
    }

    /**
     * The bytes tophash currently holds off-heap, over all maps of this JVM. O(1). Memory of a
     * table generation retired by growth leaves this count at once, though a background thread
     * may still be returning it to the OS.
     *
     * @return allocated and not yet freed bytes
     */
    public static long allocatedBytes() {
        return ALLOCATED.get();
    }

    /**
     * How many separate off-heap regions tophash currently holds. O(1).
     *
     * @return allocated and not yet freed regions
     */
    public static long allocatedSegments() {
        return SEGMENTS.get();
    }

    static void onAllocate(long bytes) {
        ALLOCATED.addAndGet(bytes);
        SEGMENTS.incrementAndGet();
    }

    static void onFree(long bytes) {
        ALLOCATED.addAndGet(-bytes);
        SEGMENTS.decrementAndGet();
    }
}
