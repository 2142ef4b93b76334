package dev.tophash.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A table's next generation, allocated and faulted in by the map's {@link Housekeeper} ahead of
 * the doubling grow that will need it (see {@link Prefault} for why). One per table. The writer
 * decides when to ask and takes the result; the housekeeper's thread delivers it through a
 * {@link Handoff}, so an answer that comes too late is freed rather than kept.
 */
final class Preparation {
    private final Handoff<Generation> prepared = new Handoff<>();
    /** The count at which the next generation is asked for; Long.MAX_VALUE for never. Writer only. */
    private long askAt = Long.MAX_VALUE;
    /** Made once, so that asking allocates nothing and links no lambda on a put. */
    private final Task task = new Task();

    /** rearm sets when {@code t}'s next generation will be asked for, after a grow or a clear. O(1). */
    void rearm(Table t) {
        askAt = Prefault.threshold(t);
    }

    /** due says whether a table now holding {@code count} entries should ask. O(1). */
    boolean due(long count) {
        return count >= askAt;
    }

    /**
     * ask has the housekeeper allocate {@code t}'s next generation and fault it in. O(1) on the
     * writer, allocation-free: the task was made with the table. A failed allocation is not an
     * error: the grow allocates again, and reports a failure then.
     */
    void ask(Table t) {
        askAt = Long.MAX_VALUE;
        if (prepared.peek() != null) {
            return;
        }
        task.ask(t, prepared.ask());
    }

    /**
     * take hands the prepared generation to a grow that needs {@code 2^log2Buckets} buckets, or
     * returns null when none is ready, cancelling one still being allocated. O(1). Its size
     * always fits: only doubling grows change the table's size, and each takes.
     */
    Generation take(int log2Buckets) {
        Generation g = prepared.withdraw();
        assert g == null || g.log2Buckets == log2Buckets
            : "prepared 2^" + g.log2Buckets + " for a grow to 2^" + log2Buckets;
        return g;
    }

    /** discard frees a prepared generation the table will not use and cancels one in flight: for a clear. */
    void discard() {
        Generation g = prepared.withdraw();
        if (g != null) {
            g.free();
        }
    }

    /** offHeapBytes is what a delivered, not yet taken generation holds. */
    long offHeapBytes() {
        Generation next = prepared.peek();
        return next == null ? 0 : next.offHeapBytes();
    }

    /**
     * The housekeeper's side of {@link #ask}: allocates the generation the latest request wants,
     * offers it and faults it in. Queued at most once at a time; a request it finds withdrawn or
     * already answered is skipped.
     */
    private final class Task implements Runnable {
        private final AtomicBoolean queued = new AtomicBoolean();
        /** The latest request and what it wants, set by the writer before the task is queued. */
        private volatile long request;
        private volatile SegmentOwner owner;
        private volatile BucketLayout layout;
        private volatile int log2Buckets;
        /** The last request this task answered. Housekeeper thread only. */
        private long answered;

        void ask(Table t, long number) {
            owner = t.owner();
            layout = t.layout();
            log2Buckets = t.log2Buckets() + 1;
            request = number;
            if (queued.compareAndSet(false, true) && !owner.housekeeper().offer(this)) {
                queued.set(false);
            }
        }

        @Override
        public void run() {
            // Cleared first: a request made while this runs queues the task again.
            queued.set(false);
            long number = request;
            if (number == answered || !prepared.wants(number)) {
                return;
            }
            answered = number;
            SegmentOwner o = owner;
            Generation next;
            try {
                next = Generation.allocateIfOpen(o, layout, log2Buckets);
            } catch (OffHeapAllocationException e) {
                return;
            }
            // Published before it is faulted in: a grow that comes first takes it as it is.
            if (next != null && prepared.offer(next, number, Generation::free)) {
                Prefault.populate(o.housekeeper(), next.main(), next.main().address);
            }
        }
    }
}
