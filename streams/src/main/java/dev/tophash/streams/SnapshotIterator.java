package dev.tophash.streams;

import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Walks a sorted snapshot of a store's keys and reads each key's value from the store when it
 * is reached, as Kafka Streams' in-memory store does. So the iterator stays valid while the
 * store is written: a key deleted after the snapshot is skipped, a key updated is returned with
 * its value of the moment, and a key added after the snapshot is not returned. It never returns
 * a null value.
 *
 * <p>{@link #hasNext()} reads the next live entry, and {@link #next()} returns what it read. Each
 * step is one lookup. The snapshot holds one array per matching key until the iterator is
 * closed or exhausted.
 */
final class SnapshotIterator implements KeyValueIterator<Bytes, byte[]> {
    private final TophashKeyValueStore store;
    /** The keys left to visit, in the order to visit them; null once closed. */
    private byte[][] keys;
    private int position;
    /** The entry {@link #hasNext()} read and {@link #next()} has not returned yet, or null. */
    private KeyValue<Bytes, byte[]> ready;

    /** Takes ownership of {@code keys}, already sorted in the order to return them. */
    SnapshotIterator(TophashKeyValueStore store, byte[][] keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * Whether another entry is left, reading it from the store. O(1) expected per key skipped.
     *
     * @throws IllegalStateException if this iterator was closed
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException if the store was closed
     */
    @Override
    public boolean hasNext() {
        if (keys == null) {
            throw new IllegalStateException("an iterator of store '" + store.name() + "' was used after it was closed");
        }
        while (ready == null && position < keys.length) {
            byte[] key = keys[position];
            keys[position++] = null;
            byte[] value = store.currentValue(key);
            if (value != null) {
                ready = new KeyValue<>(Bytes.wrap(key), value);
            }
        }
        return ready != null;
    }

    /**
     * The next entry. O(1) expected.
     *
     * @throws NoSuchElementException when none is left
     */
    @Override
    public KeyValue<Bytes, byte[]> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no entries left in this iterator of store '" + store.name() + "'");
        }
        KeyValue<Bytes, byte[]> entry = ready;
        ready = null;
        return entry;
    }

    /**
     * The key {@link #next()} would return, without moving on. O(1) expected.
     *
     * @throws NoSuchElementException when none is left
     */
    @Override
    public Bytes peekNextKey() {
        if (!hasNext()) {
            throw new NoSuchElementException("no entries left in this iterator of store '" + store.name() + "'");
        }
        return ready.key;
    }

    /** Drops the snapshot; later calls other than {@code close} throw. Idempotent. O(1). */
    @Override
    public void close() {
        keys = null;
        ready = null;
    }
}
