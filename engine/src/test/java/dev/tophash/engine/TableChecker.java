package dev.tophash.engine;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;

/**
 * Test-only invariant checker, after Go's MapTombstoneCheck: walks every chain of every
 * generation a table can read and fails on any broken invariant.
 *
 * <ul>
 *   <li>no chain has a cycle, and every link stays inside its generation's overflow space;</li>
 *   <li>no live cell follows an emptyRest, and every emptyOne has a live cell after it;</li>
 *   <li>every live cell's tophash is {@code tophash(hash)} and its key is in its own bucket's
 *       chain;</li>
 *   <li>markers 2..4 appear only in evacuated chains of the old generation, and an evacuated
 *       old chain holds nothing else;</li>
 *   <li>every old bucket below nevacuate is evacuated;</li>
 *   <li>the live cells of the places lookups read add up to {@code count}.</li>
 * </ul>
 */
final class TableChecker {
    private TableChecker() {
    }

    /** check fails with an AssertionError naming the first broken invariant. Returns count. */
    static long check(Table t) {
        Generation old = t.oldbuckets();
        Generation nw = t.buckets();
        long live = 0;
        if (old != null) {
            for (long j = 0; j < t.nevacuate(); j++) {
                require(Growth.evacuated(old, j), "old bucket " + j + " is below nevacuate but not evacuated");
            }
            for (long j = 0; j < old.bucketCount; j++) {
                if (Growth.evacuated(old, j)) {
                    checkEvacuatedChain(t, old, j);
                } else {
                    live += checkChain(t, old, j);
                }
            }
        }
        for (long j = 0; j < nw.bucketCount; j++) {
            if (old != null && !Growth.evacuated(old, j & old.mask)) {
                continue; // not yet zeroed: lookups read the old chain instead
            }
            live += checkChain(t, nw, j);
        }
        require(live == t.count(), "live cells " + live + " != count " + t.count());
        require(!t.growing() || t.nevacuate() < t.oldbuckets().bucketCount, "a finished grow still has old buckets");
        require(t.growing() || !t.sameSizeGrow(), "sameSizeGrow set while not growing");
        return live;
    }

    private static long checkChain(Table t, Generation g, long head) {
        BucketLayout layout = t.layout();
        long live = 0;
        boolean seenEmptyRest = false;
        boolean pendingEmptyOne = false;
        long hops = 0;
        long limit = g.overflowLimit() + 1;
        for (long b = g.headAddress(head); b != 0; ) {
            require(++hops <= limit, "chain " + head + " has a cycle");
            for (int i = 0; i < SLOTS; i++) {
                int top = getByte(tophashAddress(b, i)) & 0xFF;
                if (top == Tophash.EMPTY_REST) {
                    seenEmptyRest = true;
                    require(!pendingEmptyOne, "chain " + head + ": emptyOne with no live cell after it");
                    continue;
                }
                if (top == Tophash.EMPTY_ONE) {
                    require(!seenEmptyRest, "chain " + head + ": emptyOne after emptyRest");
                    pendingEmptyOne = true;
                    continue;
                }
                require(top >= Tophash.MIN_TOP_HASH, "chain " + head + ": marker " + top + " in a live chain");
                require(!seenEmptyRest, "chain " + head + ": live cell after emptyRest (late non-emptyRest)");
                pendingEmptyOne = false;
                long hash = t.hashAt(layout.keyAddress(b, i));
                require(Tophash.tophash(hash) == top, "chain " + head + ": tophash " + top + " != tophash(hash)");
                require((hash & g.mask) == head, "chain " + head + ": key belongs to bucket " + (hash & g.mask));
                live++;
            }
            long next = getLong(layout.overflowAddress(b));
            if (next == NO_OVERFLOW) {
                break;
            }
            require(next >= g.bucketCount && next < g.nextOverflow(), "chain " + head + ": link " + next + " outside handed-out overflow");
            b = g.bucketAddress(next);
        }
        require(!pendingEmptyOne, "chain " + head + ": trailing emptyOne should be emptyRest");
        return live;
    }

    private static void checkEvacuatedChain(Table t, Generation old, long head) {
        long hops = 0;
        for (long b = old.headAddress(head); b != 0; ) {
            require(++hops <= old.overflowLimit() + 1, "old chain " + head + " has a cycle");
            for (int i = 0; i < SLOTS; i++) {
                int top = getByte(tophashAddress(b, i)) & 0xFF;
                require(top >= Tophash.EVACUATED_X && top <= Tophash.EVACUATED_EMPTY,
                    "evacuated old chain " + head + " holds tophash " + top);
            }
            long next = getLong(t.layout().overflowAddress(b));
            b = next == NO_OVERFLOW ? 0 : old.bucketAddress(next);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError("table invariant broken: " + message);
        }
    }
}
