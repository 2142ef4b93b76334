package dev.tophash.engine;

/**
 * The tophash byte of a slot: either the top eight bits of the key's hash, or a marker that
 * says the slot is empty or was evacuated. Also the SWAR helpers that test all eight tophash
 * bytes of a bucket with one 64-bit load.
 *
 * <p>Values, exactly as Go's runtime map has them:
 * <pre>
 *   0  emptyRest       this cell is empty, and so is every later cell of its chain
 *   1  emptyOne        this cell is empty
 *   2  evacuatedX      the entry moved to the low half (X) of the new table; old data still readable
 *   3  evacuatedY      the entry moved to the high half (Y) of the new table
 *   4  evacuatedEmpty  the cell was empty when its bucket was evacuated
 *   5+ minTopHash      a live cell; its value is tophash(hash)
 * </pre>
 *
 * <h2>Why a SWAR match may report more than it should, and why that is harmless</h2>
 * {@link #matchByte} finds zero bytes of {@code word ^ pattern} with the short form of the
 * zero-byte test, {@code (x - 0x01..) & ~x & 0x80..}: three operations where the exact form
 * takes five, and it is on every lookup. Its lowest mark is always right; a borrow out of a
 * matching byte can also mark a byte {@code 0x01} just above it, that is a slot whose tophash is
 * {@code top ^ 1}. Such a slot is never empty (an empty slot's byte is 0 or 1, and
 * {@code top >= 5}); it is live, so its key has another hash and the key comparison every caller
 * makes rejects it, or (only for {@code top == 5}) evacuatedEmpty, which appears only in
 * evacuated buckets, which lookups and inserts do not search. Matches are
 * only candidates anyway: two keys may share a tophash. {@link #matchEmpty}, whose marks pick
 * slots to write, keeps the exact form.
 */
final class Tophash {
    /** This cell is empty, and there are no live cells at higher indexes or in overflow buckets. */
    static final int EMPTY_REST = 0;
    /** This cell is empty, but a later cell of the chain may be live. */
    static final int EMPTY_ONE = 1;
    /** The entry is valid, and was evacuated to the first half of the larger table. */
    static final int EVACUATED_X = 2;
    /** The entry is valid, and was evacuated to the second half of the larger table. */
    static final int EVACUATED_Y = 3;
    /** The cell was empty when its bucket was evacuated. */
    static final int EVACUATED_EMPTY = 4;
    /** The smallest tophash of a live cell; smaller values are the markers above. */
    static final int MIN_TOP_HASH = 5;

    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BIT_CLEARED = 0xFEFEFEFEFEFEFEFEL;

    private Tophash() {
    }

    /** tophash returns the tophash of a live cell for {@code hash}: its top byte, moved past the markers. */
    static int tophash(long hash) {
        int top = (int) (hash >>> 56);
        return top < MIN_TOP_HASH ? top + MIN_TOP_HASH : top;
    }

    /** isEmpty says whether a tophash byte marks an empty cell (emptyRest or emptyOne). */
    static boolean isEmpty(int top) {
        return top <= EMPTY_ONE;
    }

    /** evacuated says whether a head bucket whose first tophash is {@code top0} was evacuated. */
    static boolean evacuated(int top0) {
        return top0 > EMPTY_ONE && top0 < MIN_TOP_HASH;
    }

    /** broadcast returns a word with {@code top} in each of its eight bytes, for {@link #matchByte}. */
    static long broadcast(int top) {
        return (top & 0xFFL) * ONES;
    }

    /**
     * matchByte returns a word whose byte {@code i} has its high bit set when byte {@code i} of
     * {@code tophashWord} equals the broadcast byte; all other bits are clear. Byte {@code i} is
     * slot {@code i} (little-endian load of {@code tophash[0..7]}). The lowest mark is exact;
     * a higher one may be a live slot with another key (see the class comment), so callers
     * compare keys.
     */
    static long matchByte(long tophashWord, long broadcastTop) {
        long x = tophashWord ^ broadcastTop;
        return (x - ONES) & ~x & HIGH_BITS;
    }

    /** matchEmpty marks the slots whose tophash is emptyRest or emptyOne. */
    static long matchEmpty(long tophashWord) {
        return zeroBytes(tophashWord & LOW_BIT_CLEARED);
    }

    /** hasEmptyRest says whether any slot of the word is emptyRest, where every lookup stops. */
    static boolean hasEmptyRest(long tophashWord) {
        // the short zero-byte test is exact on whether any byte is zero
        return ((tophashWord - ONES) & ~tophashWord & HIGH_BITS) != 0;
    }

    /** firstSlot returns the slot index of the lowest marked byte of a non-zero match word. */
    static int firstSlot(long matches) {
        return Long.numberOfTrailingZeros(matches) >>> 3;
    }

    private static long zeroBytes(long x) {
        long y = (x & LOW7) + LOW7;
        return ~(y | x | LOW7);
    }
}
