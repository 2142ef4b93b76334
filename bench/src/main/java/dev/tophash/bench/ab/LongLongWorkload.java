package dev.tophash.bench.ab;

import dev.tophash.engine.LongLongMap;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The timed operations of an A/B run on {@link LongLongMap}, written only against the map's
 * public API so that the same bytes run against two builds of the engine: {@link EngineLoader}
 * loads this class once per build, and each copy links to its own build's map. It answers an
 * operation's name with nanoseconds per operation, measured over at least
 * {@link #OPS_PER_MEASUREMENT} operations.
 *
 * <p>Operations: {@code get-hit} and {@code get-miss} (independent lookups, present and absent
 * keys in random order), {@code get-dependent} (each key is the previous lookup's answer, around
 * a random cycle through every key: latency), {@code put} (into a map growing from empty) and
 * {@code remove} (every key of the map that {@code put} grew).
 */
public final class LongLongWorkload implements ToDoubleFunction<String>, AutoCloseable {
    /** Each measurement repeats its pass over the keys until it has done at least this many operations. */
    static final long OPS_PER_MEASUREMENT = 4_000_000;

    private final long[] keys;
    private final long[] misses;
    private final LongLongMap full;
    private LongLongMap grown;
    /** Every answer is added here, so the JIT cannot drop a lookup. */
    private long sink;

    /**
     * Makes {@code n} random distinct keys (from {@code seed}) and a full map whose value of each
     * key is the next key of one random cycle through them all.
     *
     * @param n the number of entries
     * @param seed the key seed; the same seed gives both builds the same keys
     */
    public LongLongWorkload(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        keys = new long[n];
        misses = new long[n];
        try (LongLongMap seen = LongLongMap.builder().expectedSize(2L * n).seed(seed).build()) {
            for (int i = 0; i < n; i++) {
                long k;
                do {
                    k = random.nextLong();
                } while (seen.putIfAbsent(k, 1) != 0);
                keys[i] = k;
            }
            for (int i = 0; i < n; i++) {
                long k;
                do {
                    k = random.nextLong();
                } while (seen.containsKey(k));
                misses[i] = k;
            }
        }
        full = LongLongMap.builder().expectedSize(n).seed(seed).build();
        for (int i = 0; i < n; i++) {
            full.put(keys[i], keys[(i + 1) % n]);
        }
        shuffle(keys, random);
    }

    private static void shuffle(long[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private int passes() {
        return (int) Math.max(1, (OPS_PER_MEASUREMENT + keys.length - 1) / keys.length);
    }

    @Override
    public double applyAsDouble(String op) {
        switch (op) {
            case "get-hit":
                return lookups(keys);
            case "get-miss":
                return lookups(misses);
            case "get-dependent":
                return dependent();
            case "put":
                return put();
            case "remove":
                return remove();
            default:
                throw new IllegalArgumentException("unknown operation '" + op + "'");
        }
    }

    private double lookups(long[] probe) {
        int passes = passes();
        final LongLongMap m = full;
        long s = 0;
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (long k : probe) {
                s += m.get(k);
            }
        }
        long ns = System.nanoTime() - start;
        sink += s;
        return (double) ns / ((long) passes * probe.length);
    }

    private double dependent() {
        long steps = (long) passes() * keys.length;
        final LongLongMap m = full;
        long k = keys[0];
        long start = System.nanoTime();
        for (long i = 0; i < steps; i++) {
            k = m.get(k);
        }
        long ns = System.nanoTime() - start;
        sink += k;
        return (double) ns / steps;
    }

    /** put grows fresh maps from empty; the last one stays for {@link #remove}. */
    private double put() {
        int passes = passes();
        long ns = 0;
        for (int p = 0; p < passes; p++) {
            closeGrown();
            LongLongMap m = LongLongMap.builder().seed(p).build();
            grown = m;
            long start = System.nanoTime();
            for (long k : keys) {
                m.put(k, k);
            }
            ns += System.nanoTime() - start;
        }
        return (double) ns / ((long) passes * keys.length);
    }

    /** remove empties maps filled as {@link #put} fills them; only the removes are timed. */
    private double remove() {
        int passes = passes();
        long ns = 0;
        for (int p = 0; p < passes; p++) {
            LongLongMap m = grown;
            grown = null;
            if (m == null) {
                m = LongLongMap.builder().seed(p).build();
                for (long k : keys) {
                    m.put(k, k);
                }
            }
            long start = System.nanoTime();
            long s = 0;
            for (long k : keys) {
                s += m.remove(k);
            }
            ns += System.nanoTime() - start;
            sink += s;
            m.close();
        }
        return (double) ns / ((long) passes * keys.length);
    }

    private void closeGrown() {
        if (grown != null) {
            grown.close();
            grown = null;
        }
    }

    @Override
    public void close() {
        closeGrown();
        full.close();
    }

    @Override
    public String toString() {
        return "LongLongWorkload[" + keys.length + " keys, sink " + sink + "]";
    }
}
