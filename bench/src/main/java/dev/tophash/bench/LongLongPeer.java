package dev.tophash.bench;

import dev.tophash.engine.LongLongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.HashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * One map under test, behind the few operations the benchmarks need. Each JMH fork loads a
 * single implementation, so calls through this interface stay monomorphic and inline.
 */
public interface LongLongPeer extends AutoCloseable {
    /** The value returned for an absent key by every peer, so results compare. */
    long MISSING = Long.MIN_VALUE;

    /**
     * Stores an entry.
     *
     * @param key the key
     * @param value the value
     */
    void put(long key, long value);

    /**
     * Looks a key up.
     *
     * @param key the key
     * @return the value, or {@link #MISSING}
     */
    long get(long key);

    /**
     * Removes a key.
     *
     * @param key the key
     * @return the removed value, or {@link #MISSING}
     */
    long remove(long key);

    /**
     * The number of entries.
     *
     * @return the size
     */
    long size();

    /** Frees what the map holds off-heap, if anything. */
    @Override
    void close();

    /**
     * Makes the named peer, sized for {@code expectedSize} entries.
     *
     * @param name one of {@code tophash}, {@code HashMap}, {@code agrona}, {@code fastutil}
     * @param expectedSize the number of entries expected
     * @return a new empty map
     * @throws IllegalArgumentException for an unknown name
     */
    static LongLongPeer create(String name, long expectedSize) {
        switch (name) {
            case "tophash": return new Tophash(expectedSize);
            case "HashMap": return new JavaHashMap((int) expectedSize);
            case "agrona": return new Agrona((int) expectedSize);
            case "fastutil": return new Fastutil((int) expectedSize);
            default: throw new IllegalArgumentException("unknown map '" + name + "': expected tophash, HashMap, agrona or fastutil");
        }
    }

    /** tophash's {@link LongLongMap}. */
    final class Tophash implements LongLongPeer {
        private final LongLongMap map;

        Tophash(long expectedSize) {
            map = LongLongMap.builder().expectedSize(expectedSize).missingValue(MISSING).build();
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long get(long key) { return map.get(key); }
        @Override public long remove(long key) { return map.remove(key); }
        @Override public long size() { return map.size(); }
        @Override public void close() { map.close(); }
    }

    /** {@code java.util.HashMap<Long, Long>}, boxing as its users do. */
    final class JavaHashMap implements LongLongPeer {
        private final HashMap<Long, Long> map;

        JavaHashMap(int expectedSize) {
            map = new HashMap<>(Math.max(16, (int) (expectedSize / 0.75f) + 1));
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long get(long key) {
            Long v = map.get(key);
            return v == null ? MISSING : v;
        }
        @Override public long remove(long key) {
            Long v = map.remove(key);
            return v == null ? MISSING : v;
        }
        @Override public long size() { return map.size(); }
        @Override public void close() { }
    }

    /** Agrona's open-addressing {@code Long2LongHashMap}. */
    final class Agrona implements LongLongPeer {
        private final Long2LongHashMap map;

        Agrona(int expectedSize) {
            map = new Long2LongHashMap(Math.max(8, expectedSize * 2), 0.65f, MISSING);
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long get(long key) { return map.get(key); }
        @Override public long remove(long key) { return map.remove(key); }
        @Override public long size() { return map.size(); }
        @Override public void close() { }
    }

    /** fastutil's open-addressing {@code Long2LongOpenHashMap}. */
    final class Fastutil implements LongLongPeer {
        private final Long2LongOpenHashMap map;

        Fastutil(int expectedSize) {
            map = new Long2LongOpenHashMap(expectedSize);
            map.defaultReturnValue(MISSING);
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long get(long key) { return map.get(key); }
        @Override public long remove(long key) { return map.remove(key); }
        @Override public long size() { return map.size(); }
        @Override public void close() { }
    }
}
