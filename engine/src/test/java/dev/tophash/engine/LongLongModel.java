package dev.tophash.engine;

import java.util.HashMap;

/**
 * A long-to-long map's operations on a {@link HashMap}, answering with a missing value for an
 * absent key as tophash's long maps do: the sequential specification that the Lincheck tests
 * extend (Lincheck needs a class of its own with a constructor taking nothing).
 */
public class LongLongModel {
    /** The map the operations act on; the extending specifications add operations on it. */
    protected final HashMap<Long, Long> map = new HashMap<>();
    private final long missing;

    /** A model holding each of {@code prefilled} mapped to itself, answering {@code missing} for absent keys. */
    protected LongLongModel(long missing, long[] prefilled) {
        this.missing = missing;
        for (long k : prefilled) {
            map.put(k, k);
        }
    }

    public long put(long key, long value) {
        Long previous = map.put(key, value);
        return previous == null ? missing : previous;
    }

    public long remove(long key) {
        Long previous = map.remove(key);
        return previous == null ? missing : previous;
    }

    public long addTo(long key, long delta) {
        return map.merge(key, missing + delta, (old, d) -> old + delta);
    }

    public long putIfAbsent(long key, long value) {
        Long current = map.putIfAbsent(key, value);
        return current == null ? missing : current;
    }

    public long get(long key) {
        return map.getOrDefault(key, missing);
    }

    public boolean containsKey(long key) {
        return map.containsKey(key);
    }
}
