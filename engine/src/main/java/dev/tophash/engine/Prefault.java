package dev.tophash.engine;

/**
 * Prepares a large in-memory table's next generation before its grow starts: allocates it when
 * the table is three quarters of the way to the load factor, and faults it in on a background
 * daemon thread, {@code tophash-prefault}. The grow then takes it ready-made. The same thread
 * faults in each large overflow chunk as it is added.
 *
 * <p>Why: evacuation writes the new generation's buckets in random order, so without this the
 * first few hundred writes of a grow each take page faults on fresh memory. On huge pages that
 * measured about 2 ms per fault here (the VM's host backs the page as the guest first touches
 * it), and the grow from 6.8M to 13.6M entries spent 0.27 s in its first 100 puts. Faulting the
 * pages in ahead, with {@code MADV_POPULATE_WRITE}, moves that time off the writer.
 *
 * <p>The price is memory: the next generation (twice the table) is held from three quarters of
 * the threshold instead of from the grow, and counts in {@link MapStats#offHeapBytes()} and
 * {@link OffHeapMemory} from then on. Only tables whose next generation is at least
 * {@link #MIN_BYTES} are prepared, only with {@link Allocator#NATIVE}, only in memory (a file's
 * generations live in the file), and only where {@link HugePages#canPopulate()}. Same-size grows
 * allocate as before.
 */
final class Prefault {
    /** Smaller next generations fault in quickly enough as they are written. */
    static final long MIN_BYTES = 8L << 20;

    /** Segments waiting to be faulted in, oldest first. */
    private static final DaemonQueue QUEUE = new DaemonQueue("tophash-prefault", Prefault::populate);

    private Prefault() {
    }

    /**
     * threshold is the count at which {@code t}'s next generation is prepared: three quarters of
     * the count that starts its doubling grow, or {@code Long.MAX_VALUE} for a table that is not
     * prepared (see the class comment). O(1).
     */
    static long threshold(Table t) {
        int next = t.log2Buckets + 1;
        if (t.file != null || t.owner.allocator() != Allocator.NATIVE || next > Table.MAX_LOG2_BUCKETS
            || Generation.bytesFor(t.layout, next) < MIN_BYTES || !HugePages.canPopulate()) {
            return Long.MAX_VALUE;
        }
        long growAt = Table.LOAD_FACTOR_NUM * ((1L << t.log2Buckets) / Table.LOAD_FACTOR_DEN);
        return growAt - growAt / 4;
    }

    /**
     * prepare allocates {@code t}'s next generation and queues it to be faulted in. A failed
     * allocation is not an error here: the grow allocates again, and reports a failure then.
     */
    static void prepare(Table t) {
        t.prepareAt = Long.MAX_VALUE;
        if (t.prepared != null) {
            return;
        }
        Generation next;
        try {
            next = Generation.allocate(t.owner, t.layout, t.log2Buckets + 1, false);
        } catch (OffHeapAllocationException e) {
            return;
        }
        t.prepared = next;
        QUEUE.add(next.main());
    }

    /**
     * chunk queues a new overflow chunk of {@link Allocator#NATIVE} memory to be faulted in.
     * Overflow buckets are handed out from the front of a chunk, so the thread stays ahead of
     * them; otherwise each new huge page of the chunk would stall the put that reaches it
     * (3.4 to 5.2 ms per fault measured here on memory the process had not used before).
     */
    static void chunk(SegmentOwner owner, Segment chunk) {
        if (owner.allocator() == Allocator.NATIVE && chunk.bytes >= 2 * HugePages.SIZE && HugePages.canPopulate()) {
            QUEUE.add(chunk);
        }
    }

    /**
     * take hands {@code t}'s prepared generation to a grow that needs {@code 2^log2Buckets}
     * buckets, or returns null when there is none of that size. O(1).
     */
    static Generation take(Table t, int log2Buckets) {
        Generation g = t.prepared;
        if (g == null || g.log2Buckets != log2Buckets) {
            return null;
        }
        t.prepared = null;
        return g;
    }

    /** discard frees a prepared generation the table will not use (clear changes nothing it needs). */
    static void discard(Table t) {
        if (t.prepared != null) {
            t.prepared.free();
            t.prepared = null;
        }
        t.prepareAt = threshold(t);
    }

    // A segment freed meanwhile (the map closed or cleared) is skipped; one freed during the
    // call is harmless, since populating changes no byte of any page.
    private static void populate(Segment segment) {
        if (!segment.isFreed()) {
            HugePages.populate(segment.address, segment.bytes);
        }
    }
}
