package dev.tophash.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times one operation on one map: a few untimed warm-up passes (so the JIT has compiled the
 * map's code and the caches hold what they will hold), then timed passes; reports the median
 * and the best pass.
 *
 * <p>A pass is one or more sweeps over all the keys. A small map's sweep is too short to time
 * on its own (10,000 gets take a few microseconds), so a pass repeats its sweep until it has
 * done at least {@code minOpsPerPass} operations. A sweep times itself and returns its
 * nanoseconds, because some sweeps have untimed parts (refilling the map after a removal
 * sweep, building an empty map before a growing one).
 */
public final class PassTimer {
    /** One sweep over the keys. */
    @FunctionalInterface
    public interface Sweep {
        /**
         * Runs the sweep once.
         *
         * @return the nanoseconds of its timed part
         */
        long run();
    }

    private final int warmupPasses;
    private final int timedPasses;
    private final long minOpsPerPass;

    /**
     * Makes a timer.
     *
     * @param warmupPasses untimed passes first, at least 0
     * @param timedPasses timed passes, at least 1
     * @param minOpsPerPass the least number of operations a pass does, at least 1
     */
    public PassTimer(int warmupPasses, int timedPasses, long minOpsPerPass) {
        if (warmupPasses < 0 || timedPasses < 1 || minOpsPerPass < 1) {
            throw new IllegalArgumentException("warm-up passes " + warmupPasses + " (>= 0), timed passes " + timedPasses
                    + " (>= 1) and operations per pass " + minOpsPerPass + " (>= 1)");
        }
        this.warmupPasses = warmupPasses;
        this.timedPasses = timedPasses;
        this.minOpsPerPass = minOpsPerPass;
    }

    /**
     * How many sweeps of {@code opsPerSweep} operations make one pass.
     *
     * @param opsPerSweep the operations in one sweep (the number of keys)
     * @return at least 1
     */
    public long sweepsPerPass(long opsPerSweep) {
        return Math.max(1, (minOpsPerPass + opsPerSweep - 1) / opsPerSweep);
    }

    /**
     * Warms up, then times.
     *
     * @param opsPerSweep the operations in one sweep (the number of keys)
     * @param sweep the sweep
     * @return the median and best nanoseconds per operation
     */
    public Timing time(long opsPerSweep, Sweep sweep) {
        return timeAlternating(opsPerSweep, List.of(sweep)).get(0);
    }

    /**
     * Warms up and times several sweeps over the same number of operations, taking turns pass
     * by pass (first sweep, second sweep, first sweep, ...), so that whatever changes on the
     * machine during the run (another process, the collector, the page cache) falls on each
     * alike instead of on whichever ran last.
     *
     * @param opsPerSweep the operations in one sweep of each (the number of keys)
     * @param sweeps the sweeps, at least one
     * @return the median and best nanoseconds per operation of each sweep, in order
     */
    public List<Timing> timeAlternating(long opsPerSweep, List<Sweep> sweeps) {
        long perPass = sweepsPerPass(opsPerSweep);
        for (int p = 0; p < warmupPasses; p++) {
            for (Sweep sweep : sweeps) {
                pass(perPass, sweep);
            }
        }
        double[][] nsPerOp = new double[sweeps.size()][timedPasses];
        for (int p = 0; p < timedPasses; p++) {
            for (int s = 0; s < sweeps.size(); s++) {
                nsPerOp[s][p] = (double) pass(perPass, sweeps.get(s)) / (perPass * opsPerSweep);
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (double[] passes : nsPerOp) {
            Arrays.sort(passes);
            timings.add(new Timing(median(passes), passes[0], timedPasses, perPass * opsPerSweep));
        }
        return timings;
    }

    private static long pass(long sweeps, Sweep sweep) {
        long nanos = 0;
        for (long s = 0; s < sweeps; s++) {
            nanos += sweep.run();
        }
        return nanos;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
