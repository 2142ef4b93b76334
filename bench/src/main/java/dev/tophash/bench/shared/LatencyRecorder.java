package dev.tophash.bench.shared;

import org.HdrHistogram.Histogram;

/**
 * The latencies one thread sampled in one turn, in an HdrHistogram made before the turn starts,
 * so recording allocates nothing. Each figure includes the two {@link System#nanoTime()} reads
 * around the operation.
 */
final class LatencyRecorder {
    /** The slowest operation recordable: a minute, far beyond any pause a turn can see. */
    private static final long HIGHEST_NS = 60_000_000_000L;
    /** Three significant digits: p99.9 of a 100 ns get is told apart from 100.1 ns. */
    private static final int DIGITS = 3;

    private final Histogram histogram = new Histogram(1, HIGHEST_NS, DIGITS);

    /**
     * Records one operation. O(1), no allocation.
     *
     * @param ns how long it took, as two clock reads saw it
     */
    void record(long ns) {
        // An operation faster than the clock's resolution reads as 0, below the lowest trackable value (1).
        histogram.recordValue(Math.min(HIGHEST_NS, Math.max(1, ns)));
    }

    /**
     * Adds this recorder's samples to {@code total}.
     *
     * @param total the histogram of every thread of a role, from {@link #newTotal()}
     */
    void addTo(Histogram total) {
        total.add(histogram);
    }

    /**
     * An empty histogram that takes what {@link #addTo} adds.
     *
     * @return a new histogram with this class's range and precision
     */
    static Histogram newTotal() {
        return new Histogram(1, HIGHEST_NS, DIGITS);
    }
}
