package dev.tophash.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Returns retired segments to their allocator on a background daemon thread.
 *
 * <p>Why: freeing a large region is not O(1). The kernel unmaps it page by page, about 40 us per
 * MiB measured here (6 ms for the 151 MB generation a 10M-entry map retires), and a grow ends
 * inside an ordinary {@code put}. Handing the region to this thread keeps that write O(1). The
 * bytes leave {@link OffHeapMemory}'s count when the segment is retired, not when the OS has
 * them back; {@code close()} frees synchronously.
 */
final class Reclaimer {
    private static final AtomicLong PENDING = new AtomicLong();
    private static final DaemonQueue<Segment> QUEUE = DaemonQueue.unbounded("tophash-reclaimer", Reclaimer::free);

    private Reclaimer() {
    }

    /** release queues a segment, already marked freed and uncounted, for its allocator. */
    static void release(Segment segment) {
        PENDING.incrementAndGet();
        QUEUE.offer(segment); // unbounded: always taken
    }

    /** pending counts the segments queued and not yet returned to their allocator. */
    static long pending() {
        return PENDING.get();
    }

    // An allocator that fails to free has lost the memory either way; DaemonQueue reports it
    // and goes on reclaiming.
    private static void free(Segment segment) {
        try {
            segment.allocator.free(segment.address, segment.bytes);
        } finally {
            PENDING.decrementAndGet();
        }
    }
}
