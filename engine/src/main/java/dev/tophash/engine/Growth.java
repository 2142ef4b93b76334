package dev.tophash.engine;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;
import static org.agrona.UnsafeApi.putByte;
import static org.agrona.UnsafeApi.putLong;

/**
 * Go's incremental growth: the two triggers, hashGrow, growWork, evacuate and
 * advanceEvacuationMark.
 *
 * <p>A grow allocates the new generation and copies nothing. From then on every assign and
 * delete evacuates the old bucket its key maps to and one more, at {@code nevacuate}, so a
 * grow of {@code 2^oldB} buckets ends within {@code 2^oldB} writes and no write moves more than
 * two old chains. A large in-memory table's doubling grow takes its new generation from
 * {@link Prefault}, already faulted in. When the last old bucket is evacuated the old
 * generation is freed, unless an iterator still reads it (then it is freed when that iterator
 * lets go).
 */
final class Growth {
    /** How far advanceEvacuationMark looks ahead for evacuated buckets, as in Go. */
    private static final int MAX_MARK_SKIP = 1024;

    private Growth() {
    }

    /**
     * overLoadFactor says whether {@code count} entries in {@code 2^B} buckets exceed the load
     * factor 6.5, in Go's integer form: {@code count > 8 && count > 13 * (2^B / 2)}.
     */
    static boolean overLoadFactor(long count, int log2Buckets) {
        return count > SLOTS
            && count > Table.LOAD_FACTOR_NUM * ((1L << log2Buckets) / Table.LOAD_FACTOR_DEN);
    }

    /**
     * tooManyOverflowBuckets says whether {@code noverflow} overflow buckets are too many for
     * {@code 2^B} buckets: as many as there are buckets, capped at {@code 2^15}.
     */
    static boolean tooManyOverflowBuckets(long noverflow, int log2Buckets) {
        return noverflow >= (1L << Math.min(log2Buckets, 15));
    }

    /**
     * hashGrow starts a grow: twice the buckets when over the load factor, else a same-size
     * grow that repacks overflow chains. Allocates the new generation first, so a failed
     * allocation changes nothing. O(1) apart from the allocation; nothing is copied or zeroed.
     */
    static void hashGrow(Table t) {
        int log2Buckets = t.log2Buckets();
        boolean doubling = overLoadFactor(t.count() + 1, log2Buckets);
        int next = log2Buckets + (doubling ? 1 : 0);
        if (next > Table.MAX_LOG2_BUCKETS) {
            throw new IllegalStateException("the table would need more than 2^" + Table.MAX_LOG2_BUCKETS + " buckets");
        }
        Generation generation = doubling ? t.takePrepared() : null;
        if (generation == null) {
            generation = Generation.allocate(t.owner(), t.layout(), next, false);
        }
        t.startGrow(generation, !doubling);
    }

    /**
     * growWork evacuates the old bucket that {@code bucket} (an index in the new table) comes
     * from, then one more at nevacuate so the grow always progresses.
     */
    static void growWork(Table t, long bucket) {
        evacuate(t, bucket & t.oldbuckets().mask);
        if (t.growing()) {
            evacuate(t, t.nevacuate());
        }
    }

    /** evacuated says whether old bucket {@code index} of generation {@code old} has been moved. */
    static boolean evacuated(Generation old, long index) {
        return Tophash.evacuated(getByte(old.headAddress(index)) & 0xFF);
    }

    /**
     * evacuate moves old chain {@code oldbucket} into the new generation: to new bucket
     * {@code oldbucket} (X) or, in a doubling grow, {@code oldbucket + 2^oldB} (Y), chosen by
     * the hash bit that the larger mask adds. Entries keep their relative order and end up
     * dense. Old cells are marked evacuatedX/Y/Empty and stay readable for iterators.
     *
     * <p>The overflow buckets the destinations may need are reserved before anything is
     * written, so a failed allocation leaves the old chain untouched.
     */
    static void evacuate(Table t, long oldbucket) {
        final Generation old = t.oldbuckets();
        final Generation nw = t.buckets();
        final long newbit = old.bucketCount;
        final boolean sameSize = t.sameSizeGrow();
        final long head = old.headAddress(oldbucket);
        if (!Tophash.evacuated(getByte(head) & 0xFF)) {
            nw.reserveOverflow(chainLength(old, head));
            // Readers of the old chain and of both new ones go round again while this runs.
            int oldGroup = old.beginChange(oldbucket);
            int xGroup = nw.beginChange(oldbucket);
            boolean ownY = !sameSize && !nw.sameGroup(oldbucket, oldbucket + newbit);
            int yGroup = ownY ? nw.beginChange(oldbucket + newbit) : xGroup;
            try {
                if (t.layout().is64() && t.keys().bits) {
                    copyChain64(t, old, nw, oldbucket, sameSize);
                } else {
                    copyChain(t, old, nw, oldbucket, sameSize);
                }
            } finally {
                if (ownY) {
                    nw.endChange(yGroup);
                }
                nw.endChange(xGroup);
                old.endChange(oldGroup);
            }
        }
        if (oldbucket == t.nevacuate()) {
            advanceEvacuationMark(t, old);
        }
    }

    /**
     * copyChain copies old chain {@code oldbucket} into its new bucket(s) and marks every old
     * cell evacuated; the overflow buckets it needs are reserved.
     */
    private static void copyChain(Table t, Generation old, Generation nw, long oldbucket, boolean sameSize) {
        final long newbit = old.bucketCount;
        final BucketLayout layout = t.layout();
        final long head = old.headAddress(oldbucket);
        nw.zeroBucket(oldbucket);
        long xb = nw.headAddress(oldbucket);
        int xi = 0;
        long yb = 0;
        int yi = 0;
        if (!sameSize) {
            nw.zeroBucket(oldbucket + newbit);
            yb = nw.headAddress(oldbucket + newbit);
        }
        final long keyWidth = layout.keyWidth;
        final long valueWidth = layout.valueWidth;
        for (long b = head; b != 0; b = next(old, b)) {
            for (int i = 0; i < SLOTS; i++) {
                int top = getByte(tophashAddress(b, i)) & 0xFF;
                if (Tophash.isEmpty(top)) {
                    putByte(tophashAddress(b, i), (byte) Tophash.EVACUATED_EMPTY);
                    continue;
                }
                if (top < Tophash.MIN_TOP_HASH) {
                    throw new IllegalStateException("corrupt table: tophash " + top + " in a live old bucket " + oldbucket);
                }
                long key = layout.keyAddress(b, i);
                boolean useY = !sameSize && (t.hashAt(key) & newbit) != 0;
                long dst;
                int di;
                if (useY) {
                    if (yi == SLOTS) {
                        yb = t.newOverflow(nw, yb);
                        yi = 0;
                    }
                    dst = yb;
                    di = yi++;
                } else {
                    if (xi == SLOTS) {
                        xb = t.newOverflow(nw, xb);
                        xi = 0;
                    }
                    dst = xb;
                    di = xi++;
                }
                Bytes.copy(key, layout.keyAddress(dst, di), keyWidth);
                Bytes.copy(layout.valueAddress(b, i), layout.valueAddress(dst, di), valueWidth);
                putByte(tophashAddress(dst, di), (byte) top);
                // Marked only once copied, and the old key and value are kept: a file whose
                // writer died mid-evacuation can be put back as it was (see Recovery).
                putByte(tophashAddress(b, i), (byte) (useY ? Tophash.EVACUATED_Y : Tophash.EVACUATED_X));
            }
        }
    }

    /**
     * copyChain64 is {@link #copyChain} for a {@code LongLongMap}'s entries (8-byte bits keys
     * and values): each key is one load, hashed from its bits, and key and value move as one
     * word each at the layout's constant offsets. A method of its own because the same choice
     * made inside copyChain's loop, by a loop-invariant flag, measured no faster than the
     * generic copy (bench/RESULTS.md).
     */
    private static void copyChain64(Table t, Generation old, Generation nw, long oldbucket, boolean sameSize) {
        final long newbit = old.bucketCount;
        final long head = old.headAddress(oldbucket);
        nw.zeroBucket(oldbucket);
        long xb = nw.headAddress(oldbucket);
        int xi = 0;
        long yb = 0;
        int yi = 0;
        if (!sameSize) {
            nw.zeroBucket(oldbucket + newbit);
            yb = nw.headAddress(oldbucket + newbit);
        }
        for (long b = head; b != 0; b = next(old, b)) {
            for (int i = 0; i < SLOTS; i++) {
                int top = getByte(tophashAddress(b, i)) & 0xFF;
                if (Tophash.isEmpty(top)) {
                    putByte(tophashAddress(b, i), (byte) Tophash.EVACUATED_EMPTY);
                    continue;
                }
                if (top < Tophash.MIN_TOP_HASH) {
                    throw new IllegalStateException("corrupt table: tophash " + top + " in a live old bucket " + oldbucket);
                }
                long key = getLong(BucketLayout.key64Address(b, i));
                boolean useY = !sameSize && (t.hashBits(key) & newbit) != 0;
                long dst;
                int di;
                if (useY) {
                    if (yi == SLOTS) {
                        yb = t.newOverflow(nw, yb);
                        yi = 0;
                    }
                    dst = yb;
                    di = yi++;
                } else {
                    if (xi == SLOTS) {
                        xb = t.newOverflow(nw, xb);
                        xi = 0;
                    }
                    dst = xb;
                    di = xi++;
                }
                putLong(BucketLayout.key64Address(dst, di), key);
                putLong(BucketLayout.value64Address(dst, di), getLong(BucketLayout.value64Address(b, i)));
                putByte(tophashAddress(dst, di), (byte) top);
                // As in copyChain: marked once copied, the old key and value kept (see Recovery).
                putByte(tophashAddress(b, i), (byte) (useY ? Tophash.EVACUATED_Y : Tophash.EVACUATED_X));
            }
        }
    }

    private static long next(Generation g, long b) {
        long index = getLong(g.layout.overflowAddress(b));
        return index == NO_OVERFLOW ? 0 : g.bucketAddress(index);
    }

    /** chainLength counts the buckets of a chain: a bound on the overflow buckets its entries need. */
    private static long chainLength(Generation g, long head) {
        long n = 0;
        for (long b = head; b != 0; b = next(g, b)) {
            n++;
        }
        return n;
    }

    /**
     * advanceEvacuationMark moves nevacuate past evacuated buckets (looking at most 1024 ahead);
     * the table ends the grow when every old bucket is evacuated.
     */
    private static void advanceEvacuationMark(Table t, Generation old) {
        long mark = t.nevacuate() + 1;
        long stop = Math.min(mark + MAX_MARK_SKIP, old.bucketCount);
        while (mark != stop && evacuated(old, mark)) {
            mark++;
        }
        t.evacuatedUpTo(mark);
    }
}
