package dev.tophash.engine;

import java.util.ArrayList;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;
import static org.agrona.UnsafeApi.putByte;

/**
 * Makes a file-backed table consistent again after its writer was killed: run by a writer's
 * open when the file's writer flag says the last writer never closed it. O(table).
 *
 * <h2>What a killed writer can leave</h2>
 * The mapped pages hold every store the writer made (the kernel keeps them), in program
 * order, so the only damage is an operation cut short. The engine orders its stores so that
 * each such cut leaves something this class can read:
 * <ul>
 * <li>an insert writes key and value, then the tophash byte: a cut insert is an empty slot;</li>
 * <li>a delete empties the tophash byte first: a cut delete removed the entry or did not;</li>
 * <li>evacuation copies a slot, then marks the old slot, and keeps the old key and value: an
 *     old bucket whose cells are not all marked is put back as it was (marks undone, the new
 *     buckets it was copied into emptied), and evacuated again by later writes;</li>
 * <li>a grow, a chunk, a clear and a reseed are written to the header before the data
 *     depends on them ({@link FileFormat}), and a clear cut short is finished here.</li>
 * </ul>
 * count, noverflow, nevacuate and each generation's overflow cursor are then recounted from
 * the buckets, since the header holds them only as of the last flush.
 *
 * <h2>Two passes</h2>
 * The first pass only reads: it checks every overflow link and that every full slot's key
 * hashes to its bucket and tophash. Anything else is damage no killed writer leaves, and the
 * open fails naming it, with the file untouched. The second pass repairs.
 */
final class Recovery {
    private final Table t;
    /** Set for a file whose last writer was killed during a clear: the repair finishes the clear. */
    private final boolean clearing;
    private final Generation now;
    private final Generation old;
    /** One bit per old bucket: set when every cell is marked evacuated; the others are put back. */
    private final long[] evacuated;
    private long count;
    private long maxLinkNow;
    private long maxLinkOld;
    private long linkedNow;

    private Recovery(Table t, boolean clearing) {
        this.t = t;
        this.clearing = clearing;
        this.now = t.buckets();
        this.old = t.oldbuckets();
        if (old != null && old.bucketCount > (long) Integer.MAX_VALUE * Long.SIZE) {
            throw new TableFileException(t.file().path + " holds a grow of " + old.bucketCount
                + " buckets in progress, more than recovery can track", null);
        }
        this.evacuated = old == null ? null : new long[(int) ((old.bucketCount + Long.SIZE - 1) >>> 6)];
    }


    /**
     * check reads the whole of {@code t} and returns the repair to make, or throws
     * {@link TableFileException} having written nothing. O(table).
     */
    static Recovery check(Table t, boolean clearing) {
        Recovery r = new Recovery(t, clearing);
        if (!clearing) {
            r.check();
        }
        return r;
    }

    /** repair makes the table consistent again, as {@link #check} found it. O(table). */
    void repair() {
        if (clearing) {
            t.clear();
        } else {
            repairChains();
        }
    }

    // ---------------------------------------------------------------- pass 1: read and check

    private void check() {
        maxLinkNow = now.bucketCount - 1;
        maxLinkOld = old == null ? 0 : old.bucketCount - 1;
        if (old != null) {
            for (long i = 0; i < old.bucketCount; i++) {
                checkOldChain(i);
            }
        }
        for (long j = 0; j < now.bucketCount; j++) {
            if (old != null && !isEvacuated(j & old.mask)) {
                continue; // emptied in pass 2: its old bucket is authoritative
            }
            checkChain(now, j);
        }
    }

    private void checkOldChain(long i) {
        boolean allMarked = true;
        long cells = 0;
        for (long b = old.headAddress(i), index = i; b != 0; ) {
            for (int s = 0; s < SLOTS; s++) {
                int top = getByte(tophashAddress(b, s)) & 0xFF;
                if (top == Tophash.EVACUATED_X || top == Tophash.EVACUATED_Y) {
                    checkKey(old, i, b, s, -1);
                    cells++;
                } else if (top == Tophash.EVACUATED_EMPTY) {
                    continue;
                } else {
                    allMarked = false;
                    if (top >= Tophash.MIN_TOP_HASH) {
                        checkKey(old, i, b, s, top);
                        cells++;
                    }
                }
            }
            long next = checkedNext(old, index, b);
            if (next == NO_OVERFLOW) {
                break;
            }
            maxLinkOld = Math.max(maxLinkOld, next);
            index = next;
            b = old.bucketAddress(next);
        }
        if (allMarked) {
            evacuated[(int) (i >>> 6)] |= 1L << i;
        } else {
            count += cells;
        }
    }

    private boolean isEvacuated(long i) {
        return (evacuated[(int) (i >>> 6)] & (1L << i)) != 0;
    }

    private void checkChain(Generation g, long head) {
        boolean rest = false;
        for (long b = g.headAddress(head), index = head; b != 0; ) {
            for (int s = 0; s < SLOTS; s++) {
                int top = getByte(tophashAddress(b, s)) & 0xFF;
                if (top == Tophash.EMPTY_REST) {
                    rest = true;
                } else if (top == Tophash.EMPTY_ONE) {
                    continue;
                } else if (top < Tophash.MIN_TOP_HASH) {
                    throw corrupt("bucket " + index + " of the current table holds evacuation mark " + top);
                } else {
                    if (rest) {
                        throw corrupt("bucket " + index + " holds an entry after an emptyRest cell");
                    }
                    checkKey(g, head, b, s, top);
                    count++;
                }
            }
            long next = checkedNext(g, index, b);
            if (next == NO_OVERFLOW) {
                break;
            }
            maxLinkNow = Math.max(maxLinkNow, next);
            linkedNow++;
            index = next;
            b = g.bucketAddress(next);
        }
    }

    /**
     * checkedNext reads the overflow link of bucket {@code from} (at address {@code b}),
     * refusing one that leaves the generation or goes backwards (a loop); NO_OVERFLOW ends the chain.
     */
    private long checkedNext(Generation g, long from, long b) {
        long next = getLong(t.layout().overflowAddress(b));
        if (next != NO_OVERFLOW && (next <= from || next < g.bucketCount || next >= g.overflowLimit())) {
            throw corrupt("bucket " + from + " links to bucket " + next + ", outside its generation's overflow buckets "
                + g.bucketCount + ".." + (g.overflowLimit() - 1) + " or backwards");
        }
        return next;
    }

    /** checkKey refuses a full slot whose key does not hash to this bucket (and tophash, when given). */
    private void checkKey(Generation g, long head, long b, int s, int top) {
        long hash = t.hashAt(t.layout().keyAddress(b, s));
        if ((hash & g.mask) != head || (top >= 0 && Tophash.tophash(hash) != top)) {
            throw corrupt("the key in slot " + s + " of chain " + head + " does not hash there");
        }
    }

    private TableFileException corrupt(String what) {
        return new TableFileException(t.file().path + " was not closed cleanly and cannot be recovered: " + what
            + ". Damage like this is not what a killed writer leaves; restore the file from a copy", null);
    }

    // ---------------------------------------------------------------- pass 2: repair

    private void repairChains() {
        long firstUnevacuated = 0;
        if (old != null) {
            firstUnevacuated = old.bucketCount;
            for (long i = old.bucketCount - 1; i >= 0; i--) {
                if (!isEvacuated(i)) {
                    putBack(i);
                    firstUnevacuated = i;
                }
            }
            old.restoreOverflowCursor(maxLinkOld + 1 < old.bucketCount ? old.bucketCount : maxLinkOld + 1);
        }
        now.restoreOverflowCursor(Math.max(now.bucketCount, maxLinkNow + 1));
        t.restore(count, linkedNow, firstUnevacuated);
    }

    /**
     * putBack undoes a cut evacuation of old bucket {@code i}: its marked cells become full
     * again (tophash recomputed from the kept key), its evacuated-empty cells empty, and the new
     * buckets it was being copied into are emptied, as evacuate would empty them again.
     */
    private void putBack(long i) {
        ArrayList<Long> chain = new ArrayList<>();
        for (long b = old.headAddress(i); b != 0; ) {
            chain.add(b);
            long next = getLong(t.layout().overflowAddress(b));
            b = next == NO_OVERFLOW ? 0 : old.bucketAddress(next);
        }
        boolean rest = true;
        for (int c = chain.size() - 1; c >= 0; c--) {
            long b = chain.get(c);
            for (int s = SLOTS - 1; s >= 0; s--) {
                int top = getByte(tophashAddress(b, s)) & 0xFF;
                if (top == Tophash.EVACUATED_X || top == Tophash.EVACUATED_Y) {
                    top = Tophash.tophash(t.hashAt(t.layout().keyAddress(b, s)));
                } else if (top == Tophash.EVACUATED_EMPTY || top == Tophash.EMPTY_ONE || top == Tophash.EMPTY_REST) {
                    top = rest ? Tophash.EMPTY_REST : Tophash.EMPTY_ONE;
                }
                rest &= Tophash.isEmpty(top);
                putByte(tophashAddress(b, s), (byte) top);
            }
        }
        now.zeroBucket(i);
        if (!t.sameSizeGrow()) {
            now.zeroBucket(i + old.bucketCount);
        }
    }
}
