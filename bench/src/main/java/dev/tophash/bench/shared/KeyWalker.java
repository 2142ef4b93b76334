package dev.tophash.bench.shared;

/**
 * A thread that walks an array of present keys as fast as it can, in bursts: the operations on
 * all but the last key of a burst run together ({@link SharedMap#getAll} or
 * {@link SharedMap#mix}, whose loop lives in the map's own class), and the last one is timed on
 * its own, so one operation in {@code sampleEvery} is a latency sample. The walk wraps around at
 * the end of the array; the turn's clock is checked once per burst, after at least one.
 */
final class KeyWalker implements Worker {
    private final Role role;
    private final SharedMap map;
    private final long[] keys;
    private final int start;
    private final int burst;
    private final long firstStep;

    private KeyWalker(Role role, SharedMap map, long[] keys, int start, int sampleEvery, long firstStep) {
        if (sampleEvery < 1 || sampleEvery > keys.length || start < 0 || start >= keys.length) {
            throw new IllegalArgumentException("a walk over " + keys.length + " keys cannot start at " + start
                    + " and time one operation in " + sampleEvery);
        }
        this.role = role;
        this.map = map;
        this.keys = keys;
        this.start = start;
        this.burst = sampleEvery;
        this.firstStep = firstStep;
    }

    /**
     * A reader of the one-writer scenario: gets, each answer checked.
     *
     * @param map the map
     * @param keys present keys in a random order, only read
     * @param start where in {@code keys} the walk begins
     * @param sampleEvery one get in this many is timed, at most {@code keys.length}
     * @return the worker
     */
    static KeyWalker reader(SharedMap map, long[] keys, int start, int sampleEvery) {
        return new KeyWalker(Role.READ, map, keys, start, sampleEvery, 0);
    }

    /**
     * A writer of the many-writers scenario: the {@link MixedOps} mix, each answer checked.
     *
     * @param map a map that takes many writers
     * @param keys present keys in a random order, only read
     * @param start where in {@code keys} the walk begins
     * @param sampleEvery one operation in this many is timed, at most {@code keys.length}
     * @param firstStep the step of the first operation, so writers do not run the same sequence
     * @return the worker
     */
    static KeyWalker mixedWriter(SharedMap map, long[] keys, int start, int sampleEvery, long firstStep) {
        return new KeyWalker(Role.MIXED, map, keys, start, sampleEvery, firstStep);
    }

    @Override
    public Sample run(TurnClock clock) {
        LatencyRecorder latency = new LatencyRecorder();
        final SharedMap m = map;
        final long[] k = keys;
        final int n = k.length;
        final int b = burst;
        final boolean mixed = role == Role.MIXED;
        int i = start;
        long step = firstStep;
        long ops = 0;
        long began = System.nanoTime();
        // At least one burst, so a thread the scheduler kept off its core for a whole short turn still has a sample.
        while (ops == 0 || clock.running()) {
            if (i > n - b) {
                i = 0;
            }
            int timed = i + b - 1;
            if (mixed) {
                m.mix(k, i, timed, step);
            } else {
                m.getAll(k, i, timed);
            }
            long t0 = System.nanoTime();
            if (mixed) {
                m.mix(k, timed, timed + 1, step + b - 1);
            } else {
                m.getAll(k, timed, timed + 1);
            }
            latency.record(System.nanoTime() - t0);
            i += b;
            step += b;
            ops += b;
        }
        return new Sample(role, ops, System.nanoTime() - began, latency);
    }
}
