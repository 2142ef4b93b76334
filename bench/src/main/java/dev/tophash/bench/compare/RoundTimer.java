package dev.tophash.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the operations of several contenders (maps, or one table reached two ways) in
 * interleaved rounds, in one JVM. In each round every contender takes one turn, and a turn runs
 * each of its operations once, as one timed pass. The order of the turns rotates by one each
 * round (A B C, then B C A, then C A B, ...), so no contender always goes first or always
 * follows the same one. Untimed warm-up rounds come first, in the same way. Whatever changes on
 * the machine during the run (another process, the collector, the page cache, a host taking the
 * CPU away) thus falls on every contender alike, and the median and the minimum over the timed
 * rounds are reported for each contender and operation.
 *
 * <p>A pass is one or more sweeps over all the keys. A small map's sweep is too short to time on
 * its own (10,000 gets take a few microseconds), so a pass repeats its sweep until it has done at
 * least {@code minOpsPerPass} operations. A sweep times itself and returns its nanoseconds,
 * because some sweeps have untimed parts (refilling the map after a removal sweep, building an
 * empty map before a growing one).
 *
 * <p>A contender whose sweep throws is out: its failure is its outcome, its later turns are
 * skipped, and the others go on.
 */
public final class RoundTimer {
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

    /**
     * One contender: a name and its operations, run in this order on each of its turns.
     *
     * @param name the contender's name, for progress and outcomes
     * @param sweeps one sweep per operation, at least one
     */
    public record Contender(String name, List<Sweep> sweeps) {
        /**
         * Copies the sweeps.
         *
         * @param name the name
         * @param sweeps the sweeps
         */
        public Contender {
            if (sweeps.isEmpty()) {
                throw new IllegalArgumentException("contender " + name + " has no operation to time");
            }
            sweeps = List.copyOf(sweeps);
        }
    }

    /**
     * What became of one contender.
     *
     * @param name the contender's name
     * @param timings one per sweep, in the contender's order; empty when it failed
     * @param failure what put it out of the run, or null
     */
    public record Outcome(String name, List<Timing> timings, Throwable failure) {
        /**
         * Copies the timings.
         *
         * @param name the name
         * @param timings the timings
         * @param failure the failure, or null
         */
        public Outcome {
            timings = List.copyOf(timings);
        }

        /**
         * Whether the contender failed.
         *
         * @return true when it has no timings
         */
        public boolean failed() {
            return failure != null;
        }
    }

    /** Hears of each turn as it starts and of each contender that fails, for a progress display. */
    public interface Turns {
        /**
         * A turn is starting.
         *
         * @param contender the contender's name
         * @param round the round, from 1, counted among the warm-up rounds or among the timed ones
         * @param warmup whether the round is an untimed warm-up round
         */
        void starting(String contender, int round, boolean warmup);

        /**
         * The contender failed in the turn that last started, and is out of the run.
         *
         * @param contender the contender's name
         * @param turnsLost that turn and each later one of the contender's, none of which will run
         * @param failure what it threw
         */
        void failed(String contender, int turnsLost, Throwable failure);
    }

    /** Ends the run at the first failure, passing it on, for callers with no use for the rest. */
    private static final Turns FAIL_FAST = new Turns() {
        @Override
        public void starting(String contender, int round, boolean warmup) {
        }

        @Override
        public void failed(String contender, int turnsLost, Throwable failure) {
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            throw (RuntimeException) failure;
        }
    };

    private final int warmupRounds;
    private final int timedRounds;
    private final long minOpsPerPass;

    /**
     * Makes a timer.
     *
     * @param warmupRounds untimed rounds first, at least 0
     * @param timedRounds timed rounds, at least 1
     * @param minOpsPerPass the least number of operations a pass does, at least 1
     */
    public RoundTimer(int warmupRounds, int timedRounds, long minOpsPerPass) {
        if (warmupRounds < 0 || timedRounds < 1 || minOpsPerPass < 1) {
            throw new IllegalArgumentException("warm-up rounds " + warmupRounds + " (>= 0), timed rounds " + timedRounds
                    + " (>= 1) and operations per pass " + minOpsPerPass + " (>= 1)");
        }
        this.warmupRounds = warmupRounds;
        this.timedRounds = timedRounds;
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
     * How many turns each contender takes in a run: one per round, warm-up rounds included.
     *
     * @return the warm-up rounds plus the timed rounds
     */
    public int turnsPerContender() {
        return warmupRounds + timedRounds;
    }

    /**
     * Runs the rounds. Costs {@link #turnsPerContender()} turns of each contender, each turn a
     * pass of every one of its sweeps.
     *
     * @param opsPerSweep the operations in one sweep of every contender (the number of keys)
     * @param contenders the contenders, in the order of the first round
     * @param turns told of each turn and failure
     * @return one outcome per contender, in the order given
     */
    public List<Outcome> run(long opsPerSweep, List<Contender> contenders, Turns turns) {
        int n = contenders.size();
        long perPass = sweepsPerPass(opsPerSweep);
        double[][][] nsPerOp = new double[n][][];
        for (int c = 0; c < n; c++) {
            nsPerOp[c] = new double[contenders.get(c).sweeps().size()][timedRounds];
        }
        Throwable[] failures = new Throwable[n];
        int rounds = turnsPerContender();
        for (int r = 0; r < rounds; r++) {
            boolean warmup = r < warmupRounds;
            for (int t = 0; t < n; t++) {
                int c = (r + t) % n;
                if (failures[c] != null) {
                    continue;
                }
                Contender contender = contenders.get(c);
                turns.starting(contender.name(), warmup ? r + 1 : r - warmupRounds + 1, warmup);
                try {
                    for (int s = 0; s < contender.sweeps().size(); s++) {
                        long nanos = pass(perPass, contender.sweeps().get(s));
                        if (!warmup) {
                            nsPerOp[c][s][r - warmupRounds] = (double) nanos / (perPass * opsPerSweep);
                        }
                    }
                } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                    // One contender failing (a wrong answer, a library that breaks on this JVM, a
                    // size that does not fit the heap) must not lose the others' figures.
                    failures[c] = e;
                    turns.failed(contender.name(), rounds - r, e);
                }
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            List<Timing> timings = new ArrayList<>();
            if (failures[c] == null) {
                for (double[] samples : nsPerOp[c]) {
                    timings.add(timing(samples, perPass * opsPerSweep));
                }
            }
            outcomes.add(new Outcome(contenders.get(c).name(), timings, failures[c]));
        }
        return outcomes;
    }

    /**
     * Warms up and times one sweep alone.
     *
     * @param opsPerSweep the operations in one sweep (the number of keys)
     * @param sweep the sweep; what it throws ends the run and is thrown from here
     * @return the median and minimum nanoseconds per operation
     */
    public Timing time(long opsPerSweep, Sweep sweep) {
        return timeTogether(opsPerSweep, List.of(sweep)).get(0);
    }

    /**
     * Warms up and times several sweeps over the same number of operations in interleaved
     * rounds, each sweep a contender of its own.
     *
     * @param opsPerSweep the operations in one sweep of each (the number of keys)
     * @param sweeps the sweeps, at least one; what one throws ends the run and is thrown from here
     * @return the median and minimum nanoseconds per operation of each sweep, in order
     */
    public List<Timing> timeTogether(long opsPerSweep, List<Sweep> sweeps) {
        List<Contender> contenders = new ArrayList<>();
        for (int i = 0; i < sweeps.size(); i++) {
            contenders.add(new Contender("sweep " + (i + 1), List.of(sweeps.get(i))));
        }
        List<Timing> timings = new ArrayList<>();
        for (Outcome outcome : run(opsPerSweep, contenders, FAIL_FAST)) {
            timings.add(outcome.timings().get(0));
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

    private Timing timing(double[] samples, long opsPerRound) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Timing(median(sorted), sorted[0], timedRounds, opsPerRound);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
