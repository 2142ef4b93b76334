package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;

/**
 * A {@code long -> long} map kept off-heap for many writer threads: keys are split over
 * <em>shards</em>, each an independent tophash table (the engine of {@link LongLongMap}) with
 * its own lock, so writers of different shards never wait for one another and each shard grows
 * on its own. Reads take no lock at all. {@code get}, {@code put}, {@code addTo},
 * {@code remove} and their relatives allocate nothing and box nothing.
 *
 * <pre>{@code
 * try (ConcurrentLongLongMap positions = ConcurrentLongLongMap.builder().expectedSize(1_000_000).build()) {
 *     positions.addTo(instrumentId, filledQuantity);   // from any thread, atomic per key
 *     long quantity = positions.get(instrumentId);      // from any thread, lock-free
 * }
 * }</pre>
 *
 * <p>Every {@code long} is a legal key and a legal value. {@link #get} returns the <em>missing
 * value</em> (0 unless the builder says otherwise) for an absent key; use {@link #containsKey}
 * or {@link #getOrDefault} where that value is a real one.
 *
 * <h2>Shards</h2>
 * A key's shard is picked by a hash of the key seeded per map, independent of the seeds the
 * tables hash with inside, so the keys of one shard still spread over all of its buckets. The
 * shard count is a power of two fixed at build time: by default the smallest one at or above four
 * per available processor, so that writers on different processors rarely meet on one shard.
 *
 * <h2>Threads: what each call may see</h2>
 * <ul>
 * <li>{@link #put}, {@link #putIfAbsent}, {@link #addTo}, {@link #remove} lock the key's shard
 * for one table write and are atomic per key: two threads' {@code addTo} on one key never lose
 * an update; of several threads' {@code putIfAbsent} on an absent key exactly one inserts.
 * Writers of other shards go on meanwhile.</li>
 * <li>{@link #get}, {@link #getOrDefault}, {@link #containsKey} take no lock and never block,
 * whatever the writers do: the answer is what the key held at some moment during the call (a
 * value written by a call that returned before the read started, or a newer one), never a torn
 * value and never another key's. These calls are linearizable.</li>
 * <li>{@link #size} and {@link #isEmpty} add up the shards' counts one after another without
 * locking: exact while no write runs, an estimate while writes do (as
 * {@code ConcurrentHashMap.size()} is).</li>
 * <li>{@link #clear} clears the shards one after another, each under its lock: an entry written
 * to a shard after that shard was cleared stays.</li>
 * <li>{@link #forEach} and the {@link #asMap()} view's iterators walk the shards one after
 * another; within a shard they lock it only to collect a batch of entries, and call the action
 * or hand the entries out with no lock held, so the action may do anything, this map's writes
 * included. Weakly consistent, with Go's guarantees: every key present for the whole walk is
 * returned once, with a value it held during the walk; no entry is returned twice; an entry put
 * meanwhile may or may not be returned (a key removed and put back during the walk is such a new
 * entry, so it may be returned twice).</li>
 * </ul>
 *
 * <h2>Costs</h2>
 * Against {@link LongLongMap} used from one thread, every call hashes the key once more to pick
 * its shard; every write also takes and lets go of the shard's lock (uncontended: a
 * compare-and-set each way); every read goes through the reader protocol of the table, since
 * another thread may be writing: a thread-local lookup and a full fence. A write that has to wait
 * for its shard waits for one table write of another thread. {@link #size}, {@link #isEmpty},
 * {@link #stats} cost O(shards). Memory: each shard is a table of its own, at least one bucket
 * (the builder's expected size is shared out among them).
 *
 * <h2>Memory</h2>
 * The map owns its off-heap memory: {@link #close()} waits for each shard's write in progress and
 * for reads in progress, then frees every shard; after it every call throws
 * {@link IllegalStateException}. A forgotten map is freed by a {@link Cleaner} once unreachable
 * (its {@link #asMap()} view and iterators keep it reachable). Large shards free retired memory
 * and prepare their next table on a background thread; see {@link Builder#threadFactory} and
 * {@link Builder#backgroundThreads}.
 */
public final class ConcurrentLongLongMap implements AutoCloseable {
    /** The most shards a map may have: each is a table with its own memory and lock. */
    static final int MAX_SHARDS = 1 << 16;
    /** Entries a walk collects from a shard per lock. */
    static final int BATCH = 64;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final Shard[] shards;
    private final int shardMask;
    /** Seeds the hash that picks a key's shard; unrelated to the tables' own seeds. */
    private final long shardSeed;
    private final long missingValue;
    private ConcurrentMap<Long, Long> asMap;

    private ConcurrentLongLongMap(Table[] tables, long shardSeed, long missingValue) {
        this.shards = new Shard[tables.length];
        for (int i = 0; i < tables.length; i++) {
            shards[i] = new Shard(tables[i], TableOptions.register(this, tables[i]));
        }
        this.shardMask = tables.length - 1;
        this.shardSeed = shardSeed;
        this.missingValue = missingValue;
    }

    /**
     * Starts building a map. O(1).
     *
     * @return a builder with the defaults: expected size 0, the default shard count, random
     *     seed, missing value 0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link ConcurrentLongLongMap}s. Reusable: each {@link #build()} makes a new,
     * independent map.
     */
    public static final class Builder {
        private final TableOptions options = new TableOptions();
        private long expectedSize;
        private int shards = defaultShards(Runtime.getRuntime().availableProcessors());
        private long seed;
        private boolean seeded;
        private long missingValue;

        private Builder() {
        }

        /**
         * Sizes the shards so that {@code size} entries fit without a grow: each shard is sized
         * for its share, {@code size / shards}, plus four standard deviations of a random split,
         * so that a map filled to {@code size} keys grows no shard. Default 0 (one bucket per
         * shard).
         *
         * @param size the number of entries expected, at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder expectedSize(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("expectedSize must not be negative, got " + size);
            }
            this.expectedSize = size;
            return this;
        }

        /**
         * The number of shards: independent tables, each with its own lock. More shards let more
         * writers run at once and cost memory per shard. Default: the smallest power of two at or
         * above four per available processor.
         *
         * @param count a power of two from 1 to 65536
         * @return this builder
         * @throws IllegalArgumentException if not a power of two in that range
         */
        public Builder shards(int count) {
            if (count < 1 || count > MAX_SHARDS || Integer.bitCount(count) != 1) {
                throw new IllegalArgumentException("shards must be a power of two from 1 to " + MAX_SHARDS
                    + ", got " + count + (count > 1 && count < MAX_SHARDS
                    ? "; the nearest is " + Integer.highestOneBit(count) + " or " + (Integer.highestOneBit(count) << 1) : ""));
            }
            this.shards = count;
            return this;
        }

        /**
         * Fixes the seed of the shard choice and of every table (hashes, iteration starts), for
         * reproducible runs. Default: random per map.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            this.seeded = true;
            return this;
        }

        /**
         * What {@link ConcurrentLongLongMap#get} and {@link ConcurrentLongLongMap#put}/
         * {@link ConcurrentLongLongMap#remove} return for an absent key. Default 0.
         *
         * @param missingValue any value
         * @return this builder
         */
        public Builder missingValue(long missingValue) {
            this.missingValue = missingValue;
            return this;
        }

        /**
         * Where off-heap memory comes from. Default {@link Allocator#NATIVE}.
         *
         * @param allocator the allocator
         * @return this builder
         */
        public Builder allocator(Allocator allocator) {
            options.allocator(allocator);
            return this;
        }

        /**
         * Runs the shards' background housekeeping on a thread made by {@code factory}, as
         * {@link LongLongMap.Builder#threadFactory} does for one table: all shards, and every map
         * built with the same factory, share one thread. Default: tophash's own.
         *
         * @param factory makes the one housekeeping thread
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            options.threadFactory(factory);
            return this;
        }

        /**
         * Whether the map may use a background thread at all; with {@code false} every piece of
         * housekeeping runs on the writer that causes it, inside the shard's lock, as
         * {@link LongLongMap.Builder#backgroundThreads} describes. Default {@code true}.
         *
         * @param allowed false to run all housekeeping on the writers
         * @return this builder
         */
        public Builder backgroundThreads(boolean allowed) {
            options.backgroundThreads(allowed);
            return this;
        }

        /**
         * Allocates every shard's first table, zeroed: O(expected size + shards).
         *
         * @return a new empty map
         * @throws IllegalArgumentException for an impossible expected size
         * @throws OffHeapAllocationException if the memory cannot be had (nothing stays allocated)
         */
        public ConcurrentLongLongMap build() {
            options.expectedSize(perShard(expectedSize, shards));
            Table[] tables = new Table[shards];
            try {
                for (int i = 0; i < shards; i++) {
                    if (seeded) {
                        options.seed(Hashing.mix(seed + (i + 1) * 0x9E3779B97F4A7C15L));
                    }
                    tables[i] = options.newTable(Codecs.int64(), Codecs.int64());
                }
            } catch (RuntimeException | Error e) {
                for (Table t : tables) {
                    if (t != null) {
                        t.close(t.owner());
                    }
                }
                throw e;
            }
            long shardSeed = seeded ? Hashing.mix(seed ^ 0x5DEECE66DL) : SEEDS.nextLong();
            return new ConcurrentLongLongMap(tables, shardSeed, missingValue);
        }
    }

    /** defaultShards is the smallest power of two at or above four per processor. */
    static int defaultShards(int processors) {
        int wanted = Math.min(MAX_SHARDS, 4 * Math.max(1, processors));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /**
     * perShard is what one shard is sized for when {@code expectedSize} keys are split at random
     * over {@code shards}: the mean share plus four standard deviations (binomial, so at most
     * {@code sqrt(mean)}), which no shard exceeds in practice.
     */
    static long perShard(long expectedSize, int shards) {
        if (expectedSize == 0) {
            return 0;
        }
        double mean = (double) expectedSize / shards;
        return Math.min(expectedSize, (long) Math.ceil(mean + 4 * Math.sqrt(mean)));
    }

    /** shardOf is the shard that holds {@code key}. */
    private Shard shardOf(long key) {
        return shards[shardIndex(key)];
    }

    /** shardIndex is the index of {@code key}'s shard. O(1). */
    int shardIndex(long key) {
        return (int) Hashing.mix(key ^ shardSeed) & shardMask;
    }

    /**
     * The value of {@code key}, or the missing value when absent. Lock-free; O(1) expected; no
     * allocation.
     *
     * @param key any long
     * @return the value or the missing value
     * @throws IllegalStateException if the map is closed
     */
    public long get(long key) {
        long value = shardOf(key).get(key, missingValue);
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * The value of {@code key}, or {@code defaultValue} when absent. Lock-free; O(1) expected;
     * no allocation.
     *
     * @param key any long
     * @param defaultValue returned when the key is absent
     * @return the value or {@code defaultValue}
     * @throws IllegalStateException if the map is closed
     */
    public long getOrDefault(long key, long defaultValue) {
        long value = shardOf(key).get(key, defaultValue);
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * Whether {@code key} is present. Lock-free; O(1) expected; no allocation.
     *
     * @param key any long
     * @return true when present
     * @throws IllegalStateException if the map is closed
     */
    public boolean containsKey(long key) {
        boolean found = shardOf(key).contains(key);
        Reference.reachabilityFence(this);
        return found;
    }

    /**
     * Associates {@code value} with {@code key}, under the key's shard lock. O(1) expected plus
     * bounded grow work; no allocation except, rarely, a new table generation or overflow chunk
     * off-heap.
     *
     * @param key any long
     * @param value any long
     * @return the previous value, or the missing value when the key was absent
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the shard needs memory it cannot get (unchanged)
     */
    public long put(long key, long value) {
        long previous = shardOf(key).put(key, value, missingValue);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * Associates {@code value} with {@code key} only when the key is absent, atomically: of
     * several threads racing to insert one key, exactly one does. O(1) expected.
     *
     * @param key any long
     * @param value any long
     * @return the current value when present (unchanged), else the missing value
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the shard needs memory it cannot get (unchanged)
     */
    public long putIfAbsent(long key, long value) {
        long current = shardOf(key).putIfAbsent(key, value, missingValue);
        Reference.reachabilityFence(this);
        return current;
    }

    /**
     * Adds {@code delta} to the value of {@code key}, starting from the missing value when
     * absent, atomically: concurrent additions to one key all count. O(1) expected; no
     * allocation.
     *
     * @param key any long
     * @param delta the amount to add (wrapping on overflow)
     * @return the new value
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the shard needs memory it cannot get (unchanged)
     */
    public long addTo(long key, long delta) {
        long value = shardOf(key).addTo(key, delta, missingValue);
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * Removes {@code key}, under the key's shard lock. O(1) expected plus bounded grow work; no
     * allocation.
     *
     * @param key any long
     * @return the removed value, or the missing value when absent
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the grow work this write does needs memory it
     *     cannot get (the map is unchanged; a retry may succeed)
     */
    public long remove(long key) {
        long previous = shardOf(key).remove(key, missingValue);
        Reference.reachabilityFence(this);
        return previous;
    }

    /**
     * The number of entries: the shards' counts added up one after another, with no lock. Exact
     * while no write runs; while writes run, an estimate that may match no single moment.
     * O(shards).
     *
     * @return the size
     * @throws IllegalStateException if the map is closed
     */
    public long size() {
        long sum = 0;
        for (Shard s : shards) {
            if (s.isClosed()) {
                throw closed();
            }
            sum += s.count();
        }
        return sum;
    }

    /**
     * Whether there are no entries, with {@link #size}'s guarantee. O(shards).
     *
     * @return true when empty
     * @throws IllegalStateException if the map is closed
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The value this map returns for absent keys.
     *
     * @return the missing value
     */
    public long missingValue() {
        return missingValue;
    }

    /**
     * Removes every entry, one shard after another, each under its lock and keeping its size
     * (B), as Go does. Not atomic: an entry written to a shard after that shard was cleared
     * stays. O(table).
     *
     * @throws IllegalStateException if the map is closed
     */
    public void clear() {
        for (Shard s : shards) {
            s.clear();
        }
        Reference.reachabilityFence(this);
    }

    /**
     * Calls {@code action} for every entry, a shard at a time, with no lock held while the action
     * runs: the action may read and write this map. Weakly consistent (see the class comment).
     * O(table); allocates a cursor per shard and one small buffer.
     *
     * @param action receives each key and value
     * @throws IllegalStateException if the map is closed
     */
    public void forEach(LongLongConsumer action) {
        long[] batch = new long[2 * BATCH];
        for (Shard s : shards) {
            TableCursor cursor = s.startIteration();
            try {
                for (int n = s.fill(cursor, batch); n > 0; n = s.fill(cursor, batch)) {
                    for (int i = 0; i < 2 * n; i += 2) {
                        action.accept(batch[i], batch[i + 1]);
                    }
                }
            } finally {
                s.endIteration(cursor);
            }
        }
        Reference.reachabilityFence(this);
    }

    /**
     * A live {@code ConcurrentMap} view of this map (boxed, so it allocates). It honours the
     * {@code ConcurrentMap} contract: {@code putIfAbsent}, {@code remove(key, value)},
     * {@code replace(key, value)} and {@code replace(key, old, new)} are atomic under the key's
     * shard lock; {@code compute}, {@code merge} and their relatives are {@code ConcurrentMap}'s
     * own retry loops over those, so their functions run with no lock held and may run more than
     * once when threads race. No null keys or values ({@link NullPointerException}); absent keys
     * read as {@code null}, whatever the missing value. {@code get} and {@code containsKey} are
     * lock-free, except a {@code get} that races an insert of its key may take the shard lock
     * once. Iterators are weakly consistent, as {@link #forEach}. Closing this map closes the
     * view.
     *
     * @return the view
     */
    public ConcurrentMap<Long, Long> asMap() {
        ConcurrentMap<Long, Long> view = asMap;
        return view != null ? view : (asMap = new ConcurrentMapView(this));
    }

    /**
     * A snapshot of every shard, each taken under its lock, and their totals. O(shards).
     *
     * @return the statistics
     * @throws IllegalStateException if the map is closed
     */
    public ShardedMapStats stats() {
        MapStats[] each = new MapStats[shards.length];
        for (int i = 0; i < shards.length; i++) {
            if (shards[i].isClosed()) {
                throw closed();
            }
            each[i] = shards[i].stats();
        }
        Reference.reachabilityFence(this);
        return new ShardedMapStats(each);
    }

    /**
     * Frees all off-heap memory: each shard in turn, once its write in progress (if any) is done
     * and the reads in progress have ended. Idempotent; later calls other than {@code close}
     * throw {@link IllegalStateException}. Reads and writes that start after it returns fail;
     * those that overlap it either finish or fail, never touch freed memory.
     */
    @Override
    public void close() {
        for (Shard s : shards) {
            s.close();
        }
    }

    @Override
    public String toString() {
        for (Shard s : shards) {
            if (s.isClosed()) {
                return "ConcurrentLongLongMap[closed]";
            }
        }
        return ((ConcurrentMapView) asMap()).entriesToString();
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("this map is closed; its off-heap memory was freed");
    }

    /** shard is the shard holding {@code key}, for the view. */
    Shard shardFor(long key) {
        return shardOf(key);
    }

    /** shards are this map's shards in order, for the view and tests. */
    Shard[] shards() {
        return shards;
    }
}
