package dev.tophash.bench.shared;

import java.util.Arrays;

/**
 * The keys the one writer inserts, and removes again so that the map's size stays bounded: a
 * window of at most {@code window} of them is present at once, the oldest removed first. They
 * come from a pool of {@code 2 * window} keys, none of them ever a present key; the pool is
 * reused in a cycle, and a key comes round again only after it has been removed, so every
 * insert inserts an absent key.
 *
 * <p>Owned by one map's writer, across its turns (each turn's thread starts after the last one's
 * was joined, so they see one another's counts).
 */
final class FreshKeys {
    private final long[] pool;
    private final int window;
    private long inserted;
    private long removed;

    /**
     * A window over the first {@code 2 * window} of {@code absentKeys}.
     *
     * @param absentKeys distinct keys that are not in the map, at least {@code 2 * window}
     * @param window the most of them present at once, at least 1
     */
    FreshKeys(long[] absentKeys, int window) {
        if (window < 1 || absentKeys.length < 2L * window) {
            throw new IllegalArgumentException("a window of " + window + " needs at least " + 2L * window
                    + " absent keys, not " + absentKeys.length);
        }
        this.pool = Arrays.copyOf(absentKeys, 2 * window);
        this.window = window;
    }

    /**
     * Whether the window is full: the next write that would remove may.
     *
     * @return true when {@code window} of the keys are present
     */
    boolean full() {
        return inserted - removed >= window;
    }

    /**
     * The key to insert next, counted as present. O(1).
     *
     * @return an absent key
     * @throws IllegalStateException when the window is full
     */
    long insert() {
        if (full()) {
            throw new IllegalStateException("the window of " + window + " inserted keys is full: remove one first");
        }
        return pool[(int) (inserted++ % pool.length)];
    }

    /**
     * The oldest present key, to remove now, counted as absent. O(1).
     *
     * @return the key
     * @throws IllegalStateException when none is present
     */
    long remove() {
        if (inserted == removed) {
            throw new IllegalStateException("no inserted key is present");
        }
        return pool[(int) (removed++ % pool.length)];
    }

    /**
     * How many of the keys are present now.
     *
     * @return 0 to {@code window}
     */
    int present() {
        return (int) (inserted - removed);
    }
}
