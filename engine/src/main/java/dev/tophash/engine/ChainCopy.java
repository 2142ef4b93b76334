package dev.tophash.engine;

import java.nio.ByteBuffer;
import org.agrona.BufferUtil;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;

/**
 * A copy of the entries of one bucket chain, read by an iteration on a thread that is not the
 * writer: the chain is read whole inside one version window of its head bucket (see
 * {@link Generation#version}), so its entries are copied as they all were at one moment, never
 * torn. The iteration then hands them out one by one from here. Entries that a grow has already
 * moved are copied with their key only and marked, for the iteration to look up in the live table.
 *
 * <p>The buffer is the copy's own (a direct buffer the garbage collector frees); it grows to the
 * longest chain met, so an iteration allocates only while chains keep getting longer.
 */
final class ChainCopy {
    private final BucketLayout layout;
    private final int entryBytes;
    private ByteBuffer buffer;
    private long base;
    private int capacity;
    private boolean[] moved = new boolean[0];
    private int size;

    ChainCopy(BucketLayout layout) {
        this.layout = layout;
        this.entryBytes = layout.keyWidth + layout.valueWidth;
        grow(SLOTS);
    }

    /**
     * read appends the live entries of the chain of head bucket {@code index} of {@code g}, each
     * bucket's slots from {@code offset} on; with {@code checkBucket} not negative, only keys whose
     * hash falls in that bucket of a table masked by {@code checkMask} (the old-chain filter of
     * {@link TableCursor}). Returns false when a link could not be followed (the chain changed
     * under it); the caller also checks the version it read before, and reads again on any change.
     */
    boolean read(Table t, Generation g, long index, int version, int offset, long checkBucket, long checkMask) {
        long b = g.headAddress(index);
        while (true) {
            for (int s = 0; s < SLOTS; s++) {
                int slot = (s + offset) & (SLOTS - 1);
                int top = getByte(tophashAddress(b, slot)) & 0xFF;
                if (Tophash.isEmpty(top) || top == Tophash.EVACUATED_EMPTY) {
                    continue;
                }
                long key = layout.keyAddress(b, slot);
                if (checkBucket >= 0 && (t.hashAt(key) & checkMask) != checkBucket) {
                    continue;
                }
                if (size == capacity) {
                    grow(2 * capacity);
                }
                Bytes.copy(key, keyAddress(size), layout.keyWidth);
                boolean wasMoved = top == Tophash.EVACUATED_X || top == Tophash.EVACUATED_Y;
                if (!wasMoved) {
                    Bytes.copy(layout.valueAddress(b, slot), valueAddress(size), layout.valueWidth);
                }
                moved[size++] = wasMoved;
            }
            long next = getLong(layout.overflowAddress(b));
            if (next == NO_OVERFLOW) {
                return true;
            }
            // A link read mid-change may be anything, even a loop: check before following it.
            if (!g.unchanged(index, version) || (b = g.readerBucketAddress(next)) == 0) {
                return false;
            }
        }
    }

    /** clear empties the copy. */
    void clear() {
        size = 0;
    }

    /** truncate drops the entries after the first {@code n}: what a read that must be made again appended. */
    void truncate(int n) {
        size = n;
    }

    /** size is the number of entries the last {@link #read} copied. */
    int size() {
        return size;
    }

    /** moved says whether entry {@code e} had been evacuated: only its key was copied. */
    boolean moved(int e) {
        return moved[e];
    }

    long keyAddress(int e) {
        return base + (long) e * entryBytes;
    }

    long valueAddress(int e) {
        return keyAddress(e) + layout.keyWidth;
    }

    private void grow(int entries) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(entries * entryBytes);
        long newBase = BufferUtil.address(bigger);
        if (buffer != null) {
            Bytes.copy(base, newBase, (long) size * entryBytes);
        }
        boolean[] moreMoved = new boolean[entries];
        System.arraycopy(moved, 0, moreMoved, 0, moved.length);
        buffer = bigger;
        base = newBase;
        capacity = entries;
        moved = moreMoved;
    }
}
