package dev.tophash.engine;

import java.lang.ref.Reference;

import static org.agrona.UnsafeApi.getLong;

/**
 * A reusable, allocation-free cursor over a {@link LongLongMap}'s entries, in Go's iteration
 * order (random start each time the cursor is reset).
 *
 * <pre>{@code
 * LongLongCursor c = map.cursor();
 * while (c.next()) {
 *     use(c.key(), c.value());
 * }
 * }</pre>
 *
 * <p>The map may be changed between calls to {@link #next()}; see {@link LongLongMap} for what
 * the cursor then returns. A cursor abandoned before {@code next()} returns false keeps the
 * table generations it reads alive, if the table grows meanwhile, until the garbage collector
 * finds the cursor: {@link #close()} it (or let it reach the end) to let go at once.
 */
public final class LongLongCursor implements AutoCloseable {
    /** Keeps the map reachable, so its Cleaner cannot free memory this cursor reads. */
    private final LongLongMap map;
    private final TableCursor cursor;
    private boolean started;
    private boolean positioned;
    private long key;
    private long value;

    LongLongCursor(LongLongMap map, TableCursor cursor) {
        this.map = map;
        this.cursor = cursor;
        TableOptions.releaseWhenUnreachable(this, cursor);
    }

    /**
     * Moves to the next entry. O(1) amortised; no allocation.
     *
     * @return false when every entry has been visited
     * @throws IllegalStateException if the map is closed
     */
    public boolean next() {
        if (!started) {
            started = true;
            cursor.start();
        }
        positioned = cursor.next();
        if (positioned) {
            key = getLong(cursor.keyAddress);
            value = getLong(cursor.valueAddress);
        }
        Reference.reachabilityFence(map);
        return positioned;
    }

    /**
     * The key of the current entry.
     *
     * @return the key
     * @throws IllegalStateException if {@link #next()} has not returned true
     */
    public long key() {
        checkPositioned();
        return key;
    }

    /**
     * The value of the current entry, as it was when {@link #next()} reached it.
     *
     * @return the value
     * @throws IllegalStateException if {@link #next()} has not returned true
     */
    public long value() {
        checkPositioned();
        return value;
    }

    /** Starts over from a new random position. O(1). */
    public void reset() {
        cursor.release();
        started = false;
        positioned = false;
    }

    /** Ends the iteration and lets go of the table generations it holds. Idempotent. */
    @Override
    public void close() {
        cursor.release();
        started = true;
        positioned = false;
    }

    private void checkPositioned() {
        if (!positioned) {
            throw new IllegalStateException("the cursor is not on an entry: call next() and check that it returned true");
        }
    }
}
