package dev.tophash.engine;

import dev.tophash.codecs.BitsCodec;
import dev.tophash.codecs.Codec;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * A {@link java.util.Map} whose entries live off-heap in a Go-style bucket table, with keys and
 * values encoded by fixed-width {@link Codec}s.
 *
 * <pre>{@code
 * try (OffHeapMap<String, UUID> bySymbol =
 *          OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid()).build()) {
 *     bySymbol.put("VOD.L", UUID.randomUUID());
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * The whole {@code java.util.Map} contract, including live {@link #keySet()}, {@link #values()}
 * and {@link #entrySet()} views whose iterators support {@code remove}, and
 * {@code equals}/{@code hashCode}/{@code toString} as {@link AbstractMap} defines them. Keys are
 * equal when their encodings are equal, so {@code byte[]} keys compare by content.
 * <ul>
 *   <li><b>Nulls:</b> null keys and values are rejected by {@code put} with a
 *       {@link NullPointerException}; lookups of {@code null}, of another type, or of a value
 *       the key codec cannot encode answer "absent".</li>
 *   <li><b>Iteration</b> follows Go's rules: a random start, drawn anew whenever the map
 *       changes (an unchanged map iterates in one order every time, in every view, so its
 *       {@code keySet()}, {@code values()} and {@code entrySet()} line up), and the map may
 *       be changed during it (no {@code ConcurrentModificationException}): no entry is returned
 *       twice, entries present throughout are returned with their current value, entries
 *       removed before they are reached are not returned, entries added may or may not be.
 *       An iterator decodes the next entry in {@code hasNext()}, as {@code ConcurrentHashMap}'s
 *       do, so an entry removed between {@code hasNext()} and {@code next()} is still
 *       returned.</li>
 *   <li><b>Threads:</b> one writer thread and any number of reader threads. {@code get},
 *       {@code containsKey} and the sizes from a thread other than the writer never block and
 *       never fail because of a write: a lookup answers with a value the key held at some moment
 *       during the call, never torn and never another key's. Iteration from another thread
 *       keeps the guarantees above while the writer writes. A write that overlaps another write
 *       throws {@link java.util.ConcurrentModificationException} (best effort, as in Go: caught
 *       in practice, not with certainty, and what overlapping writes did is not undone).</li>
 *   <li><b>Memory:</b> the map owns its off-heap memory; {@link #close()} frees it all and any
 *       later call throws {@link IllegalStateException}. A map that is never closed is freed
 *       by a {@link Cleaner} after it becomes unreachable.</li>
 * </ul>
 *
 * <h2>Costs</h2>
 * {@code get}, {@code put}, {@code remove}: O(1) expected, one bucket chain plus, while the
 * table grows, the evacuation of at most two old chains per write. They allocate only the
 * boxed or decoded objects they return. {@code size()} is O(1).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class OffHeapMap<K, V> extends AbstractMap<K, V> implements AutoCloseable {
    private final Table table;
    private final Codec<K> keyCodec;
    private final BitsCodec<K> keyBits;
    private final Codec<V> valueCodec;
    private final Cleaner.Cleanable cleanable;
    /** For a view: the map that owns the table, kept reachable so its Cleaner waits for the view. */
    private final Object owner;

    private OffHeapMap(Object owner, Table table, Codec<K> keyCodec, Codec<V> valueCodec) {
        this.table = table;
        this.keyCodec = keyCodec;
        this.keyBits = table.keys().bits ? (BitsCodec<K>) keyCodec : null;
        this.valueCodec = valueCodec;
        this.owner = owner;
        this.cleanable = owner == null ? TableOptions.register(this, table) : null;
    }

    /**
     * A live {@code Map} view over a table owned by someone else (a {@link LongLongMap}); its
     * {@link #close()} refuses.
     */
    static <K, V> OffHeapMap<K, V> view(Object owner, Table table, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new OffHeapMap<>(Objects.requireNonNull(owner, "owner"), table, keyCodec, valueCodec);
    }

    /**
     * Starts building a map with the given codecs. O(1).
     *
     * @param keyCodec how keys are stored; its width fixes the key slot
     * @param valueCodec how values are stored; its width fixes the value slot
     * @param <K> key type
     * @param <V> value type
     * @return a builder
     * @throws NullPointerException if a codec is null
     */
    public static <K, V> Builder<K, V> builder(Codec<K> keyCodec, Codec<V> valueCodec) {
        return new Builder<>(Objects.requireNonNull(keyCodec, "keyCodec"), Objects.requireNonNull(valueCodec, "valueCodec"));
    }

    /**
     * Builds {@link OffHeapMap}s. Reusable: each {@link #build()} makes a new, independent map.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final Codec<K> keyCodec;
        private final Codec<V> valueCodec;
        private final TableOptions options = new TableOptions();

        private Builder(Codec<K> keyCodec, Codec<V> valueCodec) {
            this.keyCodec = keyCodec;
            this.valueCodec = valueCodec;
        }

        /**
         * Sizes the first table so that {@code size} entries fit without a grow. Default 0
         * (one bucket).
         *
         * @param size the number of entries expected, at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder<K, V> expectedSize(long size) {
            options.expectedSize(size);
            return this;
        }

        /**
         * Fixes the hash seed and every random choice of the map (iteration start, reseeds),
         * for reproducible runs. Default: a random seed per map.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder<K, V> seed(long seed) {
            options.seed(seed);
            return this;
        }

        /**
         * Keeps the table in a new memory-mapped file, as {@link LongLongMap.Builder#file}; the
         * file records the codecs' names and widths, and {@link OffHeapMap#open} checks them.
         *
         * @param file the file to create; it must not exist
         * @return this builder
         */
        public Builder<K, V> file(Path file) {
            options.file(file);
            return this;
        }

        /**
         * Where off-heap memory comes from. Default {@link Allocator#NATIVE}.
         *
         * @param allocator the allocator
         * @return this builder
         */
        public Builder<K, V> allocator(Allocator allocator) {
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
        public Builder<K, V> threadFactory(ThreadFactory factory) {
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
        public Builder<K, V> backgroundThreads(boolean allowed) {
            options.backgroundThreads(allowed);
            return this;
        }

        /**
         * Allocates the first table, zeroed: O(expected size). The first in-memory map built in
         * a JVM also runs a small throwaway map through its grows and deletes, once, so that no
         * {@code put} pays for loading and linking that code.
         *
         * @return a new empty map
         * @throws IllegalArgumentException for a codec width out of range or an impossible size
         * @throws OffHeapAllocationException if the memory cannot be had
         * @throws TableFileException if the file exists or cannot be created
         */
        public OffHeapMap<K, V> build() {
            return new OffHeapMap<>(null, options.newTable(keyCodec, valueCodec), keyCodec, valueCodec);
        }
    }

    /**
     * Opens a table file for reading and writing: as {@link LongLongMap#open}, with the codecs
     * the file was written with (their names and widths are checked against the file's).
     *
     * @param file a file made by {@code builder(...).file(path)}
     * @param keyCodec the key codec the file was written with
     * @param valueCodec the value codec the file was written with
     * @param <K> key type
     * @param <V> value type
     * @return the map, owning the file until closed
     * @throws TableFileException if the file does not exist, is open elsewhere, is not a
     *     tophash file of this version, was written with other codecs, is truncated, or is
     *     corrupt (the file is unchanged)
     */
    public static <K, V> OffHeapMap<K, V> open(Path file, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new OffHeapMap<>(null, new TableOptions().openTable(file, false, keyCodec, valueCodec), keyCodec, valueCodec);
    }

    /**
     * Opens a table file read-only, as {@link LongLongMap#openReadOnly}: writes throw
     * {@link UnsupportedOperationException}; several processes may read at once. O(1).
     *
     * @param file a file made by {@code builder(...).file(path)}
     * @param keyCodec the key codec the file was written with
     * @param valueCodec the value codec the file was written with
     * @param <K> key type
     * @param <V> value type
     * @return the read-only map
     * @throws TableFileException as {@link #open}, and when the last writer did not close the file
     */
    public static <K, V> OffHeapMap<K, V> openReadOnly(Path file, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new OffHeapMap<>(null, new TableOptions().openTable(file, true, keyCodec, valueCodec), keyCodec, valueCodec);
    }

    /**
     * Makes every write so far durable in the table's file, as {@link LongLongMap#flush}.
     * Nothing to do in memory or read-only.
     *
     * @throws IllegalStateException if the map is closed
     * @throws java.io.UncheckedIOException if the file system fails
     */
    public void flush() {
        table.flush();
        Reference.reachabilityFence(this);
    }

    // ------------------------------------------------------------------ lookups

    /**
     * lookup finds an encodable key from any thread: with {@code valueOut} not 0 it copies the
     * value's bytes there. Returns whether the key is present.
     */
    private boolean lookup(K key, long valueOut) {
        if (keyBits != null) {
            long bits = keyBits.toBits(key);
            long hash = table.hashBits(bits);
            return valueOut == 0 ? table.contains(hash, bits, 0) : table.get(hash, bits, 0, valueOut);
        }
        long address = Scratch.keyAddress();
        keyCodec.write(address, key);
        long hash = table.hashBytes(address);
        return valueOut == 0 ? table.contains(hash, 0, address) : table.get(hash, 0, address, valueOut);
    }

    /** encodableKey returns {@code key} as a K when the codec can encode it, else null. */
    private K encodableKey(Object key) {
        if (key == null || !keyCodec.accepts(key)) {
            return null;
        }
        return keyCodec.type().cast(key);
    }

    /**
     * Returns the value of {@code key}, or null when absent (also for null keys, keys of another
     * type and keys the codec cannot encode). O(1) expected.
     *
     * @param key the key
     * @return the decoded value, or null
     * @throws IllegalStateException if the map is closed
     */
    @Override
    public V get(Object key) {
        table.checkRead();
        K k = encodableKey(key);
        if (k == null) {
            return null;
        }
        long valueOut = Scratch.valueAddress();
        V value = lookup(k, valueOut) ? valueCodec.read(valueOut) : null;
        Reference.reachabilityFence(this);
        return value;
    }

    /**
     * Whether {@code key} is present. O(1) expected.
     *
     * @param key the key
     * @return true when present
     * @throws IllegalStateException if the map is closed
     */
    @Override
    public boolean containsKey(Object key) {
        table.checkRead();
        K k = encodableKey(key);
        boolean found = k != null && lookup(k, 0);
        Reference.reachabilityFence(this);
        return found;
    }

    /**
     * Associates {@code value} with {@code key}. Both are encoded before the table is touched,
     * so a rejected key or value changes nothing. O(1) expected, plus bounded grow work.
     *
     * @param key the key, not null
     * @param value the value, not null
     * @return the previous value, or null
     * @throws NullPointerException for a null key or value
     * @throws IllegalArgumentException when a codec cannot encode the key or value
     * @throws OffHeapAllocationException when the table needs memory it cannot get (unchanged)
     */
    @Override
    public V put(K key, V value) {
        Objects.requireNonNull(key, "tophash maps do not hold null keys");
        Objects.requireNonNull(value, "tophash maps do not hold null values");
        long valueAddress = Scratch.valueAddress();
        valueCodec.write(valueAddress, value);
        long keyAddress = 0;
        long bits = 0;
        long hash;
        if (keyBits != null) {
            bits = keyBits.toBits(key);
            hash = table.hashBits(bits);
        } else {
            keyAddress = Scratch.keyAddress();
            keyCodec.write(keyAddress, key);
            hash = table.hashBytes(keyAddress);
        }
        long previousAddress = Scratch.previousValueAddress();
        boolean replaced;
        table.beginWrite();
        try {
            replaced = table.put(hash, bits, keyAddress, valueAddress, previousAddress);
        } finally {
            table.endWrite();
            Reference.reachabilityFence(this);
        }
        return replaced ? valueCodec.read(previousAddress) : null;
    }

    /**
     * Removes {@code key}. O(1) expected, plus bounded grow work while growing.
     *
     * @param key the key
     * @return the removed value, or null when absent
     * @throws IllegalStateException if the map is closed
     * @throws OffHeapAllocationException when the grow work this write does needs memory it
     *     cannot get (the map is unchanged; a retry may succeed)
     */
    @Override
    public V remove(Object key) {
        table.checkRead();
        K k = encodableKey(key);
        if (k == null) {
            return null;
        }
        long bits = 0;
        long keyAddress = 0;
        long hash;
        if (keyBits != null) {
            bits = keyBits.toBits(k);
            hash = table.hashBits(bits);
        } else {
            keyAddress = Scratch.keyAddress();
            keyCodec.write(keyAddress, k);
            hash = table.hashBytes(keyAddress);
        }
        table.beginWrite();
        try {
            long slot = table.delete(hash, bits, keyAddress);
            return slot == 0 ? null : valueCodec.read(slot);
        } finally {
            table.endWrite();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * The number of entries, capped at {@link Integer#MAX_VALUE} as {@code Map} requires; see
     * {@link #longSize()}. O(1).
     *
     * @return the size
     */
    @Override
    public int size() {
        return (int) Math.min(longSize(), Integer.MAX_VALUE);
    }

    /**
     * The exact number of entries. O(1).
     *
     * @return the size
     * @throws IllegalStateException if the map is closed
     */
    public long longSize() {
        table.checkRead();
        return table.count();
    }

    /**
     * Whether the map has no entries. O(1).
     *
     * @return true when empty
     */
    @Override
    public boolean isEmpty() {
        return longSize() == 0;
    }

    /**
     * Removes every entry, keeping the table's size (B) as Go does. O(table): the head buckets
     * are zeroed; running iterations end.
     *
     * @throws IllegalStateException if the map is closed
     */
    @Override
    public void clear() {
        table.clearAsWriter();
        Reference.reachabilityFence(this);
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
     * Frees all off-heap memory. Idempotent; later calls other than {@code close} throw
     * {@link IllegalStateException}. Close from the thread that uses the map, or after every
     * other thread is done with it: a read running on another thread at that moment is not
     * waited for. O(number of generations and chunks).
     *
     * @throws UnsupportedOperationException on a view such as {@link LongLongMap#asMap()}: close
     *     the map that owns the table
     */
    @Override
    public void close() {
        if (cleanable == null) {
            throw new UnsupportedOperationException("this is a view of a LongLongMap; close that map instead");
        }
        table.close(cleanable::clean);
    }

    /** Test access to the table. */
    Table table() {
        return table;
    }

    // ------------------------------------------------------------------ views

    private transient Set<Map.Entry<K, V>> entrySet;
    private transient Set<K> keySet;
    private transient Collection<V> values;

    /**
     * A live view of the entries; its iterator follows Go's iteration rules (see the class
     * comment) and supports {@code remove}; {@code Entry.setValue} writes through.
     *
     * @return the entry set view
     */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        table.checkRead();
        Set<Map.Entry<K, V>> es = entrySet;
        return es != null ? es : (entrySet = new EntrySet());
    }

    /**
     * A live view of the keys; {@code contains} and {@code remove} are O(1) lookups.
     *
     * @return the key set view
     */
    @Override
    public Set<K> keySet() {
        table.checkRead();
        Set<K> ks = keySet;
        return ks != null ? ks : (keySet = new KeySet());
    }

    /**
     * A live view of the values.
     *
     * @return the values view
     */
    @Override
    public Collection<V> values() {
        table.checkRead();
        Collection<V> vs = values;
        return vs != null ? vs : (values = new Values());
    }

    /**
     * Walks the table with a {@link TableCursor}, decoding each entry as it is reached; the
     * views differ only in what they {@link #project} an entry to.
     */
    private abstract class ViewIterator<T> implements Iterator<T> {
        private final TableCursor cursor = new TableCursor(table);
        private K nextKey;
        private V nextValue;
        private K lastKey;
        private boolean ready;

        ViewIterator() {
            cursor.start();
            TableOptions.releaseWhenUnreachable(this, cursor);
        }

        abstract T project(K key, V value);

        @Override
        public boolean hasNext() {
            table.checkRead();
            if (!ready && cursor.next()) {
                nextKey = keyCodec.read(cursor.keyAddress);
                nextValue = valueCodec.read(cursor.valueAddress);
                ready = true;
            }
            Reference.reachabilityFence(OffHeapMap.this);
            return ready;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ready = false;
            lastKey = nextKey;
            return project(nextKey, nextValue);
        }

        @Override
        public void remove() {
            if (lastKey == null) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            OffHeapMap.this.remove(lastKey);
            lastKey = null;
        }
    }

    private final class Entry extends AbstractMap.SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        Entry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            OffHeapMap.this.put(getKey(), value);
            return super.setValue(value);
        }
    }

    private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new ViewIterator<>() {
                @Override
                Map.Entry<K, V> project(K key, V value) {
                    return new Entry(key, value);
                }
            };
        }

        @Override
        public int size() {
            return OffHeapMap.this.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry)) {
                return false;
            }
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            V v = get(e.getKey());
            return v != null && v.equals(e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            if (!contains(o)) {
                return false;
            }
            OffHeapMap.this.remove(((Map.Entry<?, ?>) o).getKey());
            return true;
        }

        @Override
        public void clear() {
            OffHeapMap.this.clear();
        }
    }

    private final class KeySet extends AbstractSet<K> {
        @Override
        public Iterator<K> iterator() {
            return new ViewIterator<>() {
                @Override
                K project(K key, V value) {
                    return key;
                }
            };
        }

        @Override
        public int size() {
            return OffHeapMap.this.size();
        }

        @Override
        public boolean contains(Object o) {
            return containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            if (!containsKey(o)) {
                return false;
            }
            OffHeapMap.this.remove(o);
            return true;
        }

        @Override
        public void clear() {
            OffHeapMap.this.clear();
        }
    }

    private final class Values extends AbstractCollection<V> {
        @Override
        public Iterator<V> iterator() {
            return new ViewIterator<>() {
                @Override
                V project(K key, V value) {
                    return value;
                }
            };
        }

        @Override
        public int size() {
            return OffHeapMap.this.size();
        }

        @Override
        public void clear() {
            OffHeapMap.this.clear();
        }
    }
}
