package dev.tophash.engine;

import java.util.ConcurrentModificationException;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;

/**
 * Go's map iterator (mapiterinit / mapiternext) over a {@link Table}, reusable and
 * allocation-free.
 *
 * <p>Each iteration starts at a random bucket and a random slot offset, drawn anew whenever the
 * map changes ({@link Table#iterationStart()}): an unchanged map iterates in one order every
 * time, in every view, and no caller can come to depend on an order across changes. It snapshots the generation (and so B) it started on. While that is
 * still the table's generation it walks it, reading an old chain instead (and keeping only the keys
 * that belong to the current bucket) where the grow has not evacuated it yet. Once the table
 * has grown past it, it keeps walking the snapshot and looks every evacuated entry up again in
 * the live table, returning the current value or skipping a key deleted since.
 *
 * <h2>Guarantees, as Go gives them</h2>
 * No entry is returned twice; every entry present for the whole iteration is returned, with
 * its value at the time it is returned; an entry deleted before it is reached is not returned;
 * an entry added during the iteration may or may not be. After {@code clear()} the iteration
 * ends.
 *
 * <h2>Other threads</h2>
 * On a thread that is not the writer, an iteration runs the reader protocol: every
 * {@link #next()} is one read ({@link Readers}), each bucket chain is copied whole inside one
 * version window ({@link ChainCopy}) and its entries handed out from the copy, and entries a grow
 * moved are looked up through the reader protocol. The generations it walks are pinned as below.
 *
 * <h2>Memory</h2>
 * Go leaves old arrays to its garbage collector. Here an iteration <em>pins</em> the
 * generations it may read, and a grow that ends while they are pinned retires them instead of
 * freeing them; they are freed when the iteration ends or {@link #release()}s, on whichever
 * thread that happens (pin counts are atomic, so several threads may iterate one map while no
 * one writes). The map views register their iterators with a Cleaner, so an iterator dropped
 * half-way lets go once the garbage collector finds it.
 */
final class TableCursor {
    private static final long NO_CHECK = -1;

    private final Table t;
    private Generation snapshot;
    private Generation pinnedOld;
    private long startBucket;
    /**
     * The bucket count of the table the iteration started in: a key's class is its hash modulo
     * this, and the iteration walks the classes from {@link #startBucket}.
     */
    private long classes;
    private int offset;
    private long bucket;
    private boolean wrapped;
    private long bptr;
    private Generation bptrGeneration;
    private int i;
    private long checkBucket;
    private long clears;
    private boolean active;
    /** Whether this iteration runs on a thread that is not the writer (see the class comment). */
    private boolean shared;
    /** The chain a shared iteration copied last, made at its first shared start. */
    private ChainCopy chain;
    /** The next entry of {@link #chain} to hand out. */
    private int served;

    /** The key and value addresses of the entry the last {@link #next()} returned. */
    long keyAddress;
    long valueAddress;

    TableCursor(Table t) {
        this.t = t;
    }

    /** start begins a new iteration, ending any previous one. O(1). */
    void start() {
        release();
        shared = !t.readsDirectly();
        if (shared) {
            pinShared();
        } else {
            t.checkIterate();
            snapshot = t.buckets();
            snapshot.pins.incrementAndGet();
            if (t.oldbuckets() != null) {
                pinnedOld = t.oldbuckets();
                pinnedOld.pins.incrementAndGet();
            }
            clears = t.clears();
        }
        long r = t.iterationStart();
        classes = snapshot.bucketCount;
        startBucket = r & snapshot.mask;
        offset = (int) ((r >>> snapshot.log2Buckets) & (SLOTS - 1));
        bucket = startBucket;
        wrapped = false;
        bptr = 0;
        i = 0;
        served = 0;
        if (chain != null) {
            chain.clear();
        }
        active = true;
    }

    /**
     * pinShared pins the generations a shared iteration will read, inside a read (so none is freed
     * meanwhile), then checks that neither was retired before its pin counted: the writer marks a
     * generation retired before it reads the pins, and this pins before it reads the mark, so a
     * generation is either seen retired here (and the table read again) or kept for this pin.
     */
    private void pinShared() {
        if (chain == null) {
            chain = new ChainCopy(t.layout());
        }
        Readers.Slot reader = Readers.enter();
        try {
            t.checkOpen();
            while (true) {
                t.followFile();
                long c = t.clears();
                Generation now = t.buckets();
                Generation old = t.oldbuckets();
                now.pins.incrementAndGet();
                if (old != null) {
                    old.pins.incrementAndGet();
                }
                if ((c & 1) == 0 && !now.retired && (old == null || !old.retired)
                    && t.buckets() == now && t.oldbuckets() == old && t.clears() == c) {
                    snapshot = now;
                    pinnedOld = old;
                    clears = c;
                    return;
                }
                t.unpin(now);
                if (old != null) {
                    t.unpin(old);
                }
                Thread.onSpinWait();
            }
        } finally {
            Readers.exit(reader);
        }
    }

    /**
     * next advances to the next entry; false at the end (and the cursor lets go of its
     * generations then). O(1) amortised; an evacuated entry costs one extra lookup.
     */
    boolean next() {
        if (shared) {
            return nextShared();
        }
        t.checkIterate();
        if (!active) {
            return false;
        }
        if (clears != t.clears()) {
            release();
            return false;
        }
        final BucketLayout layout = t.layout();
        while (true) {
            if (bptr == 0) {
                if (bucket == startBucket && wrapped) {
                    release();
                    return false;
                }
                Generation old = t.oldbuckets();
                if (old != null && snapshot == t.buckets() && !Growth.evacuated(old, bucket & old.mask)) {
                    // Decided now, while the grow that owns this old chain is the current one: a
                    // same-size grow that starts later must not switch the filter off mid-chain.
                    checkBucket = t.sameSizeGrow() ? NO_CHECK : bucket;
                    bptrGeneration = old;
                    bptr = old.headAddress(bucket & old.mask);
                } else {
                    checkBucket = NO_CHECK;
                    bptrGeneration = snapshot;
                    bptr = snapshot.headAddress(bucket);
                }
                bucket++;
                if (bucket == snapshot.bucketCount) {
                    bucket = 0;
                    wrapped = true;
                }
                i = 0;
            }
            for (; i < SLOTS; i++) {
                int slot = (i + offset) & (SLOTS - 1);
                int top = getByte(tophashAddress(bptr, slot)) & 0xFF;
                if (Tophash.isEmpty(top) || top == Tophash.EVACUATED_EMPTY) {
                    continue;
                }
                long key = layout.keyAddress(bptr, slot);
                if (checkBucket != NO_CHECK && (t.hashAt(key) & snapshot.mask) != checkBucket) {
                    // This key goes to the other half of the new table; that bucket returns it.
                    continue;
                }
                if (top != Tophash.EVACUATED_X && top != Tophash.EVACUATED_Y) {
                    keyAddress = key;
                    valueAddress = layout.valueAddress(bptr, slot);
                    i++;
                    return true;
                }
                // The table grew since this cell was read: the live table has the truth.
                long hash = t.hashAt(key);
                long live = t.find(hash, t.keys().bits ? t.keys().bitsAt(key) : 0, key);
                if (live == 0) {
                    continue;
                }
                keyAddress = key;
                valueAddress = live;
                i++;
                return true;
            }
            long nextIndex = getLong(layout.overflowAddress(bptr));
            bptr = nextIndex == NO_OVERFLOW ? 0 : bptrGeneration.bucketAddress(nextIndex);
            i = 0;
        }
    }

    /**
     * nextShared is {@link #next} on a thread that is not the writer: each chain is copied whole,
     * consistently ({@link ChainCopy}), and its entries handed out from the copy; an entry a grow
     * has moved is looked up in the live table through the reader protocol. The same walk and the
     * same guarantees as {@link #next}; every call is one read, so nothing it reads is freed under
     * it, and the generations it walks stay pinned between calls.
     */
    private boolean nextShared() {
        Readers.Slot reader = Readers.enter();
        try {
            t.checkOpen();
            while (active) {
                if (clears != t.clears()) {
                    release();
                    return false;
                }
                while (served < chain.size()) {
                    int e = served++;
                    long key = chain.keyAddress(e);
                    if (!chain.moved(e) || t.sharedLookup(reader, t.hashAt(key),
                        t.keys().bits ? t.keys().bitsAt(key) : 0, key, chain.valueAddress(e))) {
                        keyAddress = key;
                        valueAddress = chain.valueAddress(e);
                        return true;
                    }
                }
                if (bucket == startBucket && wrapped) {
                    release();
                    return false;
                }
                copyNextChain();
            }
            return false;
        } finally {
            Readers.exit(reader);
        }
    }

    /**
     * copyNextChain copies the entries of the next bucket of the iteration's starting table, its
     * <em>class</em>: the keys whose hash falls in that bucket. While the snapshot is that table,
     * that is one chain, chosen between the old chain and the snapshot's as {@link #next} does,
     * read inside one version window and read again while it changes; a clear leaves the copy
     * empty (the caller then stops). A read-only table over a file cannot keep a generation its
     * writer (perhaps in another process) no longer has, since the writer may reuse its region:
     * when that happens the iteration goes on in the current table, where a class is the chains
     * {@code class + k * classes}, copied whole before any is handed out, so that no key of a
     * class is returned twice and none present throughout is missed.
     */
    private void copyNextChain() {
        copyClass:
        while (true) {
            chain.clear();
            long file = t.followFile();
            if (file != 0 && snapshot != t.buckets() && snapshot != t.oldbuckets() && !followCurrent()) {
                continue;
            }
            Generation table = snapshot;
            for (long j = bucket; j < table.bucketCount; j += classes) {
                if (!copyChain(table, j)) {
                    if (t.clears() != clears) {
                        chain.clear();
                        return;
                    }
                    continue copyClass; // the table this class was being read from is gone: read the class again
                }
            }
            break;
        }
        served = 0;
        bucket++;
        if (bucket == classes) {
            bucket = 0;
            wrapped = true;
        }
    }

    /**
     * copyChain appends the entries of bucket {@code j} of {@code table} (the snapshot) to the
     * copy, from the old chain while a grow has not evacuated it, reading it again while it
     * changes. Returns false, having copied nothing, when a clear ended the iteration or the
     * snapshot stopped being a table the writer has.
     */
    private boolean copyChain(Generation table, long j) {
        int spins = 0;
        int copied = chain.size();
        while (true) {
            long file = t.followFile();
            if (t.clears() != clears || (file != 0 && table != t.buckets() && table != t.oldbuckets())) {
                chain.truncate(copied);
                return false;
            }
            Generation old = t.oldbuckets();
            Generation g = table;
            long index = j;
            long check = NO_CHECK;
            if (old != null && table == t.buckets() && !Growth.evacuated(old, j & old.mask)) {
                check = t.sameSizeGrow() ? NO_CHECK : j;
                g = old;
                index = j & old.mask;
            }
            int version = g.version(index);
            if ((version & 1) != 0) {
                if (++spins % Table.SPINS_PER_WRITER_CHECK != 0 || !t.writerGone()) {
                    Thread.onSpinWait();
                    continue;
                }
                // A change that never ends was cut short by a killed writer: the chains are read as
                // it left them, and an evacuation it cut short left every entry in the old chain.
                if (g == table && old != null && !t.evacuatedWhole(old, j & old.mask)) {
                    check = t.sameSizeGrow() ? NO_CHECK : j;
                    g = old;
                    index = j & old.mask;
                    version = g.version(index);
                }
            }
            boolean read = chain.read(t, g, index, version, offset, check, table.mask);
            if (read && g.unchanged(index, version) && t.oldbuckets() == old && t.fileUnchanged(file)
                && t.clears() == clears) {
                return true;
            }
            chain.truncate(copied);
        }
    }

    /**
     * followCurrent moves a read-only table's iteration to the writer's current table, pinned
     * as {@link #pinShared} pins, when its snapshot is a table the writer no longer has; false
     * when the current table changed meanwhile (ask again).
     */
    private boolean followCurrent() {
        Generation now = t.buckets();
        now.pins.incrementAndGet();
        if (now.retired || t.buckets() != now) {
            t.unpin(now);
            return false;
        }
        t.unpin(snapshot);
        snapshot = now;
        return true;
    }

    /** release ends the iteration and unpins its generations; safe to call at any time. */
    void release() {
        if (!active) {
            return;
        }
        active = false;
        bptr = 0;
        if (!t.isClosed()) {
            t.unpin(snapshot);
            if (pinnedOld != null) {
                t.unpin(pinnedOld);
            }
        }
        snapshot = null;
        pinnedOld = null;
    }
}
