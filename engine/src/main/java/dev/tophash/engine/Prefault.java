package dev.tophash.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps allocation and page faults off a large in-memory table's writer. The map's
 * {@link Housekeeper} thread does three things, in the order they were asked for:
 * <ul>
 *   <li>allocates the table's next generation when the table is three quarters of the way to
 *       the load factor, delivers it to the table's {@link Preparation}, and faults it in; the
 *       doubling grow then takes it ready-made;</li>
 *   <li>allocates a generation's next overflow chunk, the spare, once half of the pool (then of
 *       each chunk) is handed out, faults in its first slice and offers it (the rest is faulted
 *       in after); the next chunk takes it;</li>
 *   <li>faults in a chunk the writer had to allocate itself, because no spare was ready.</li>
 * </ul>
 *
 * <p>Why: evacuation writes the new generation's buckets in random order, so without this the
 * first few hundred writes of a grow each take a page fault on fresh memory, and on a virtual
 * machine whose host backs a page only when the guest first touches it such a fault can take
 * milliseconds. Allocating on the writer costs too: an {@code mmap} waits for the process's memory
 * map lock while another thread faults a page in. bench/RESULTS.md has the measurements.
 *
 * <p>The writer only asks, in O(1), and allocates nothing to ask: the generation made its spare
 * task when it was made, the table its preparation task, and the queue is an array. Faulting
 * in goes eight huge pages per task, the rest re-queued, so a spare is never stuck behind a
 * whole generation. A preparation or spare that
 * is no longer wanted (the grow came first, a clear, the generation retired) is freed when it
 * arrives, and one already delivered is given back; the map's {@link SegmentOwner} refuses
 * allocations once the map is closed.
 *
 * <p>The price is memory: the next generation (twice the table) is held from three quarters of
 * the threshold instead of from the grow, and a spare chunk (1/16 of the table) from half-way
 * through the last one. Both count in {@link MapStats#offHeapBytes()} and {@link OffHeapMemory}.
 * Only tables whose next generation is at least {@link #MIN_BYTES}, and chunks of at least
 * {@link #MIN_CHUNK_BYTES}, are handled here, only with {@link Allocator#NATIVE}, only in memory
 * (a file's generations live in the file), only for a map with a housekeeper thread, and only
 * where {@link HugePages#canPopulate()}. Same-size grows allocate as before.
 */
final class Prefault {
    /** Smaller next generations fault in quickly enough as they are written. */
    static final long MIN_BYTES = 8L << 20;
    /** Smaller chunks are allocated and faulted in by the writer, as they are used. */
    static final long MIN_CHUNK_BYTES = 1L << 20;

    /** How much one task faults in: 8 huge pages, so that no task holds the thread for long. */
    private static final long SLICE = 8 * HugePages.SIZE;

    private Prefault() {
    }

    /**
     * threshold is the count at which {@code t}'s next generation is prepared: three quarters of
     * the count that starts its doubling grow, or {@code Long.MAX_VALUE} for a table that is not
     * prepared (see the class comment). O(1).
     */
    static long threshold(Table t) {
        int log2Buckets = t.log2Buckets();
        int next = log2Buckets + 1;
        if (t.file() != null || !populates(t.owner()) || next > Table.MAX_LOG2_BUCKETS
            || Generation.bytesFor(t.layout(), next) < MIN_BYTES) {
            return Long.MAX_VALUE;
        }
        long growAt = Table.LOAD_FACTOR_NUM * ((1L << log2Buckets) / Table.LOAD_FACTOR_DEN);
        return growAt - growAt / 4;
    }

    /**
     * spareAt is where generation {@code g} first asks for a spare chunk: half-way through its
     * pool, for a large {@link Allocator#NATIVE} generation whose chunks are at least
     * {@link #MIN_CHUNK_BYTES}; {@code Long.MAX_VALUE} (never) for any other.
     */
    static long spareAt(SegmentOwner owner, Generation g) {
        // Whether pages can be populated is checked per request: the binding may load later.
        return owner.allocator() == Allocator.NATIVE && g.chunkBytes() >= MIN_CHUNK_BYTES
            ? g.halfOfLastStretch() : Long.MAX_VALUE;
    }

    /**
     * The task that answers one generation's spare requests: it allocates the generation's next
     * overflow chunk, faults in its first {@link #SLICE} (the rest follows in later tasks) and
     * offers it (see {@link Generation#offerSpare}), so that the chunk is ready when the writer
     * needs it. Made with the generation, so that asking allocates nothing on the writer; queued
     * at most once at a time, and answers whatever request is the latest when it runs. A failed
     * allocation is not an error: the chunk is allocated when needed.
     */
    static final class SpareTask implements Runnable {
        private final SegmentOwner owner;
        private final Generation g;
        private final AtomicBoolean queued = new AtomicBoolean();
        /** The latest request, set by the writer. */
        private volatile long asked;
        /** The last request a chunk was allocated for, so a task queued again while it ran skips it. This thread only. */
        private long answered;

        SpareTask(SegmentOwner owner, Generation g) {
            this.owner = owner;
            this.g = g;
        }

        /** ask queues this task for spare request {@code request}. O(1); allocates nothing. */
        void ask(long request) {
            asked = request;
            if (HugePages.canPopulate() && queued.compareAndSet(false, true) && !owner.housekeeper().offer(this)) {
                queued.set(false);
            }
        }

        @Override
        public void run() {
            // Cleared first: a request made while this runs queues the task again.
            queued.set(false);
            long request = asked;
            if (request == answered || !g.wantsSpare(request) || g.hasSpare()) {
                return;
            }
            Segment chunk;
            try {
                chunk = owner.allocateIfOpen(g.chunkBytes(), "a spare overflow chunk");
            } catch (OffHeapAllocationException e) {
                return;
            }
            if (chunk == null) {
                return;
            }
            try {
                populate(owner.housekeeper(), chunk, chunk.address);
            } catch (RuntimeException | Error e) {
                owner.release(chunk);
                throw e;
            }
            answered = request;
            g.offerSpare(chunk, request);
        }
    }

    /**
     * chunk queues a new overflow chunk, allocated by the writer because no spare was ready, to
     * be faulted in. Overflow buckets are handed out from the front of a chunk, so the thread
     * stays ahead of them.
     */
    static void chunk(SegmentOwner owner, Segment chunk) {
        if (populates(owner) && chunk.bytes >= MIN_CHUNK_BYTES) {
            owner.housekeeper().offer(() -> populate(owner.housekeeper(), chunk, chunk.address));
        }
    }

    private static boolean populates(SegmentOwner owner) {
        return owner.allocator() == Allocator.NATIVE && owner.housekeeper().runsThread() && HugePages.canPopulate();
    }

    /**
     * populate faults {@code segment} in from {@code from}, {@link #SLICE} bytes per task: the
     * rest goes back on the queue, so a spare chunk the writer will soon need is not kept
     * waiting behind a whole next generation.
     * Stops when the segment is freed (the map closed or cleared, or the grow already ended);
     * one freed during a call is harmless, since populating changes no byte of any page.
     */
    static void populate(Housekeeper housekeeper, Segment segment, long from) {
        long end = segment.address + segment.bytes;
        long to = Math.min(end, from + SLICE);
        if (segment.isFreed() || !HugePages.populate(from, to - from)) {
            return;
        }
        if (to < end) {
            housekeeper.offer(() -> populate(housekeeper, segment, to));
        }
    }
}
