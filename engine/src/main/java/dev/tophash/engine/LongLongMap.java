package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

import static org.agrona.UnsafeApi.getLong;

/**
 * A {@code long -> long} map kept off-heap in a Go-style bucket table, with a zero-garbage
 * primitive API: {@code get}, {@code put}, {@code remove} and their relatives allocate nothing
 * and box nothing.
 *
 * <pre>{@code
 * try (LongLongMap orders = LongLongMap.builder().expectedSize(1_000_000).build()) {
 *     orders.put(42L, 7L);
 *     long qty = orders.get(42L);          // zero garbage
 *     orders.remove(42L);
 * }
 * }</pre>
 *
 * <p>Every {@code long} is a legal key and a legal value: absence is told by the table, not by
 * a reserved value. {@link #get} returns the <em>missing value</em> (0 unless the builder says
 * otherwise) for an absent key; use {@link #containsKey} or {@link #getOrDefault} where 0 is a
 * real value.
 *
 * <h2>Costs</h2>
 * {@code get}, {@code containsKey}: one hash, one bucket chain (usually one bucket, whose
 * tophash bytes are matched with one 64-bit load). {@code put}, {@code remove}: the same, plus,
 * while the table grows, the evacuation of at most two old bucket chains; no call ever rehashes
 * the whole table. {@code clear()}: O(table).
 *
 * <h2>Threads and memory</h2>
 * One writer thread and any number of reader threads at once. {@link #get}, {@link #getOrDefault},
 * {@link #containsKey} and {@link #size} from a thread other than the writer never block and
 * never fail because of a write: a lookup answers with a value the key held at some moment
 * during the call (after a {@code put} has returned, a lookup that starts later sees its value or
 * a newer one), never a torn value and never another key's. Such a read costs a reader a
 * thread-local lookup and a full fence more than the writer's own reads, which cost nothing
 * extra. Iteration ({@link #forEach}, {@link #cursor()}, the views) from another thread keeps
 * Go's guarantees while the writer writes: no key twice, every key present throughout once, each
 * with a value it held during the iteration; it copies each bucket chain before handing its
 * entries out. Overlapping writes throw {@link java.util.ConcurrentModificationException} (best
 * effort, as Go's map does: an overlap is caught in practice, not with certainty, and what the
 * overlapping writes did is not undone). The map owns its off-heap memory: {@link #close()} waits for reads in progress
 * on other threads, then frees it, after which every call throws {@link IllegalStateException}; a forgotten map is freed by a
 * {@link Cleaner} once unreachable (its cursors and {@link #asMap()} view keep it reachable).
 * Large maps free retired memory and prepare their next table on a background thread; see
 * {@link Builder#threadFactory} and {@link Builder#backgroundThreads}.
 *
 * <h2>Iteration</h2>
 * {@link #forEach} and {@link #cursor()} follow Go: a random start, and the map may be changed
 * meanwhile; entries present throughout are seen once, with their current value. An unchanged map
 * iterates in one order every time, in every view; any insert, delete or clear draws a new start.
 */
public final class LongLongMap implements AutoCloseable {
    private static final VarHandle SPARE_CURSOR;

    static {
        try {
            SPARE_CURSOR = MethodHandles.lookup().findVarHandle(LongLongMap.class, "spareCursor", TableCursor.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Table table;
    private final long missingValue;
    private final Cleaner.Cleanable cleanable;
    /** A cursor for {@link #forEach}, taken atomically so that concurrent readers never share one. */
    @SuppressWarnings("unused")
    private TableCursor spareCursor;
    private Map<Long, Long> asMap;

    private LongLongMap(Table table, long missingValue) {
        this.table = table;
        this.missingValue = missingValue;
        this.cleanable = TableOptions.register(this, table);
    }

    /**
     * Starts building a map. O(1).
     *
     * @return a builder with the defaults: expected size 0, random seed, missing value 0
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link LongLongMap}s. Reusable: each {@link #build()} makes a new, independent map. */
    public static final class Builder {
        private final TableOptions options = new TableOptions();
        private long missingValue;

        private Builder() {
        }

        /**
         * Sizes the first table so that {@code size} entries fit without a grow: the smallest B
         * with {@code size <= 6.5 * 2^B}. Default 0 (one bucket).
         *
         * @param size the number of entries expected, at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder expectedSize(long size) {
            options.expectedSize(size);
            return this;
        }

        /**
         * Fixes the hash seed and every random choice of the map (iteration start, reseeds), for
         * reproducible runs. Default: a random seed per map.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            options.seed(seed);
            return this;
        }

        /**
         * What {@link #get} and {@link #put}/{@link #remove} return for an absent key. Default 0.
         *
         * @param missingValue any value
         * @return this builder
         */
        public Builder missingValue(long missingValue) {
            this.missingValue = missingValue;
            return this;
        }

        /**
         * Keeps the table in a new memory-mapped file instead of process memory: it survives
         * the process, reopens with {@link LongLongMap#open} in milliseconds, and can be read by
         * several processes at once with {@link LongLongMap#openReadOnly}. The file must not
         * exist. Needs the JVM flags {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED
         * --add-opens java.base/java.lang.reflect=ALL-UNNAMED} (Chronicle Core maps the file).
         * Default: none, the table lives in memory.
         *
         * @param file the file to create
         * @return this builder
         */
        public Builder file(Path file) {
            options.file(file);
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
         * Runs the map's background housekeeping (freeing retired memory, preparing a large
         * table's next generation, loading the huge-page binding) on a thread made by
         * {@code factory} instead of tophash's own daemon thread {@code tophash-housekeeper}.
         * Maps built with the same factory share one thread; it is made when a map first has
         * work for it and ends once every such map is closed. Default: tophash's own.
         *
         * @param factory makes the one housekeeping thread
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            options.threadFactory(factory);
            return this;
        }

        /**
         * Whether the map may use a background thread at all. With {@code false} it never
         * starts one: memory a grow retires is freed inside the {@code put} or
         * {@code remove} that ends the grow (O(size of that memory) in the kernel), the next
         * generation is allocated by the {@code put} that starts the grow and its pages fault in
         * as the grow writes them, and the huge-page binding loads in {@code build()}. Use it
         * where no thread may be started; expect a slower worst-case write. Default {@code true}.
         *
         * @param allowed false to run every piece of housekeeping on the map's own writer
         * @return this builder
         */
        public Builder backgroundThreads(boolean allowed) {
            options.backgroundThreads(allowed);
            return this;
        }

        /**
         * Allocates the first table, zeroed: O(expected size) in memory; O(1) in a new file,
         * whose pages read as zero until written. The first in-memory map built in a JVM also
         * runs a small throwaway map through its grows and deletes, once, so that no
         * {@code put} pays for loading and linking that code.
         *
         * @return a new empty map
         * @throws IllegalArgumentException for an impossible expected size
         * @throws OffHeapAllocationException if the memory cannot be had
         * @throws TableFileException if the file exists or cannot be created
         */
        public LongLongMap build() {
            return new LongLongMap(options.newTable(Codecs.int64(), Codecs.int64()), missingValue);
        }
    }

    /**
     * Opens a table file for reading and writing, with the data it held when last closed or
     * flushed. O(1) (pages are read as they are touched) when the file was closed cleanly; when
     * its last writer was killed, every bucket is checked and the table recovered first, O(table):
     * every entry whose put returned is there, and an insert cut short is not. A grow that was in
     * progress continues. The missing value is 0.
     *
     * @param file a file made by {@code builder().file(path)}
     * @return the map, owning the file until closed
     * @throws TableFileException if the file does not exist, is open elsewhere, is not a
     *     tophash file of this version, holds other codecs, is truncated, or is corrupt (the
     *     file is unchanged)
     */
    public static LongLongMap open(Path file) {
        return new LongLongMap(new TableOptions().openTable(file, false, Codecs.int64(), Codecs.int64()), 0);
    }

    /**
     * Opens a table file read-only: any number of processes may do so at once (no writer may
     * have it meanwhile). Every write throws {@link UnsupportedOperationException}. O(1).
     *
     * @param file a file made by {@code builder().file(path)}
     * @return the read-only map
     * @throws TableFileException as {@link #open}, and also when the last writer did not close
     *     the file (open it for writing once to recover it)
     */
    public static LongLongMap openReadOnly(Path file) {
        return new LongLongMap(new TableOptions().openTable(file, true, Codecs.int64(), Codecs.int64()), 0);
    }

    /**
     * Makes every write so far durable in the table's file (the data pages, then the header that
     * describes them): two {@code fsync}s, O(pages written since the last flush). Nothing to do
     * for a table in memory or read-only. {@link #close()} flushes too.
     *
     * @throws IllegalStateException if the map is closed
     * @throws java.io.UncheckedIOException if the file system fails
     */
    public void flush() {
        table.flush();
        Reference.reachabilityFence(this);
    }

    /**
     * The value of {@code key}, or the missing value when absent. O(1) expected; no allocation.
     *
     * @param key any long
     * @return the value or the missing value
     * @throws IllegalStateException if the map is closed
     */
    public long get(long key) {
        final Table t = table;
        long value = t.get64(t.hashBits(key), key, missingValue);
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * The value of {@code key}, or {@code defaultValue} when absent. O(1) expected; no allocation.
     *
     * @param key any long
     * @param defaultValue returned when the key is absent
     * @return the value or {@code defaultValue}
     * @throws IllegalStateException if the map is closed
     */
    public long getOrDefault(long key, long defaultValue) {
        final Table t = table;
        long value = t.get64(t.hashBits(key), key, defaultValue);
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * Whether {@code key} is present. O(1) expected; no allocation.
     *
     * @param key any long
     * @return true when present
     * @throws IllegalStateException if the map is closed
     */
    public boolean containsKey(long key) {
        final Table t = table;
        boolean found = t.contains(t.hashBits(key), key, 0);
        Reference.reachabilityFence(this);
        return found;
    }

    /**
     * Associates {@code value} with {@code key}. O(1) expected plus bounded grow work; no
     * allocation except, rarely, a new table generation or overflow chunk off-heap.
     *
     * @param key any long
     * @param value any long
     * @return the previous value, or the missing value when the key was absent
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the table needs memory it cannot get (unchanged)
     */
    public long put(long key, long value) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.put64(t.hashBits(key), key, value, missingValue);
        } finally {
            t.endWrite();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Associates {@code value} with {@code key} only when the key is absent. O(1) expected.
     *
     * @param key any long
     * @param value any long
     * @return the current value when present (unchanged), else the missing value
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the table needs memory it cannot get (unchanged)
     */
    public long putIfAbsent(long key, long value) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.putIfAbsent64(t.hashBits(key), key, value, missingValue);
        } finally {
            t.endWrite();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Adds {@code delta} to the value of {@code key}, starting from the missing value when
     * absent: a counter update in one lookup. O(1) expected; no allocation.
     *
     * @param key any long
     * @param delta the amount to add (wrapping on overflow)
     * @return the new value
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the table needs memory it cannot get (unchanged)
     */
    public long addTo(long key, long delta) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.addTo64(t.hashBits(key), key, delta, missingValue);
        } finally {
            t.endWrite();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Removes {@code key}. O(1) expected plus bounded grow work; no allocation.
     *
     * @param key any long
     * @return the removed value, or the missing value when absent
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the grow work this write does needs memory it
     *     cannot get (the map is unchanged; a retry may succeed)
     */
    public long remove(long key) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.remove64(t.hashBits(key), key, missingValue);
        } finally {
            t.endWrite();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * The number of entries. O(1).
     *
     * @return the size
     * @throws IllegalStateException if the map is closed
     */
    public long size() {
        table.checkRead();
        return table.count();
    }

    /**
     * Whether there are no entries. O(1).
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
     * Removes every entry, keeping the table's size (B), as Go does. O(table): the head buckets
     * are zeroed. Iterations in progress end.
     *
     * @throws IllegalStateException if the map is closed
     */
    public void clear() {
        table.clearAsWriter();
        Reference.reachabilityFence(this);
    }

    /**
     * Calls {@code action} for every entry, starting at a random place. No allocation when
     * called from one thread at a time; several threads may iterate at once while no one writes. The action may change the map; see the class comment
     * for what it then sees. O(table).
     *
     * @param action receives each key and value
     * @throws IllegalStateException if the map is closed
     */
    public void forEach(LongLongConsumer action) {
        TableCursor cursor = (TableCursor) SPARE_CURSOR.getAndSet(this, (TableCursor) null);
        if (cursor == null) {
            cursor = new TableCursor(table);
        }
        try {
            cursor.start();
            while (cursor.next()) {
                action.accept(getLong(cursor.keyAddress), getLong(cursor.valueAddress));
            }
        } finally {
            cursor.release();
            SPARE_CURSOR.setRelease(this, cursor);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * A new cursor over the entries, positioned before the first; reusable with
     * {@link LongLongCursor#reset()}. O(1).
     *
     * @return a cursor
     * @throws IllegalStateException if the map is closed
     */
    public LongLongCursor cursor() {
        return new LongLongCursor(this, new TableCursor(table));
    }

    /**
     * A live {@code java.util.Map} view of this map, honouring the whole {@code Map} contract
     * (boxed, so it allocates). Absent keys read as {@code null}, whatever the missing value.
     * Closing this map closes the view.
     *
     * @return the view
     */
    public Map<Long, Long> asMap() {
        Map<Long, Long> view = asMap;
        return view != null ? view : (asMap = OffHeapMap.view(this, table, Codecs.int64(), Codecs.int64()));
    }

    /**
     * A snapshot of the table's state. O(1).
     *
     * @return the statistics
     * @throws IllegalStateException if the map is closed
     */
    public MapStats stats() {
        table.checkRead();
        return new MapStats(table);
    }

    /**
     * Frees all off-heap memory; a file-backed map first flushes, then unmaps its file and lets
     * go of it. Idempotent; later calls other than {@code close} throw
     * {@link IllegalStateException}. Close from the thread that uses the map, or after every
     * other thread is done with it: a read running on another thread at that moment is not
     * waited for.
     */
    @Override
    public void close() {
        table.close(cleanable::clean);
    }

    @Override
    public String toString() {
        if (table.isClosed()) {
            return "LongLongMap[closed]";
        }
        return asMap().toString();
    }

    /** Test access to the table. */
    Table table() {
        return table;
    }
}
