package dev.tophash.bench.fill;

import java.util.Locale;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/**
 * The latency of every put of one fill, and the slowest puts with the entry count before each,
 * which tells which grow (or other event) a pause came at.
 */
final class FillLatency {
    /** The slowest put recordable: a minute. */
    private static final long HIGHEST_NS = 60_000_000_000L;

    private final Histogram histogram = new Histogram(1, HIGHEST_NS, 3);
    /** The slowest puts seen, slowest first, and the entry count before each. */
    private final long[] slowNs;
    private final long[] slowAt;

    FillLatency(int slowest) {
        slowNs = new long[slowest];
        slowAt = new long[slowest];
    }

    /** What a fill puts into: a map's put. */
    @FunctionalInterface
    interface Put {
        /** put stores {@code value} under {@code key}. */
        void put(long key, long value);
    }

    /**
     * fill puts {@code keys[i] -> values[i]} into {@code peer} in order, timing each put.
     * O(keys * slowest) in the worst case; allocates nothing per put.
     */
    static FillLatency fill(Put peer, long[] keys, long[] values, int slowest) {
        FillLatency f = new FillLatency(slowest);
        for (int i = 0; i < keys.length; i++) {
            long t0 = System.nanoTime();
            peer.put(keys[i], values[i]);
            f.record(Math.max(1, System.nanoTime() - t0), i);
        }
        return f;
    }

    /** record counts one put of {@code ns} that came with {@code at} entries in the map. */
    void record(long ns, long at) {
        histogram.recordValue(Math.min(HIGHEST_NS, ns));
        if (ns > slowNs[slowNs.length - 1]) {
            keep(ns, at);
        }
    }

    private void keep(long ns, long at) {
        int j = slowNs.length - 1;
        while (j > 0 && slowNs[j - 1] < ns) {
            slowNs[j] = slowNs[j - 1];
            slowAt[j] = slowAt[j - 1];
            j--;
        }
        slowNs[j] = ns;
        slowAt[j] = at;
    }

    long percentile(double p) {
        return histogram.getValueAtPercentile(p);
    }

    long count() {
        return histogram.getTotalCount();
    }

    long max() {
        return histogram.getMaxValue();
    }

    double mean() {
        return histogram.getMean();
    }

    /** slowestNs is the slowest puts' latencies, slowest first (0 where fewer were recorded). */
    long[] slowestNs() {
        return slowNs.clone();
    }

    /** slowestAt is the entry count before each of {@link #slowestNs}. */
    long[] slowestAt() {
        return slowAt.clone();
    }

    String slowestDescription() {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < slowNs.length && slowNs[i] > 0; i++) {
            j.add(format(slowNs[i]) + String.format(Locale.ROOT, " (%,d)", slowAt[i]));
        }
        return j.toString();
    }

    /** format writes nanoseconds as ns below 10 us, us below 1 ms, else ms to two decimals. */
    static String format(long ns) {
        if (ns < 10_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
}
