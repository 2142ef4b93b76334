package dev.tophash.bench.compare;

/**
 * The latency of every put while one map grew from empty, and the garbage collector's pauses
 * during that run.
 *
 * @param p50Ns the median put, in nanoseconds
 * @param p99Ns the 99th percentile
 * @param p999Ns the 99.9th percentile
 * @param p9999Ns the 99.99th percentile
 * @param maxNs the slowest put
 * @param meanNs the mean put
 * @param gcPauses the number of collector pauses during the run
 * @param gcPauseMillis their total time, in milliseconds
 */
public record GrowthLatency(long p50Ns, long p99Ns, long p999Ns, long p9999Ns, long maxNs, double meanNs,
                            long gcPauses, long gcPauseMillis) {
    /** The percentiles' labels, in the order of {@link #percentiles()}. */
    public static final String[] LABELS = {"p50", "p99", "p99.9", "p99.99", "max"};

    /**
     * The percentiles in the order of {@link #LABELS}.
     *
     * @return nanoseconds: p50, p99, p99.9, p99.99, max
     */
    public long[] percentiles() {
        return new long[] {p50Ns, p99Ns, p999Ns, p9999Ns, maxNs};
    }
}
