package dev.tophash.bench.shared;

import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in four figures, nanoseconds.
 *
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max the largest
 */
record Percentiles(long p50, long p99, long p999, long max) {
    /**
     * Reads the figures off a histogram.
     *
     * @param histogram at least one sample
     * @return the percentiles
     */
    static Percentiles of(Histogram histogram) {
        return new Percentiles(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    /**
     * Sums up several rounds: the median of each percentile over the rounds, and the largest
     * maximum of any of them, so one bad round cannot hide.
     *
     * @param rounds one per round, at least one
     * @return the summary
     */
    static Percentiles overRounds(List<Percentiles> rounds) {
        long[] p50 = new long[rounds.size()];
        long[] p99 = new long[rounds.size()];
        long[] p999 = new long[rounds.size()];
        long max = 0;
        for (int r = 0; r < rounds.size(); r++) {
            p50[r] = rounds.get(r).p50();
            p99[r] = rounds.get(r).p99();
            p999[r] = rounds.get(r).p999();
            max = Math.max(max, rounds.get(r).max());
        }
        return new Percentiles(median(p50), median(p99), median(p999), max);
    }

    /**
     * The median, the mean of the middle two for an even count.
     *
     * @param values at least one; sorted in place
     * @return the median, rounded down
     */
    static long median(long[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
