package dev.tophash.streams;

import dev.tophash.engine.OffHeapMap;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * A Kafka Streams key-value store of fixed-width serialized keys and values in a tophash
 * table: off-heap in memory, or in a file-backed table in the store's directory inside the
 * task's state directory.
 *
 * <p>Threads: a stream thread writes while interactive queries read from other threads, and a
 * tophash table takes one writer and no reader beside a write, so every method holds this
 * store's lock, as Kafka Streams' own in-memory store does. Iterators take the lock once per
 * step.
 *
 * <p>Costs: {@code get}, {@code put}, {@code delete} are one table operation, O(1) expected,
 * and allocate the arrays Kafka Streams' API hands back. An iterator costs a scan of the whole
 * table, O(n), plus a sort of the m keys it covers, O(m log m), and holds those m keys until
 * closed; see {@link SnapshotIterator}.
 */
final class TophashKeyValueStore implements KeyValueStore<Bytes, byte[]> {
    /** Iterators of one store return keys in {@link Bytes#compareTo} order: unsigned, byte by byte. */
    private static final Comparator<byte[]> ASCENDING = Arrays::compareUnsigned;

    /** The widths the store was made with. */
    private final EntryWidths configured;
    /** The widths of what Kafka Streams hands this store: {@link #configured}, plus a timestamp per value when it does. */
    private EntryWidths widths;
    private final boolean persistent;
    private final Position position = Position.emptyPosition();
    /** The table while open, else null. */
    private OffHeapMap<byte[], byte[]> table;
    private StateStoreContext context;

    TophashKeyValueStore(EntryWidths widths, boolean persistent) {
        this.configured = widths;
        this.widths = widths;
        this.persistent = persistent;
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Opens the table (a persistent store reopens its file, recovering it if its last writer
     * died) and registers the store for restoration from its changelog in batches. An
     * in-memory store inside a timestamped store ({@code root} is a
     * {@link TimestampedKeyValueStore}, as in the DSL) makes room for the timestamp Kafka
     * Streams keeps in front of each value.
     *
     * @throws org.apache.kafka.streams.errors.ProcessorStateException when the table file cannot
     *     be opened; the message names the store, the file and how to start over
     * @throws IllegalStateException when the store is open already
     */
    @Override
    public synchronized void init(StateStoreContext stateStoreContext, StateStore root) {
        if (table != null) {
            throw new IllegalStateException("store '" + name() + "' is initialized already");
        }
        EntryWidths handed = !persistent && root instanceof TimestampedKeyValueStore ? configured.withTimestamps() : configured;
        OffHeapMap<byte[], byte[]> opened = persistent
            ? StoreTables.persistent(handed, new File(stateStoreContext.stateDir(), name()))
            : StoreTables.inMemory(handed);
        try {
            if (root != null) {
                stateStoreContext.register(root, (BatchingStateRestoreCallback) this::restoreBatch);
            }
        } catch (RuntimeException | Error e) {
            opened.close();
            throw e;
        }
        widths = handed;
        table = opened;
        context = stateStoreContext;
    }

    /** {@inheritDoc} O(1). */
    @Override
    public String name() {
        return configured.storeName;
    }

    /** {@inheritDoc} True for the file-backed store. O(1). */
    @Override
    public boolean persistent() {
        return persistent;
    }

    /** {@inheritDoc} O(1). */
    @Override
    public synchronized boolean isOpen() {
        return table != null;
    }

    /**
     * Makes every write durable in the table file (its dirty pages, then its header: two
     * fsyncs), for Kafka Streams' commit, after which Kafka Streams may write a checkpoint
     * covering them. Nothing to do in memory or once closed. O(dirty pages).
     *
     * @param changelogOffsets ignored: this store leaves its offsets to Kafka Streams' checkpoint
     */
    @Override
    public synchronized void commit(Map<TopicPartition, Long> changelogOffsets) {
        if (table != null && persistent) {
            table.flush();
        }
    }

    /** As {@link #commit(Map)}: flushes the table file. O(dirty pages). */
    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        commit(Map.of());
    }

    /**
     * Closes the table: frees an in-memory table, flushes and closes a table file so that the
     * next start reopens it without recovery. Idempotent. O(dirty pages).
     */
    @Override
    public synchronized void close() {
        OffHeapMap<byte[], byte[]> closing = table;
        table = null;
        context = null;
        if (closing != null) {
            closing.close();
        }
    }

    // ------------------------------------------------------------------ writes

    /**
     * Stores {@code value} under {@code key}, or deletes {@code key} when {@code value} is null.
     * O(1) expected.
     *
     * @throws NullPointerException for a null key
     * @throws IllegalArgumentException for a key or value of another width (nothing changes)
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized void put(Bytes key, byte[] value) {
        byte[] k = widths.checkKey(rawKey(key));
        widths.checkValue(value);
        write(k, value);
        recordPosition();
    }

    /**
     * Stores {@code value} under {@code key} unless {@code key} has a value. O(1) expected.
     *
     * @return the value {@code key} had, or null
     * @throws NullPointerException for a null key
     * @throws IllegalArgumentException for a key or value of another width (nothing changes)
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] k = widths.checkKey(rawKey(key));
        widths.checkValue(value);
        byte[] existing = open().get(k);
        if (existing == null) {
            write(k, value);
            recordPosition();
        }
        return existing;
    }

    /**
     * Applies every entry in order, a null value as a delete. Every key and value is checked
     * first, so a list with one bad entry changes nothing. O(entries).
     *
     * @throws NullPointerException for a null key
     * @throws IllegalArgumentException for a key or value of another width
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        open();
        for (KeyValue<Bytes, byte[]> entry : entries) {
            widths.checkKey(rawKey(entry.key));
            widths.checkValue(entry.value);
        }
        for (KeyValue<Bytes, byte[]> entry : entries) {
            write(entry.key.get(), entry.value);
        }
        recordPosition();
    }

    /**
     * Removes {@code key}. O(1) expected.
     *
     * @return the value it had, or null
     * @throws NullPointerException for a null key
     * @throws IllegalArgumentException for a key of another width
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized byte[] delete(Bytes key) {
        byte[] k = widths.checkKey(rawKey(key));
        byte[] previous = open().remove(k);
        recordPosition();
        return previous;
    }

    /**
     * restoreBatch applies a batch of changelog records, a null value as a delete, checking
     * every record before it writes any. O(records).
     */
    private synchronized void restoreBatch(Collection<KeyValue<byte[], byte[]>> records) {
        OffHeapMap<byte[], byte[]> t = open();
        for (KeyValue<byte[], byte[]> record : records) {
            widths.checkKey(record.key);
            widths.checkValue(record.value);
        }
        for (KeyValue<byte[], byte[]> record : records) {
            if (record.value == null) {
                t.remove(record.key);
            } else {
                t.put(record.key, record.value);
            }
        }
    }

    private void write(byte[] key, byte[] value) {
        if (value == null) {
            open().remove(key);
        } else {
            open().put(key, value);
        }
    }

    /** recordPosition notes the offset of the record being processed, for queries bounded by a position. */
    private void recordPosition() {
        StateStoreContext c = context;
        if (c != null) {
            RecordMetadata meta = c.recordMetadata().orElse(null);
            if (meta != null && meta.topic() != null) {
                position.withComponent(meta.topic(), meta.partition(), meta.offset());
            }
        }
    }

    // ------------------------------------------------------------------ reads

    /**
     * The value of {@code key}, or null. O(1) expected.
     *
     * @throws NullPointerException for a null key
     * @throws IllegalArgumentException for a key of another width
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized byte[] get(Bytes key) {
        return open().get(widths.checkKey(rawKey(key)));
    }

    /** currentValue is the value of a key taken from a snapshot, for {@link SnapshotIterator}. */
    synchronized byte[] currentValue(byte[] key) {
        return open().get(key);
    }

    /**
     * The entries from {@code from} to {@code to}, both inclusive, in ascending key order; a null
     * bound is open, and a range whose {@code from} lies above its {@code to} is empty.
     * O(n + m log m) for n entries of which m are in range.
     *
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return iterator(KeyRange.between(from, to), ASCENDING);
    }

    /**
     * As {@link #range}, in descending key order. O(n + m log m).
     *
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return iterator(KeyRange.between(from, to), ASCENDING.reversed());
    }

    /**
     * Every entry, in ascending key order. O(n log n).
     *
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> all() {
        return iterator(KeyRange.ALL, ASCENDING);
    }

    /**
     * Every entry, in descending key order. O(n log n).
     *
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> reverseAll() {
        return iterator(KeyRange.ALL, ASCENDING.reversed());
    }

    /**
     * The entries whose key starts with {@code prefix} serialized by {@code prefixKeySerializer},
     * in ascending key order. Any prefix works, including one of only 0xff bytes and the empty
     * one. O(n + m log m).
     *
     * @throws NullPointerException when the prefix or what it serializes to is null
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        Objects.requireNonNull(prefix, "prefixScan: prefix must not be null");
        return iterator(KeyRange.withPrefix(prefixKeySerializer.serialize(null, prefix)), ASCENDING);
    }

    /**
     * The exact number of entries. O(1).
     *
     * @throws InvalidStateStoreException when the store is not open
     */
    @Override
    public synchronized long approximateNumEntries() {
        return open().longSize();
    }

    /**
     * Answers a {@code KeyQuery} or {@code RangeQuery} over serialized keys, as {@link #get} and
     * the range methods do; other queries come back as an unknown query type.
     */
    @Override
    public synchronized <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        StateStoreContext c = context;
        return StoreQueries.run(this, query, positionBound, config.isCollectExecutionInfo(), position,
            c == null ? null : c.taskId().partition());
    }

    /** The offsets of the input records this store has seen written, per topic and partition. O(1). */
    @Override
    public Position getPosition() {
        return position;
    }

    /** iterator snapshots the keys {@code range} covers, sorted by {@code order}. O(n + m log m). */
    private KeyValueIterator<Bytes, byte[]> iterator(KeyRange range, Comparator<byte[]> order) {
        OffHeapMap<byte[], byte[]> t = open();
        List<byte[]> keys = new ArrayList<>();
        if (!range.isEmpty()) {
            for (byte[] key : t.keySet()) {
                if (range.contains(key)) {
                    keys.add(key);
                }
            }
        }
        byte[][] sorted = keys.toArray(new byte[0][]);
        Arrays.sort(sorted, order);
        return new SnapshotIterator(this, sorted);
    }

    private OffHeapMap<byte[], byte[]> open() {
        OffHeapMap<byte[], byte[]> t = table;
        if (t == null) {
            throw new InvalidStateStoreException("store '" + name() + "' is not open: it was closed, or Kafka Streams"
                + " has not initialized it yet");
        }
        return t;
    }

    private byte[] rawKey(Bytes key) {
        Objects.requireNonNull(key, () -> "store '" + name() + "' does not hold null keys");
        return key.get();
    }

    @Override
    public String toString() {
        return "tophash " + (persistent ? "persistent " : "in-memory ") + widths;
    }
}
