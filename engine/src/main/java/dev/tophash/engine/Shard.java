package dev.tophash.engine;

import java.lang.ref.Cleaner;

import static org.agrona.UnsafeApi.getLong;

/**
 * One table of a {@link ConcurrentLongLongMap} and the lock its writers take turns under: every
 * operation that must be atomic for one key is a method here.
 *
 * <h2>Locking</h2>
 * The lock is this object's monitor ({@code synchronized} methods). A monitor rather than a
 * {@code ReentrantLock}: a contended {@code ReentrantLock} allocates a queue node per waiting
 * writer, a monitor inflates once and allocates nothing on the Java heap after, so writes stay
 * garbage-free under contention too; a write holds it for one table write (bounded grow work
 * included) and never blocks inside it. Reentrant, so a method here may call another. Nothing
 * outside this class locks it.
 *
 * <p>Writes take the table's writer flag inside the lock, so the table's single-writer check
 * never fires, and hash the key inside it too: the table's seed (hash0) is redrawn by a clear or
 * by the write that empties it, and the lock is what makes the last writer's seed visible to the
 * next. Reads take no lock: they go through the table's reader protocol
 * ({@link Table#sharedGet64}) whatever the calling thread, since the table's last writer may be
 * reading while another thread writes.
 *
 * <h2>Iteration</h2>
 * A cursor is started, advanced and released under the lock, a batch of entries at a time, and
 * the entries are handed out after the lock is let go. Between batches other threads write, each
 * under the lock; to the cursor that is the same as writes made between its steps on one thread,
 * which Go's iteration allows: no entry twice, and every key present throughout is returned once.
 */
final class Shard {
    private final Table table;
    /** Frees the table once the map is unreachable; run by {@link #close()}. */
    private final Cleaner.Cleanable cleanable;

    Shard(Table table, Cleaner.Cleanable cleanable) {
        this.table = table;
        this.cleanable = cleanable;
    }

    // ---------------------------------------------------------------- lock-free reads

    /** get is the value of {@code key} or {@code absent}, lock-free; throws IllegalStateException when closed. */
    long get(long key, long absent) {
        final Table t = table;
        return t.sharedGet64(t.hashBits(key), key, absent);
    }

    /** contains says whether {@code key} is present, lock-free; throws IllegalStateException when closed. */
    boolean contains(long key) {
        final Table t = table;
        return t.sharedContains(t.hashBits(key), key, 0);
    }

    /** count is the table's size as its last write left it, lock-free. */
    long count() {
        return table.count();
    }

    boolean isClosed() {
        return table.isClosed();
    }

    // ---------------------------------------------------------------- writes, each under the lock

    synchronized long put(long key, long value, long absent) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.put64(t.hashBits(key), key, value, absent);
        } finally {
            t.endWrite();
        }
    }

    synchronized long putIfAbsent(long key, long value, long absent) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.putIfAbsent64(t.hashBits(key), key, value, absent);
        } finally {
            t.endWrite();
        }
    }

    synchronized long addTo(long key, long delta, long absent) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.addTo64(t.hashBits(key), key, delta, absent);
        } finally {
            t.endWrite();
        }
    }

    synchronized long remove(long key, long absent) {
        final Table t = table;
        t.beginWrite();
        try {
            return t.remove64(t.hashBits(key), key, absent);
        } finally {
            t.endWrite();
        }
    }

    synchronized void clear() {
        table.clearAsWriter();
    }

    // ---------------------------------------------------------------- the Map view's compound writes

    /** valueOrNull is the value of {@code key}, or null when absent; exact, since no write runs meanwhile. */
    synchronized Long valueOrNull(long key) {
        return contains(key) ? get(key, 0) : null;
    }

    /** putBoxed stores {@code value} and returns the previous value, or null when the key was absent. */
    synchronized Long putBoxed(long key, long value) {
        Long previous = valueOrNull(key);
        put(key, value, 0);
        return previous;
    }

    /** putIfAbsentBoxed inserts {@code value} when absent (returning null), else returns the current value. */
    synchronized Long putIfAbsentBoxed(long key, long value) {
        Long current = valueOrNull(key);
        if (current == null) {
            put(key, value, 0);
        }
        return current;
    }

    /** removeBoxed removes {@code key} and returns its value, or null when absent. */
    synchronized Long removeBoxed(long key) {
        Long previous = valueOrNull(key);
        if (previous != null) {
            remove(key, 0);
        }
        return previous;
    }

    /** removeIfEqual removes {@code key} when it holds {@code expected}; returns whether it did. */
    synchronized boolean removeIfEqual(long key, long expected) {
        Long current = valueOrNull(key);
        if (current == null || current != expected) {
            return false;
        }
        remove(key, 0);
        return true;
    }

    /** replaceBoxed stores {@code value} only when the key is present; returns the previous value or null. */
    synchronized Long replaceBoxed(long key, long value) {
        Long previous = valueOrNull(key);
        if (previous != null) {
            put(key, value, 0);
        }
        return previous;
    }

    /** replaceIfEqual stores {@code value} when the key holds {@code expected}; returns whether it did. */
    synchronized boolean replaceIfEqual(long key, long expected, long value) {
        Long current = valueOrNull(key);
        if (current == null || current != expected) {
            return false;
        }
        put(key, value, 0);
        return true;
    }

    // ---------------------------------------------------------------- iteration, a batch at a time

    /** startIteration returns a cursor at the start of this shard, pinning what it will read. */
    synchronized TableCursor startIteration() {
        TableCursor cursor = new TableCursor(table);
        cursor.start();
        return cursor;
    }

    /**
     * fill advances {@code cursor} by up to {@code batch.length / 2} entries, storing each key and
     * value in turn, and returns how many it stored; 0 at the end (the cursor has let go then).
     */
    synchronized int fill(TableCursor cursor, long[] batch) {
        int n = 0;
        while (n < batch.length && cursor.next()) {
            batch[n++] = getLong(cursor.keyAddress);
            batch[n++] = getLong(cursor.valueAddress);
        }
        return n / 2;
    }

    /** endIteration lets go of what {@code cursor} pinned; safe after the end too. */
    synchronized void endIteration(TableCursor cursor) {
        cursor.release();
    }

    // ---------------------------------------------------------------- the rest

    /** stats is a snapshot of the table, taken while no write runs. */
    synchronized MapStats stats() {
        return new MapStats(table);
    }

    /** close waits for this shard's writer, then frees the table (waiting for its readers). Idempotent. */
    synchronized void close() {
        table.close(cleanable::clean);
    }

    /** Test access to the table. */
    Table table() {
        return table;
    }
}
