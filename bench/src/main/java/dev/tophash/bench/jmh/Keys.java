package dev.tophash.bench.jmh;

import java.util.SplittableRandom;

/**
 * The key distributions of the suite, named by the {@code keys} parameter, and the shuffles
 * the benchmarks read them through.
 *
 * <p>Keys are drawn by index: {@link #key(long)} is injective in every distribution, so the
 * index ranges {@code [0, n)} and {@code [n, 2n)} give disjoint key sets, a present set and an
 * absent one, with no collision check and no hash set in the setup.
 */
public enum Keys {
    /** Uniform random 64-bit keys: a bijective mix of the index (SplittableRandom's mix64). */
    RANDOM("random") {
        @Override
        public long key(long index) {
            long z = index * GOLDEN_GAMMA + 0x2545F4914F6CDD1DL;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    },
    /** Sequential ids: key {@code i} is {@code i}. */
    SEQUENTIAL("sequential") {
        @Override
        public long key(long index) {
            return index;
        }
    },
    /** Structured keys with empty low bits: key {@code i} is {@code i << 32}. */
    SHIFTED("shifted") {
        @Override
        public long key(long index) {
            return index << 32;
        }
    };

    /** An odd constant, so multiplying by it is a bijection on 64-bit words. */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final String paramName;

    Keys(String paramName) {
        this.paramName = paramName;
    }

    /**
     * The key at {@code index}; distinct indexes below {@code 2^32} give distinct keys.
     *
     * @param index at least 0
     * @return the key
     */
    public abstract long key(long index);

    /**
     * The distribution a {@code keys} parameter names.
     *
     * @param name {@code random}, {@code sequential} or {@code shifted}
     * @return the distribution
     * @throws IllegalArgumentException for any other name
     */
    public static Keys named(String name) {
        for (Keys keys : values()) {
            if (keys.paramName.equals(name)) {
                return keys;
            }
        }
        throw new IllegalArgumentException("unknown key distribution '" + name + "': expected random, sequential or shifted");
    }

    /**
     * The keys at indexes {@code from .. from + count - 1}, shuffled with {@code seed}.
     *
     * @param from the first index, at least 0
     * @param count how many keys
     * @param seed the shuffle's seed
     * @return a new array of distinct keys
     */
    public long[] shuffled(long from, int count, long seed) {
        if (from < 0 || from + count > 1L << 32) {
            throw new IllegalArgumentException("indexes " + from + " + " + count + " are out of [0, 2^32)");
        }
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = key(from + i);
        }
        shuffle(keys, seed);
        return keys;
    }

    /**
     * A copy of {@code keys} in another order, for reading keys in an order unrelated to the
     * one they were inserted in (on-heap maps allocate nodes in insertion order).
     *
     * @param keys the keys
     * @param seed the shuffle's seed
     * @return a new, shuffled array
     */
    public static long[] reshuffled(long[] keys, long seed) {
        long[] copy = keys.clone();
        shuffle(copy, seed);
        return copy;
    }

    /**
     * Fisher-Yates shuffle in place.
     *
     * @param a the array
     * @param seed the seed
     */
    public static void shuffle(long[] a, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Fisher-Yates shuffle in place.
     *
     * @param a the array
     * @param seed the seed
     */
    public static void shuffle(boolean[] a, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            boolean t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
