package dev.tophash.bench;

import dev.tophash.engine.HugePages;
import dev.tophash.engine.LongLongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import net.openhft.chronicle.map.ChronicleMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * One map under test, behind the few operations the benchmarks need.
 *
 * <p>Each JMH fork loads a single implementation, so calls through this interface stay
 * monomorphic and inline. The comparison command runs every peer in one JVM, where a call
 * site in shared code would see all five classes and pay a megamorphic interface call per
 * operation; so the bulk loops ({@link #putAll}, {@link #sumGets}, {@link #getDependent},
 * {@link #sumRemoves}) are written out in each peer, where the map's concrete type is known and
 * its calls inline.
 */
public interface LongLongPeer extends AutoCloseable {
    /** The value returned for an absent key by every peer, so results compare. */
    long MISSING = Long.MIN_VALUE;

    /** tophash's {@link LongLongMap}. */
    String TOPHASH = "tophash";
    /** {@code java.util.HashMap<Long, Long>}. */
    String HASH_MAP = "HashMap";
    /** Agrona's {@code Long2LongHashMap}. */
    String AGRONA = "agrona";
    /** fastutil's {@code Long2LongOpenHashMap}. */
    String FASTUTIL = "fastutil";
    /** Chronicle Map, off-heap, with boxed {@code Long} keys and values. */
    String CHRONICLE = "chronicle";

    /** Every peer's name, in the order the comparison runs and prints them. */
    List<String> NAMES = List.of(TOPHASH, HASH_MAP, AGRONA, FASTUTIL, CHRONICLE);

    /**
     * Stores an entry.
     *
     * @param key the key
     * @param value the value; never {@link #MISSING}, which Agrona reserves
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

    /**
     * Stores {@code keys[i] -> values[i]} for every {@code i}, in order.
     *
     * @param keys the keys
     * @param values the values, as long as {@code keys}
     * @return the size afterwards, so the caller can check and consume it
     */
    long putAll(long[] keys, long[] values);

    /**
     * Looks up every key, in order.
     *
     * @param keys the keys
     * @return the sum of what {@link #get} returned, so no lookup is dead code
     */
    long sumGets(long[] keys);

    /**
     * Follows a chain of dependent lookups: looks up {@code start}, then the value found, then
     * the value found for that, {@code lookups} times in all, so no lookup can begin before the
     * previous one has answered. In a map that holds each key of a {@link KeyCycle} with its
     * successor, a chain as long as the cycle ends where it started.
     *
     * @param start the first key looked up
     * @param lookups how many lookups, at least 0
     * @return the value the last lookup found ({@link #MISSING} once the chain leaves the map),
     *     or {@code start} after no lookup
     */
    long getDependent(long start, int lookups);

    /**
     * Removes every key, in order.
     *
     * @param keys the keys
     * @return the sum of what {@link #remove} returned, so no removal is dead code
     */
    long sumRemoves(long[] keys);

    /**
     * The native memory this map holds, for the peers that live off-heap.
     *
     * @return bytes held outside the Java heap, or -1 for a map that lives on the heap
     */
    long offHeapBytes();

    /**
     * Whether the map can start empty and grow. A map that cannot is sized for the final
     * number of entries even in a "growing" run, and reports say so.
     *
     * @return true when the map resizes itself as entries are added
     */
    default boolean grows() {
        return true;
    }

    /** Frees what the map holds off-heap, if anything. */
    @Override
    void close();

    /**
     * Makes the named peer, sized for {@code expectedSize} entries.
     *
     * @param name one of {@link #NAMES}
     * @param expectedSize the number of entries expected
     * @return a new empty map
     * @throws IllegalArgumentException for an unknown name
     */
    static LongLongPeer create(String name, long expectedSize) {
        return make(name, expectedSize, null);
    }

    /**
     * Makes the named peer, sized for {@code expectedSize} entries, with a fixed hash seed
     * where the map takes one (tophash), so runs repeat.
     *
     * @param name one of {@link #NAMES}
     * @param expectedSize the number of entries expected; 0 for a map that starts empty and grows
     * @param seed the hash seed for maps that take one
     * @return a new empty map
     * @throws IllegalArgumentException for an unknown name
     */
    static LongLongPeer create(String name, long expectedSize, long seed) {
        return make(name, expectedSize, seed);
    }

    /** {@code seed} null keeps the map's own default: tophash draws a random seed per map. */
    private static LongLongPeer make(String name, long expectedSize, Long seed) {
        switch (name) {
            case TOPHASH: return new Tophash(expectedSize, seed);
            case HASH_MAP: return new JavaHashMap(intSize(expectedSize));
            case AGRONA: return new Agrona(intSize(expectedSize));
            case FASTUTIL: return new Fastutil(intSize(expectedSize));
            case CHRONICLE: return new Chronicle(expectedSize);
            default: throw new IllegalArgumentException("unknown map '" + name + "': expected one of " + NAMES);
        }
    }

    /**
     * A tophash peer over a map made elsewhere, such as one opened from a file, so it is read
     * and written through the same loops as {@link #create}'s. Its absent keys read as the
     * map's own missing value, not necessarily {@link #MISSING}.
     *
     * @param map the map; closing the peer closes it
     * @return the peer
     */
    static LongLongPeer wrap(LongLongMap map) {
        return new Tophash(map);
    }

    /**
     * The peer name that matches {@code name} ignoring case, for command lines.
     *
     * @param name a name as a user typed it
     * @return the canonical name from {@link #NAMES}
     * @throws IllegalArgumentException naming the choices when nothing matches
     */
    static String canonicalName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (String known : NAMES) {
            if (known.toLowerCase(Locale.ROOT).equals(wanted)) {
                return known;
            }
        }
        throw new IllegalArgumentException("unknown map '" + name + "': expected one of " + String.join(", ", NAMES));
    }

    /**
     * Switches off Chronicle's usage analytics (which would otherwise phone home from a
     * benchmark run). Chronicle reads the property once, when its classes initialise, so this
     * runs before the first Chronicle class is touched; a value the user set is kept.
     */
    static void switchOffChronicleAnalytics() {
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    private static int intSize(long expectedSize) {
        if (expectedSize < 0 || expectedSize > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("expected size " + expectedSize + " is outside 0.." + Integer.MAX_VALUE / 2
                    + " for an on-heap map");
        }
        return (int) expectedSize;
    }

    /** tophash's {@link LongLongMap}. */
    final class Tophash implements LongLongPeer {
        private final LongLongMap map;

        Tophash(long expectedSize, Long seed) {
            // As a user who wants every table on huge pages does at start-up: wait for the
            // madvise binding once, so no table of the run is left on small pages by timing.
            HugePages.enabled();
            LongLongMap.Builder builder = LongLongMap.builder().expectedSize(expectedSize).missingValue(MISSING);
            if (seed != null) {
                builder.seed(seed);
            }
            map = builder.build();
        }

        Tophash(LongLongMap map) {
            this.map = map;
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long get(long key) { return map.get(key); }
        @Override public long remove(long key) { return map.remove(key); }
        @Override public long size() { return map.size(); }
        @Override public long offHeapBytes() { return map.stats().offHeapBytes(); }
        @Override public void close() { map.close(); }

        @Override public long putAll(long[] keys, long[] values) {
            final LongLongMap m = map;
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values[i]);
            }
            return m.size();
        }

        @Override public long sumGets(long[] keys) {
            final LongLongMap m = map;
            long sum = 0;
            for (long key : keys) {
                sum += m.get(key);
            }
            return sum;
        }

        @Override public long getDependent(long start, int lookups) {
            final LongLongMap m = map;
            long key = start;
            for (int i = 0; i < lookups; i++) {
                key = m.get(key);
            }
            return key;
        }

        @Override public long sumRemoves(long[] keys) {
            final LongLongMap m = map;
            long sum = 0;
            for (long key : keys) {
                sum += m.remove(key);
            }
            return sum;
        }
    }

    /** {@code java.util.HashMap<Long, Long>}, boxing as its users do. */
    final class JavaHashMap implements LongLongPeer {
        private final HashMap<Long, Long> map;

        JavaHashMap(int expectedSize) {
            // HashMap's argument is a capacity, not a size: divide by its 0.75 load factor.
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
        @Override public long offHeapBytes() { return -1; }
        @Override public void close() { }

        @Override public long putAll(long[] keys, long[] values) {
            final HashMap<Long, Long> m = map;
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values[i]);
            }
            return m.size();
        }

        @Override public long sumGets(long[] keys) {
            final HashMap<Long, Long> m = map;
            long sum = 0;
            for (long key : keys) {
                Long v = m.get(key);
                sum += v == null ? MISSING : v;
            }
            return sum;
        }

        @Override public long getDependent(long start, int lookups) {
            final HashMap<Long, Long> m = map;
            long key = start;
            for (int i = 0; i < lookups; i++) {
                Long v = m.get(key);
                key = v == null ? MISSING : v;
            }
            return key;
        }

        @Override public long sumRemoves(long[] keys) {
            final HashMap<Long, Long> m = map;
            long sum = 0;
            for (long key : keys) {
                Long v = m.remove(key);
                sum += v == null ? MISSING : v;
            }
            return sum;
        }
    }

    /** Agrona's open-addressing {@code Long2LongHashMap}. */
    final class Agrona implements LongLongPeer {
        private final Long2LongHashMap map;

        Agrona(int expectedSize) {
            // The argument is a capacity: at Agrona's default 0.65 load factor, twice the size
            // holds it without a resize.
            map = new Long2LongHashMap(Math.max(8, expectedSize * 2), 0.65f, MISSING);
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long get(long key) { return map.get(key); }
        @Override public long remove(long key) { return map.remove(key); }
        @Override public long size() { return map.size(); }
        @Override public long offHeapBytes() { return -1; }
        @Override public void close() { }

        @Override public long putAll(long[] keys, long[] values) {
            final Long2LongHashMap m = map;
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values[i]);
            }
            return m.size();
        }

        @Override public long sumGets(long[] keys) {
            final Long2LongHashMap m = map;
            long sum = 0;
            for (long key : keys) {
                sum += m.get(key);
            }
            return sum;
        }

        @Override public long getDependent(long start, int lookups) {
            final Long2LongHashMap m = map;
            long key = start;
            for (int i = 0; i < lookups; i++) {
                key = m.get(key);
            }
            return key;
        }

        @Override public long sumRemoves(long[] keys) {
            final Long2LongHashMap m = map;
            long sum = 0;
            for (long key : keys) {
                sum += m.remove(key);
            }
            return sum;
        }
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
        @Override public long offHeapBytes() { return -1; }
        @Override public void close() { }

        @Override public long putAll(long[] keys, long[] values) {
            final Long2LongOpenHashMap m = map;
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values[i]);
            }
            return m.size();
        }

        @Override public long sumGets(long[] keys) {
            final Long2LongOpenHashMap m = map;
            long sum = 0;
            for (long key : keys) {
                sum += m.get(key);
            }
            return sum;
        }

        @Override public long getDependent(long start, int lookups) {
            final Long2LongOpenHashMap m = map;
            long key = start;
            for (int i = 0; i < lookups; i++) {
                key = m.get(key);
            }
            return key;
        }

        @Override public long sumRemoves(long[] keys) {
            final Long2LongOpenHashMap m = map;
            long sum = 0;
            for (long key : keys) {
                sum += m.remove(key);
            }
            return sum;
        }
    }

    /**
     * Chronicle Map, in memory (not persisted), through its ordinary {@code Map<Long, Long>} API
     * as most of its users call it: keys and values box, and {@code put}/{@code remove} return
     * the previous value.
     *
     * <p>Chronicle Map's capacity is fixed when it is built ({@code entries(n)}); it cannot
     * start empty and grow, so {@link #grows()} is false and a "growing" run sizes it for the
     * final count. Chronicle's usage analytics are switched off before its first class loads.
     */
    final class Chronicle implements LongLongPeer {
        /** Chronicle Map refuses {@code entries(0)}. */
        private static final long MIN_ENTRIES = 1;

        private final ChronicleMap<Long, Long> map;

        Chronicle(long expectedSize) {
            switchOffChronicleAnalytics();
            map = ChronicleMap.of(Long.class, Long.class)
                    .entries(Math.max(MIN_ENTRIES, expectedSize))
                    .create();
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
        @Override public long size() { return map.longSize(); }
        @Override public long offHeapBytes() { return map.offHeapMemoryUsed(); }
        @Override public boolean grows() { return false; }
        @Override public void close() { map.close(); }

        @Override public long putAll(long[] keys, long[] values) {
            final ChronicleMap<Long, Long> m = map;
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], values[i]);
            }
            return m.longSize();
        }

        @Override public long sumGets(long[] keys) {
            final ChronicleMap<Long, Long> m = map;
            long sum = 0;
            for (long key : keys) {
                Long v = m.get(key);
                sum += v == null ? MISSING : v;
            }
            return sum;
        }

        @Override public long getDependent(long start, int lookups) {
            final ChronicleMap<Long, Long> m = map;
            long key = start;
            for (int i = 0; i < lookups; i++) {
                Long v = m.get(key);
                key = v == null ? MISSING : v;
            }
            return key;
        }

        @Override public long sumRemoves(long[] keys) {
            final ChronicleMap<Long, Long> m = map;
            long sum = 0;
            for (long key : keys) {
                Long v = m.remove(key);
                sum += v == null ? MISSING : v;
            }
            return sum;
        }
    }
}
