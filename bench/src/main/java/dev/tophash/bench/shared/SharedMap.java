package dev.tophash.bench.shared;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.engine.ConcurrentLongLongMap;
import dev.tophash.engine.HugePages;
import dev.tophash.engine.LongLongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.StampedLock;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * One map under shared access, behind the operations the {@code shared} command's threads call.
 *
 * <p>Every map of a run shares one JVM, where a loop in shared code calling through this
 * interface would make a megamorphic call per operation. So the loops that run many operations
 * ({@link #getAll}, {@link #mix}) are written out in each map, where its concrete type is known
 * and its calls inline, as {@link LongLongPeer}'s are; {@link #put} and {@link #remove}, which the
 * one writer times one by one, go through the interface, as a single timed operation does in
 * {@code compare}. Every answer is checked with {@link Values#belongs}, so none is dead code and
 * a wrong one ends the map's run.
 */
interface SharedMap extends AutoCloseable {
    /** tophash's {@link LongLongMap}: one writer thread, lock-free readers. */
    String TOPHASH = "tophash";
    /** tophash's {@link ConcurrentLongLongMap}: many writer threads, a lock per shard, lock-free readers. */
    String TOPHASH_CONCURRENT = "tophash-concurrent";
    /** {@code java.util.concurrent.ConcurrentHashMap<Long, Long>}. */
    String CONCURRENT_HASH_MAP = "ConcurrentHashMap";
    /** Chronicle Map in memory, {@code ChronicleMap<Long, Long>}, built as {@code compare} builds it. */
    String CHRONICLE = "chronicle";
    /** fastutil's {@code Long2LongOpenHashMap} behind a {@link StampedLock}: optimistic reads, the on-heap baseline. */
    String FASTUTIL_STAMPED = "fastutil-stamped";

    /** Every map, in the order the tables list them. */
    List<String> NAMES = List.of(TOPHASH, TOPHASH_CONCURRENT, CONCURRENT_HASH_MAP, CHRONICLE, FASTUTIL_STAMPED);
    /** The maps that take many writer threads at once, for the many-writers scenario. */
    List<String> MANY_WRITER_NAMES = List.of(TOPHASH_CONCURRENT, CONCURRENT_HASH_MAP, CHRONICLE);

    /**
     * The map's name, one of {@link #NAMES}.
     *
     * @return the name
     */
    String name();

    /**
     * Stores an entry.
     *
     * @param key the key
     * @param value the value
     * @return the previous value, or {@link LongLongPeer#MISSING}
     */
    long put(long key, long value);

    /**
     * Removes a key.
     *
     * @param key the key
     * @return the removed value, or {@link LongLongPeer#MISSING}
     */
    long remove(long key);

    /**
     * Gets {@code keys[from]} to {@code keys[to - 1]}, in order, and checks each answer.
     *
     * @param keys present keys whose values were made by {@link Values#of}
     * @param from the first index
     * @param to one past the last index
     * @throws IllegalStateException for the first answer that is not a value of its key
     */
    void getAll(long[] keys, int from, int to);

    /**
     * Runs the many-writers mix ({@link MixedOps}) on {@code keys[from]} to {@code keys[to - 1]}:
     * the operation on {@code keys[i]} is the one of step {@code step + i - from}. Checks every
     * answer.
     *
     * @param keys present keys whose values were made by {@link Values#of}
     * @param from the first index
     * @param to one past the last index
     * @param step the step of the operation on {@code keys[from]}
     * @throws IllegalStateException for the first answer that is not a value of its key
     * @throws UnsupportedOperationException for a map that takes one writer thread only
     */
    default void mix(long[] keys, int from, int to, long step) {
        throw new UnsupportedOperationException(name() + " takes one writer thread at a time");
    }

    /**
     * The number of entries.
     *
     * @return the size
     */
    long size();

    /**
     * Puts every key with a first value of it ({@link Values#of}, version 0), from the calling
     * thread, and checks the size. Costs one put per key.
     *
     * @param keys distinct keys, absent so far
     * @throws IllegalStateException when the map does not hold them all afterwards
     */
    default void fill(long[] keys) {
        for (long key : keys) {
            put(key, Values.of(key, 0));
        }
        if (size() != keys.length) {
            throw new IllegalStateException(name() + " holds " + size() + " entries after " + keys.length
                    + " puts of distinct keys");
        }
    }

    /** Frees what the map holds off-heap, if anything. */
    @Override
    void close();

    /**
     * Makes the named map, sized for {@code expectedSize} entries, its absent keys reading as
     * {@link LongLongPeer#MISSING}.
     *
     * @param name one of {@link #NAMES}
     * @param expectedSize the most entries it will hold, at least 1
     * @param seed tophash's hash seed, so runs repeat
     * @return a new empty map
     * @throws IllegalArgumentException for an unknown name
     */
    static SharedMap create(String name, long expectedSize, long seed) {
        switch (name) {
            case TOPHASH: return new Tophash(expectedSize, seed);
            case TOPHASH_CONCURRENT: return new TophashConcurrent(expectedSize, seed);
            case CONCURRENT_HASH_MAP: return Boxed.concurrentHashMap(expectedSize);
            case CHRONICLE: return Boxed.chronicle(expectedSize);
            case FASTUTIL_STAMPED: return new StampedFastutil(expectedSize);
            default: throw new IllegalArgumentException("unknown map '" + name + "': expected one of " + NAMES);
        }
    }

    /**
     * Makes the named map, as {@link #create} does, and {@link #fill}s it with {@code keys}.
     *
     * @param name one of {@link #NAMES}
     * @param expectedSize the most entries it will hold, at least {@code keys.length}
     * @param seed tophash's hash seed
     * @param keys distinct keys
     * @return the filled map; closed again when filling fails
     */
    static SharedMap filled(String name, long expectedSize, long seed, long[] keys) {
        SharedMap map = create(name, expectedSize, seed);
        try {
            map.fill(keys);
            return map;
        } catch (RuntimeException | Error e) {
            map.close();
            throw e;
        }
    }

    /**
     * The map name that matches {@code name} ignoring case, for command lines.
     *
     * @param name a name as a user typed it
     * @return the canonical name from {@link #NAMES}
     * @throws IllegalArgumentException naming the choices when nothing matches
     */
    static String canonicalName(String name) {
        return NAMES.stream().filter(known -> known.equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown map '" + name + "': expected one of "
                        + String.join(", ", NAMES)));
    }

    /** tophash's {@link LongLongMap}: the writer's thread writes, other threads read lock-free. */
    final class Tophash implements SharedMap {
        private final LongLongMap map;

        Tophash(long expectedSize, long seed) {
            // As compare does: the madvise binding settled before the table is made.
            HugePages.enabled();
            map = LongLongMap.builder().expectedSize(expectedSize).seed(seed).missingValue(LongLongPeer.MISSING)
                    .build();
        }

        @Override public String name() { return TOPHASH; }
        @Override public long put(long key, long value) { return map.put(key, value); }
        @Override public long remove(long key) { return map.remove(key); }
        @Override public long size() { return map.size(); }
        @Override public void close() { map.close(); }

        @Override public void getAll(long[] keys, int from, int to) {
            final LongLongMap m = map;
            for (int i = from; i < to; i++) {
                long key = keys[i];
                long value = m.get(key);
                if (!Values.belongs(key, value)) {
                    throw Values.wrongAnswer(TOPHASH, "get", key, value);
                }
            }
        }
    }

    /** tophash's {@link ConcurrentLongLongMap}, its shards as many as it chooses by default. */
    final class TophashConcurrent implements SharedMap {
        private final ConcurrentLongLongMap map;

        TophashConcurrent(long expectedSize, long seed) {
            HugePages.enabled();
            map = ConcurrentLongLongMap.builder().expectedSize(expectedSize).seed(seed)
                    .missingValue(LongLongPeer.MISSING).build();
        }

        @Override public String name() { return TOPHASH_CONCURRENT; }
        @Override public long put(long key, long value) { return map.put(key, value); }
        @Override public long remove(long key) { return map.remove(key); }
        @Override public long size() { return map.size(); }
        @Override public void close() { map.close(); }

        @Override public void getAll(long[] keys, int from, int to) {
            final ConcurrentLongLongMap m = map;
            for (int i = from; i < to; i++) {
                long key = keys[i];
                long value = m.get(key);
                if (!Values.belongs(key, value)) {
                    throw Values.wrongAnswer(TOPHASH_CONCURRENT, "get", key, value);
                }
            }
        }

        @Override public void mix(long[] keys, int from, int to, long step) {
            final ConcurrentLongLongMap m = map;
            for (int i = from; i < to; i++) {
                long key = keys[i];
                long s = step + i - from;
                int op = MixedOps.of(s);
                long value = op == MixedOps.GET ? m.get(key)
                        : op == MixedOps.PUT ? m.put(key, Values.of(key, s))
                        : m.addTo(key, 1);
                if (!Values.belongs(key, value)) {
                    throw Values.wrongAnswer(TOPHASH_CONCURRENT, MixedOps.name(op), key, value);
                }
            }
        }
    }

    /**
     * A map with the {@code ConcurrentMap<Long, Long>} API, called as its users call it: keys and
     * values box, {@code put} and {@code remove} return the previous value, and {@code addTo} is
     * the map's atomic {@code merge(key, 1L, Long::sum)}. ConcurrentHashMap and Chronicle Map
     * share this class, so its call sites see two receiver types, which the JIT still inlines.
     */
    final class Boxed implements SharedMap {
        private static final Long ONE = 1L;

        private final String name;
        private final ConcurrentMap<Long, Long> map;
        private final Runnable closer;

        private Boxed(String name, ConcurrentMap<Long, Long> map, Runnable closer) {
            this.name = name;
            this.map = map;
            this.closer = closer;
        }

        /** {@code ConcurrentHashMap<Long, Long>}, its table made large enough for the entries. */
        static Boxed concurrentHashMap(long expectedSize) {
            return new Boxed(CONCURRENT_HASH_MAP, new ConcurrentHashMap<>(Math.toIntExact(expectedSize)), () -> { });
        }

        /** Chronicle Map in memory, built as {@code compare} builds it; its capacity is fixed when built. */
        static Boxed chronicle(long expectedSize) {
            LongLongPeer.switchOffChronicleAnalytics();
            ChronicleMap<Long, Long> map = ChronicleMap.of(Long.class, Long.class)
                    .entries(Math.max(1, expectedSize)).create();
            return new Boxed(CHRONICLE, map, map::close);
        }

        @Override public String name() { return name; }
        @Override public long put(long key, long value) { return unboxed(map.put(key, value)); }
        @Override public long remove(long key) { return unboxed(map.remove(key)); }
        @Override public long size() { return map.size(); }
        @Override public void close() { closer.run(); }

        @Override public void getAll(long[] keys, int from, int to) {
            final ConcurrentMap<Long, Long> m = map;
            for (int i = from; i < to; i++) {
                long key = keys[i];
                long value = unboxed(m.get(key));
                if (!Values.belongs(key, value)) {
                    throw Values.wrongAnswer(name, "get", key, value);
                }
            }
        }

        @Override public void mix(long[] keys, int from, int to, long step) {
            final ConcurrentMap<Long, Long> m = map;
            for (int i = from; i < to; i++) {
                long key = keys[i];
                long s = step + i - from;
                int op = MixedOps.of(s);
                long value = op == MixedOps.GET ? unboxed(m.get(key))
                        : op == MixedOps.PUT ? unboxed(m.put(key, Values.of(key, s)))
                        : m.merge(key, ONE, Long::sum);
                if (!Values.belongs(key, value)) {
                    throw Values.wrongAnswer(name, MixedOps.name(op), key, value);
                }
            }
        }

        private static long unboxed(Long value) {
            return value == null ? LongLongPeer.MISSING : value;
        }
    }

    /**
     * fastutil's {@code Long2LongOpenHashMap} guarded by a {@link StampedLock}: the writer takes the
     * write lock; a reader reads optimistically ({@code tryOptimisticRead}, the lookup,
     * {@code validate}) and, when a write overlapped, again under the read lock, which waits for the
     * writer and makes the writer wait. An overlapped optimistic lookup may read the map's arrays
     * half-changed; whatever it answers or throws is thrown away, since the validation fails.
     */
    final class StampedFastutil implements SharedMap {
        private final Long2LongOpenHashMap map;
        private final StampedLock lock = new StampedLock();

        StampedFastutil(long expectedSize) {
            map = new Long2LongOpenHashMap(Math.toIntExact(expectedSize));
            map.defaultReturnValue(LongLongPeer.MISSING);
        }

        @Override public String name() { return FASTUTIL_STAMPED; }

        @Override public long put(long key, long value) {
            long stamp = lock.writeLock();
            try {
                return map.put(key, value);
            } finally {
                lock.unlockWrite(stamp);
            }
        }

        @Override public long remove(long key) {
            long stamp = lock.writeLock();
            try {
                return map.remove(key);
            } finally {
                lock.unlockWrite(stamp);
            }
        }

        @Override public long size() {
            long stamp = lock.readLock();
            try {
                return map.size();
            } finally {
                lock.unlockRead(stamp);
            }
        }

        @Override public void close() { }

        @Override public void getAll(long[] keys, int from, int to) {
            for (int i = from; i < to; i++) {
                long key = keys[i];
                long value = get(key);
                if (!Values.belongs(key, value)) {
                    throw Values.wrongAnswer(FASTUTIL_STAMPED, "get", key, value);
                }
            }
        }

        private long get(long key) {
            final StampedLock l = lock;
            long stamp = l.tryOptimisticRead();
            long value = optimisticGet(key);
            if (l.validate(stamp)) {
                return value;
            }
            stamp = l.readLock();
            try {
                return map.get(key);
            } finally {
                l.unlockRead(stamp);
            }
        }

        /** A lookup that may race the writer: a half-rehashed table may send it out of bounds. */
        private long optimisticGet(long key) {
            try {
                return map.get(key);
            } catch (RuntimeException raced) {
                // Only a write in progress makes fastutil throw here, and then validate fails.
                return LongLongPeer.MISSING;
            }
        }
    }
}
