package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Times every single put while a map grows from empty, into an HdrHistogram, and counts the
 * collector's pauses during the run. Averages hide a resize: this shows it, as the tail
 * (p99.9 and beyond) of the put latency.
 *
 * <p>Each put is bracketed by two {@link System#nanoTime()} calls, whose own cost (see
 * {@link #timerFloorNs()}) is in every figure, for every map alike.
 */
public final class GrowthRecorder {
    /** The slowest put recordable: a minute, far beyond any pause a put can see here. */
    private static final long HIGHEST_NS = 60_000_000_000L;
    /** Three significant digits: p99.99 of a 10 ns put is told apart from 10.1 ns. */
    private static final int DIGITS = 3;

    private final Histogram histogram = new Histogram(1, HIGHEST_NS, DIGITS);
    private final GcPauses gcPauses;
    private final HeapMeter heap;
    private final int warmupRuns;

    /**
     * Makes a recorder.
     *
     * @param gcPauses counts collector pauses
     * @param heap used to collect before each run, so earlier garbage is not paid for here
     * @param warmupRuns untimed growth runs before the recorded one
     */
    public GrowthRecorder(GcPauses gcPauses, HeapMeter heap, int warmupRuns) {
        this.gcPauses = gcPauses;
        this.heap = heap;
        this.warmupRuns = warmupRuns;
    }

    /**
     * Fills fresh maps with every key: {@code warmupRuns} untimed, then one recorded.
     *
     * @param freshMap makes an empty map (the caller closes nothing: this closes each map)
     * @param keys the keys and values to insert, in insertion order
     * @return the latency percentiles and the collector's pauses during the recorded run
     */
    public GrowthLatency record(Supplier<LongLongPeer> freshMap, KeySet keys) {
        for (int r = 0; r < warmupRuns; r++) {
            try (LongLongPeer peer = freshMap.get()) {
                fill(peer, keys);
            }
        }
        long[] gcBefore = startRecording();
        try (LongLongPeer peer = freshMap.get()) {
            fill(peer, keys);
            if (peer.size() != keys.size()) {
                throw new IllegalStateException("after " + keys.size() + " puts of distinct keys the map holds " + peer.size());
            }
        }
        return recorded(gcBefore);
    }

    /**
     * Records the control: {@code size} busy-waits of {@code busyNs} each, every one timed as
     * a put is, so the run takes about as long as a map's growth run and meets the same
     * interruptions. See {@link BusyWaitControl}. Costs a full collection, an untimed warm-up
     * of up to 100,000 busy-waits, then {@code size * (busyNs + one clock read)}.
     *
     * @param size the number of puts it stands in for
     * @param busyNs how long each busy-wait runs (at least 1)
     * @return the control's percentiles and the collector's pauses during it
     */
    public BusyWaitControl recordBusyWait(int size, long busyNs) {
        if (busyNs < 1 || size < 1) {
            throw new IllegalArgumentException("a busy-wait control needs a positive length and count, got " + busyNs
                    + " ns x " + size);
        }
        // Compiled before it is timed, as the maps' put paths are by their warm-up runs.
        busyWait(Math.min(size, 100_000), busyNs);
        long[] gcBefore = startRecording();
        busyWait(size, busyNs);
        return new BusyWaitControl(size, busyNs, recorded(gcBefore));
    }

    private void busyWait(int count, long busyNs) {
        final Histogram h = histogram;
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            long t1 = t0;
            while (t1 - t0 < busyNs) {
                t1 = System.nanoTime();
            }
            h.recordValue(Math.min(HIGHEST_NS, t1 - t0));
        }
    }

    /**
     * The median cost of two back-to-back {@link System#nanoTime()} calls: the floor under
     * every recorded put.
     *
     * @return nanoseconds
     */
    public long timerFloorNs() {
        histogram.reset();
        for (int i = 0; i < 200_000; i++) {
            long t0 = System.nanoTime();
            long t1 = System.nanoTime();
            histogram.recordValue(Math.max(1, t1 - t0));
        }
        return histogram.getValueAtPercentile(50);
    }

    private void fill(LongLongPeer peer, KeySet keys) {
        final Histogram h = histogram;
        final long[] k = keys.insertOrder();
        final long[] v = keys.values();
        for (int i = 0; i < k.length; i++) {
            long t0 = System.nanoTime();
            peer.put(k[i], v[i]);
            long t1 = System.nanoTime();
            // A put faster than the clock's resolution reads as 0, which HdrHistogram's lowest
            // trackable value (1) cannot take.
            h.recordValue(Math.min(HIGHEST_NS, Math.max(1, t1 - t0)));
        }
    }

    /** Collects earlier garbage, empties the histogram and returns the collector's counts so far. */
    private long[] startRecording() {
        heap.usedAfterFullGc();
        histogram.reset();
        return gcPauses.snapshot();
    }

    /** The histogram's percentiles and the collector's pauses since {@code gcBefore}. */
    private GrowthLatency recorded(long[] gcBefore) {
        long[] after = gcPauses.snapshot();
        return new GrowthLatency(at(50), at(99), at(99.9), at(99.99), histogram.getMaxValue(), histogram.getMean(),
                after[0] - gcBefore[0], after[1] - gcBefore[1]);
    }

    private long at(double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }
}
