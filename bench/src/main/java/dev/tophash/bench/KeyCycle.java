package dev.tophash.bench;

import java.util.SplittableRandom;

/**
 * A random cycle through a set of keys, for chains of dependent lookups. A map that holds each
 * key with its {@linkplain #successors() successor} as value answers {@code k = map.get(k)} with
 * the next key of the cycle, so a chain visits every key once, in a random order, before it
 * returns to where it began, and no lookup can begin before the previous one has answered: the
 * chain measures the latency of a lookup, where independent lookups measure throughput.
 */
public final class KeyCycle {
    private final long[] order;
    private final long[] successors;

    private KeyCycle(long[] order, long[] successors) {
        this.order = order;
        this.successors = successors;
    }

    /**
     * Draws one cycle through all of {@code keys}. Costs two arrays of the keys' length and a
     * temporary array of as many {@code int}s.
     *
     * @param keys distinct keys, at least one; only read
     * @param seed the shuffle's seed; the same keys and seed give the same cycle
     * @return the cycle
     */
    public static KeyCycle random(long[] keys, long seed) {
        int n = keys.length;
        if (n < 1) {
            throw new IllegalArgumentException("a cycle needs at least one key");
        }
        int[] visit = new int[n];
        for (int i = 0; i < n; i++) {
            visit[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = visit[i];
            visit[i] = visit[j];
            visit[j] = t;
        }
        long[] order = new long[n];
        long[] successors = new long[n];
        for (int j = 0; j < n; j++) {
            order[j] = keys[visit[j]];
            successors[visit[j]] = keys[visit[j + 1 == n ? 0 : j + 1]];
        }
        return new KeyCycle(order, successors);
    }

    /**
     * The keys in the order a chain started at {@code order()[0]} visits them: each is the
     * successor of the one before it, and {@code order()[0]} the successor of the last.
     *
     * @return the array itself, not a copy: callers only read it
     */
    public long[] order() {
        return order;
    }

    /**
     * Each key's successor, aligned with the keys the cycle was drawn from: the value to store
     * with {@code keys[i]} is {@code successors()[i]}.
     *
     * @return the array itself, not a copy: callers only read it
     */
    public long[] successors() {
        return successors;
    }
}
