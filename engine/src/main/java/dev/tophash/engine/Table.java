package dev.tophash.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import net.openhft.hashing.LongHashFunction;
import org.agrona.UnsafeApi;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static dev.tophash.engine.Tophash.EMPTY_ONE;
import static dev.tophash.engine.Tophash.EMPTY_REST;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;
import static org.agrona.UnsafeApi.putByte;
import static org.agrona.UnsafeApi.putLong;

/**
 * The hmap: count, B, noverflow, hash0, buckets, oldbuckets, nevacuate and the overflow
 * cursor (inside {@link Generation}), with Go's lookup, assign and delete over them. Growth's
 * algorithms live in {@link Growth}, iteration in {@link TableCursor}, crash repair in
 * {@link Recovery}; they read the fields through accessors and change them only through the
 * named transitions here ({@link #startGrow}, {@link #evacuatedUpTo}, {@link #finishGrow},
 * {@link #restore}), so every invariant between the fields is kept in this class.
 *
 * <p>Keys arrive already hashed, as (hash, bits, address) triples: see {@link Keys}. Lookups
 * return the <em>address of the value slot</em>, or 0 when the key is absent. Writes take the
 * value too (its bits, or the address of its encoded bytes), because the table writes a new
 * slot's key and value before the tophash byte that makes the slot full: a writer killed
 * mid-insert leaves no half-written entry in a file. This class never calls a codec.
 *
 * <h2>Threads</h2>
 * Single writer, as in Go. Go's {@code hashWriting} flag is {@link #state}: a write checks and
 * sets it on entry and checks it again on exit, a read checks it on entry, and any of them
 * that finds another write throws {@link ConcurrentModificationException}. Like Go's, the
 * check is best effort: it catches overlapping writers in practice, not with certainty, and
 * what two writers did before it fired is not undone. The same word holds {@code CLOSED}, so
 * one check covers both misuses.
 */
final class Table {
    /** Go's loadFactorNum/loadFactorDen: grow past an average of 6.5 entries per bucket. */
    static final int LOAD_FACTOR_NUM = 13;
    static final int LOAD_FACTOR_DEN = 2;
    /** The largest B a table may reach; 2^50 buckets is far beyond any machine's memory. */
    static final int MAX_LOG2_BUCKETS = 50;

    static final int IDLE = 0;
    static final int WRITING = 1;
    static final int CLOSED = 2;
    private static final VarHandle STATE;
    private static final VarHandle BUCKETS;
    private static final VarHandle OLDBUCKETS;
    private static final VarHandle CLEARS;
    private static final VarHandle COUNT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Table.class, "state", int.class);
            BUCKETS = lookup.findVarHandle(Table.class, "buckets", Generation.class);
            OLDBUCKETS = lookup.findVarHandle(Table.class, "oldbuckets", Generation.class);
            CLEARS = lookup.findVarHandle(Table.class, "clears", long.class);
            COUNT = lookup.findVarHandle(Table.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BucketLayout layout;
    private final Keys keys;
    private final SegmentOwner owner;
    /**
     * The file-backed table's file, or null in memory. Told of every change to the table's
     * shape, before the data that depends on it is written (see {@link FileFormat}).
     */
    private final TableFile file;
    /** A read-only file-backed table: every write throws before touching anything. */
    private final boolean readOnly;
    /**
     * For a read-only table over a file: the shape its writer (in any process) last published,
     * which every read follows; null for the writer's table and in memory.
     */
    private final FileView view;
    /** The file's live count word, which the writer keeps equal to count; 0 in memory and read-only. */
    private final long countWord;

    /** IDLE, WRITING (Go's hashWriting) or CLOSED; accessed only through {@link #STATE}. */
    @SuppressWarnings("unused")
    private int state;

    private long count;
    private int log2Buckets;
    /** Go's noverflow: overflow buckets taken since the last grow (approximate for B >= 16). */
    private long noverflow;
    private boolean sameSizeGrow;
    /** Go's hash0: the per-map seed of every key hash; redrawn when the map empties or clears. */
    private long hash0;
    /** wyhash seeded with hash0, for keys wider than 8 bytes; null for bits keys. */
    private LongHashFunction bytesHash;
    private Generation buckets;
    private Generation oldbuckets;
    private long nevacuate;
    /** The next generation, prepared ahead of its grow by the housekeeper. */
    private final Preparation preparation = new Preparation();
    /**
     * Generations that finished evacuating while an iteration still read them; also the lock
     * for retiring and unpinning, which reader threads and the Cleaner do too.
     */
    private final ArrayList<Generation> retired = new ArrayList<>();
    /**
     * Bumped twice by each clear(), odd while it runs: readers go round again across a clear, and
     * iterators that started before one stop.
     */
    private long clears;
    /**
     * The thread that wrote last: its reads need none of the reader protocol, since it cannot race
     * its own writes. Written only by the writer.
     */
    private Thread writer = Thread.currentThread();
    /**
     * Inserts and deletes so far: an iteration's start is drawn from it and hash0, so an
     * unchanged map iterates in one order every time and a changed one in a new random order.
     */
    private long changes;

    private long random;

    /** A new, empty table in memory, or in a new file ({@code file}, whose regions come zeroed). */
    Table(BucketLayout layout, boolean bitsKeys, SegmentOwner owner, long expectedSize, long seed, TableFile file) {
        this.layout = layout;
        this.keys = new Keys(layout.keyWidth, bitsKeys);
        this.owner = owner;
        this.file = file;
        this.readOnly = false;
        this.view = null;
        this.countWord = file == null ? 0 : file.countWord();
        this.random = seed;
        this.log2Buckets = log2BucketsFor(expectedSize, layout);
        reseed();
        // A new file's first region lies past its old end, so it reads as zero (emptyRest) already.
        this.buckets = Generation.allocate(owner, layout, log2Buckets, file == null);
        watchChunks(buckets);
        persist(false);
        preparation.rearm(this);
    }

    /** A table over generations adopted from a file, with the hmap fields its state record holds. */
    Table(BucketLayout layout, boolean bitsKeys, SegmentOwner owner, TableFile file, FileFormat.State state,
          Generation buckets, Generation oldbuckets, long seed) {
        this.layout = layout;
        this.keys = new Keys(layout.keyWidth, bitsKeys);
        this.owner = owner;
        this.file = file;
        this.readOnly = file.readOnly;
        this.random = seed;
        this.log2Buckets = state.log2Buckets();
        this.hash0 = state.hash0();
        this.bytesHash = bitsKeys ? null : Hashing.bytesHash(hash0);
        this.count = state.count();
        this.noverflow = state.noverflow();
        this.nevacuate = state.nevacuate();
        this.sameSizeGrow = state.sameSizeGrow();
        this.buckets = buckets;
        this.oldbuckets = oldbuckets;
        this.view = readOnly ? new FileView(file, owner, layout, bitsKeys, state, buckets, oldbuckets) : null;
        this.countWord = readOnly ? 0 : file.countWord();
        if (readOnly) {
            writer = null; // no thread of this process writes: every read goes through the reader protocol
        } else {
            watchChunks(buckets);
        }
    }

    /** watchChunks has a file-backed table record each overflow chunk a generation adds. */
    private void watchChunks(Generation g) {
        if (file != null) {
            g.chunkAdded = () -> persist(false);
        }
    }

    /**
     * persist records the table's shape in its file, if it has one: called after a grow starts
     * or ends, a chunk is added, a clear begins or ends, or hash0 changes.
     */
    void persist(boolean clearing) {
        if (file != null) {
            file.save(this, clearing);
        }
    }

    /**
     * log2BucketsFor is makemap's sizing: the smallest B at which {@code expectedSize} entries
     * are not over the load factor. Throws IllegalArgumentException for negative or impossible
     * sizes, naming the limit.
     */
    static int log2BucketsFor(long expectedSize, BucketLayout layout) {
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize must not be negative, got " + expectedSize);
        }
        int b = 0;
        while (Growth.overLoadFactor(expectedSize, b)) {
            b++;
            if (b > MAX_LOG2_BUCKETS) {
                throw new IllegalArgumentException("expectedSize " + expectedSize
                    + " needs more than 2^" + MAX_LOG2_BUCKETS + " buckets, the largest table tophash makes");
            }
        }
        try {
            Generation.bytesFor(layout, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("expectedSize " + expectedSize + " needs 2^" + b + " buckets of "
                + layout.bucketSize + " bytes, more than a 64-bit offset can address", e);
        }
        return b;
    }

    // ---------------------------------------------------------------- state: Go's hashWriting

    /**
     * beginWrite takes the writer flag, or throws touching nothing when the map is closed or a
     * write is in progress. Opaque accesses, not a compare-and-set: on this hot path a CAS
     * costs about as much as the whole lookup, and Go's check is best-effort too.
     */
    void beginWrite() {
        if (readOnly) {
            throw new UnsupportedOperationException(file.path + " is open read-only; open it with open(path) to change it");
        }
        if ((int) STATE.getOpaque(this) != IDLE) {
            throw stateError("write");
        }
        Thread current = Thread.currentThread();
        if (writer != current) {
            writer = current;
        }
        // release: a reader that sees this write in progress also sees who writes
        STATE.setRelease(this, WRITING);
    }

    /**
     * endWrite releases the writer flag, first checking that nobody else released it meanwhile:
     * Go's second "concurrent map writes" check, which catches writers that overlapped after
     * both passed {@link #beginWrite}.
     */
    void endWrite() {
        if ((int) STATE.getOpaque(this) != WRITING) {
            throw stateError("write");
        }
        STATE.setRelease(this, IDLE);
        owner.reclaim();
    }

    /**
     * checkRead throws when the map is closed, or when the calling thread, the writer, reads
     * while a write is in progress (a read from inside its own write, or a second writer).
     * Other threads' reads go on while the writer writes. O(1).
     */
    void checkRead() {
        int s = (int) STATE.getAcquire(this);
        if (s != IDLE && (s == CLOSED || writer == Thread.currentThread())) {
            throw stateError("read");
        }
    }

    /**
     * checkIterate is {@link #checkRead} for iteration, which other threads may not yet run while
     * the writer writes: it throws for any read that finds a write in progress.
     */
    void checkIterate() {
        if ((int) STATE.getOpaque(this) != IDLE) {
            throw stateError("iteration");
        }
    }

    boolean isClosed() {
        return (int) STATE.getOpaque(this) == CLOSED;
    }

    private RuntimeException stateError(String op) {
        int s = (int) STATE.getVolatile(this);
        if (s == CLOSED) {
            return new IllegalStateException("this map is closed; its off-heap memory was freed");
        }
        return new ConcurrentModificationException("concurrent map " + op + " and map write: this map is single-writer;"
            + " confine it to one thread or guard every access with one lock");
    }

    /**
     * flush makes a file-backed table's writes durable ({@link TableFile#flush}); nothing to do
     * in memory or read-only. Takes the writer flag, so it never runs beside a write.
     */
    void flush() {
        if (file == null || readOnly) {
            checkRead();
            return;
        }
        beginWrite();
        try {
            file.flush(this);
        } finally {
            endWrite();
        }
    }

    /**
     * close marks the table closed and frees all of its memory. Idempotent; throws when another
     * thread is writing at that moment (nothing is freed then).
     */
    void close(Runnable freeAll) {
        while (true) {
            int s = (int) STATE.getVolatile(this);
            if (s == CLOSED) {
                return;
            }
            if (s == WRITING) {
                throw stateError("close");
            }
            if (STATE.compareAndSet(this, IDLE, CLOSED)) {
                break;
            }
        }
        awaitReads();
        freeAll.run();
    }

    /**
     * awaitReads waits for the reads in progress on other threads to end: reads that start from
     * now on find the map closed and touch nothing. Reads never wait for anything, so this waits
     * at most as long as the slowest of them takes (a reader descheduled mid-read included).
     */
    private static void awaitReads() {
        Readers.Snapshot reads = Readers.snapshot();
        for (int spins = 0; !reads.passed(); spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
    }

    // ---------------------------------------------------------------- hashing

    /** hashBits hashes a bits key. */
    long hashBits(long bits) {
        return Hashing.hashBits(bits, hash0);
    }

    /** hashBytes hashes the encoded key at {@code address}. */
    long hashBytes(long address) {
        return Hashing.hashBytes(bytesHash, address, keys.width);
    }

    /** hashAt hashes the key stored in a slot, as evacuation and iterators need. */
    long hashAt(long slotKey) {
        return keys.bits ? hashBits(keys.bitsAt(slotKey)) : hashBytes(slotKey);
    }

    /** nextRandom is SplitMix64; seeded maps draw the same sequence, so runs repeat. */
    private long nextRandom() {
        random += 0x9E3779B97F4A7C15L;
        return Hashing.mix(random);
    }

    /** reseed draws a new hash0, as Go does when a map empties or is cleared (issue #25237). */
    void reseed() {
        hash0 = nextRandom();
        bytesHash = keys.bits ? null : Hashing.bytesHash(hash0);
    }

    boolean growing() {
        return oldbuckets != null;
    }

    // ---------------------------------------------------------------- lookup (mapaccess)

    /**
     * find returns the address of the value of the key, or 0. Go's mapaccess: while growing,
     * an old bucket that is not evacuated yet is the authoritative place to look.
     */
    long find(long hash, long keyBits, long keyAddress) {
        Generation g = buckets;
        long b = g.headAddress(hash & g.mask);
        Generation old = oldbuckets;
        if (old != null) {
            long ob = old.headAddress(hash & old.mask);
            if (!Tophash.evacuated(getByte(ob) & 0xFF)) {
                g = old;
                b = ob;
            }
        }
        final BucketLayout layout = this.layout;
        final Keys keys = this.keys;
        final long top = Tophash.broadcast(Tophash.tophash(hash));
        while (true) {
            long word = getLong(b);
            for (long m = Tophash.matchByte(word, top); m != 0; m &= m - 1) {
                int i = Tophash.firstSlot(m);
                if (keys.matches(layout.keyAddress(b, i), keyBits, keyAddress)) {
                    return layout.valueAddress(b, i);
                }
            }
            if (Tophash.hasEmptyRest(word)) {
                return 0;
            }
            long next = getLong(layout.overflowAddress(b));
            if (next == NO_OVERFLOW) {
                return 0;
            }
            b = g.bucketAddress(next);
        }
    }

    /**
     * find64 is {@link #find} for 8-byte keys and values (Go's mapaccess1_fast64): the key
     * compares as one word and every offset is a constant. Only for {@link BucketLayout#is64()}.
     */
    long find64(long hash, long key) {
        assert layout.is64() : "find64 on a " + layout;
        Generation g = buckets;
        long b = g.headAddress(hash & g.mask);
        Generation old = oldbuckets;
        if (old != null) {
            long ob = old.headAddress(hash & old.mask);
            if (!Tophash.evacuated(getByte(ob) & 0xFF)) {
                g = old;
                b = ob;
            }
        }
        final long top = Tophash.broadcast(Tophash.tophash(hash));
        while (true) {
            long word = getLong(b);
            for (long m = Tophash.matchByte(word, top); m != 0; m &= m - 1) {
                int i = Tophash.firstSlot(m);
                if (getLong(BucketLayout.key64Address(b, i)) == key) {
                    return BucketLayout.value64Address(b, i);
                }
            }
            if (Tophash.hasEmptyRest(word)) {
                return 0;
            }
            long next = getLong(BucketLayout.overflow64Address(b));
            if (next == NO_OVERFLOW) {
                return 0;
            }
            b = g.bucketAddress(next);
        }
    }

    // ---------------------------------------------------------------- lookup from any thread

    /**
     * readsDirectly says whether the calling thread is the writer, whose reads cannot race a
     * write and so take {@link #find} and {@link #find64} as they are. O(1).
     */
    boolean readsDirectly() {
        return writer == Thread.currentThread();
    }

    /**
     * get64 returns the value of {@code key}, or {@code absent}, from any thread: the writer reads
     * directly, any other thread through the reader protocol ({@link #sharedFind}), which never
     * blocks and gives a value the key held at some moment during the call. Only for
     * {@link BucketLayout#is64()}. Throws IllegalStateException when closed.
     */
    long get64(long hash, long key, long absent) {
        if (readsDirectly()) {
            checkRead();
            long slot = find64(hash, key);
            return slot == 0 ? absent : getLong(slot);
        }
        return sharedGet64(hash, key, absent);
    }

    /**
     * sharedGet64 is {@link #get64} through the reader protocol whatever the calling thread: for
     * maps whose writers take turns (a sharded map's), where the last writer may be reading while
     * another thread writes.
     */
    long sharedGet64(long hash, long key, long absent) {
        Readers.Slot reader = Readers.enter();
        try {
            checkOpen();
            return sharedFind(reader, hash, key, 0, 0, true) ? reader.value : absent;
        } finally {
            Readers.exit(reader);
        }
    }

    /**
     * get copies the value of the key (bits, address) to {@code valueOut} and returns true, or
     * returns false when the key is absent; from any thread, as {@link #get64}.
     */
    boolean get(long hash, long keyBits, long keyAddress, long valueOut) {
        if (readsDirectly()) {
            checkRead();
            long slot = find(hash, keyBits, keyAddress);
            if (slot == 0) {
                return false;
            }
            Bytes.copy(slot, valueOut, layout.valueWidth);
            return true;
        }
        Readers.Slot reader = Readers.enter();
        try {
            checkOpen();
            return sharedFind(reader, hash, keyBits, keyAddress, valueOut, false);
        } finally {
            Readers.exit(reader);
        }
    }

    /** contains says whether the key (bits, address) is present; from any thread, as {@link #get64}. */
    boolean contains(long hash, long keyBits, long keyAddress) {
        if (readsDirectly()) {
            checkRead();
            return find(hash, keyBits, keyAddress) != 0;
        }
        return sharedContains(hash, keyBits, keyAddress);
    }

    /** sharedContains is {@link #contains} through the reader protocol whatever the calling thread (see {@link #sharedGet64}). */
    boolean sharedContains(long hash, long keyBits, long keyAddress) {
        Readers.Slot reader = Readers.enter();
        try {
            checkOpen();
            return sharedFind(reader, hash, keyBits, keyAddress, 0, layout.is64() && keys.bits);
        } finally {
            Readers.exit(reader);
        }
    }

    /**
     * followFile makes a read-only table over a file take the newest shape its writer published
     * ({@link FileView#follow}) and returns that record's number; 0 for any other table. O(1)
     * when nothing changed.
     */
    long followFile() {
        return view == null ? 0 : view.follow(this).seq;
    }

    /** fileUnchanged says whether the writer published no record since number {@code seq} ({@link #followFile}); true for other tables. */
    boolean fileUnchanged(long seq) {
        return view == null || view.unchanged(seq);
    }

    /**
     * writerGone says whether this read-only table's file has no writer any more while the
     * record it follows is still the newest, so a change left under way will not end until a
     * new writer opens the file; false for any other table. A system call at most once per record.
     */
    boolean writerGone() {
        return view != null && view.writerGone(view.current());
    }

    /** checkOpen throws IllegalStateException when the map is closed; for reads on any thread. */
    void checkOpen() {
        if ((int) STATE.getAcquire(this) == CLOSED) {
            throw stateError("read");
        }
    }

    /**
     * sharedLookup copies the live value of the key (bits, address) to {@code valueOut} and
     * returns true, or returns false when absent, for a caller already inside a read (holding
     * {@code reader}): an iteration on a thread that is not the writer.
     */
    boolean sharedLookup(Readers.Slot reader, long hash, long keyBits, long keyAddress, long valueOut) {
        return sharedFind(reader, hash, keyBits, keyAddress, valueOut, false);
    }

    /** What one pass of a reader's probe found. */
    private static final int FOUND = 1;
    private static final int ABSENT = 0;
    private static final int AGAIN = -1;

    /**
     * sharedFind is Go's mapaccess for a thread that is not the writer, seqlock style: it reads
     * the table's shape, the version of the chain it will read (waiting out a change in progress,
     * which is one bucket write), the chain, and then checks that neither the version, nor a
     * clear, nor the shape changed; if any did, it goes round again. A found value is copied out
     * (to {@code reader.value} for 8-byte values, else to {@code valueOut}) inside the checked
     * window, so it is never torn and never another key's. The caller holds a {@link Readers}
     * slot, so nothing it reads is freed meanwhile.
     */
    private boolean sharedFind(Readers.Slot reader, long hash, long keyBits, long keyAddress, long valueOut, boolean is64) {
        if (view != null) {
            return followingFind(reader, keyBits, keyAddress, valueOut, is64);
        }
        final long top = Tophash.broadcast(Tophash.tophash(hash));
        while (true) {
            long clearing = (long) CLEARS.getAcquire(this);
            Generation now = (Generation) BUCKETS.getAcquire(this);
            Generation old = (Generation) OLDBUCKETS.getAcquire(this);
            int found = (clearing & 1) != 0 ? BUSY : readChain(reader, now, old, hash, top, keyBits, keyAddress, valueOut, is64);
            if (found == BUSY) {
                Thread.onSpinWait(); // a clear or a change of this chain is under way
                continue;
            }
            if (found != AGAIN && (long) CLEARS.getAcquire(this) == clearing
                && BUCKETS.getAcquire(this) == now && OLDBUCKETS.getAcquire(this) == old) {
                return found == FOUND;
            }
        }
    }

    /** What {@link #readChain} found when the writer is changing the chain: wait, or ask why. */
    private static final int BUSY = -2;

    /**
     * readChain is one pass of a reader's probe in the table shaped {@code now} and {@code old}:
     * Go's choice of the old chain while a grow has not evacuated it, the chain's version (BUSY
     * when odd: a change under way), the chain, and the version again (AGAIN when it moved).
     * The caller checks that the shape itself did not change.
     */
    private int readChain(Readers.Slot reader, Generation now, Generation old, long hash, long top, long keyBits,
                          long keyAddress, long valueOut, boolean is64) {
        Generation g = now;
        long index = hash & now.mask;
        int version = 0;
        if (old != null) {
            // The old chain's version is read before its evacuation mark: an evacuation that
            // ends after this read changes the version, and one that ended before is seen.
            long oldIndex = hash & old.mask;
            version = old.version(oldIndex);
            if ((version & 1) == 0 && !Tophash.evacuated(getByte(old.headAddress(oldIndex)) & 0xFF)) {
                g = old;
                index = oldIndex;
            }
        }
        if (g == now && (version & 1) == 0) {
            version = now.version(index);
        }
        if ((version & 1) != 0) {
            return BUSY;
        }
        assert Readers.pause();
        int found = is64 ? probe64(reader, g, index, version, top, keyBits)
            : probe(g, index, version, top, keyBits, keyAddress, valueOut);
        return found != AGAIN && g.unchanged(index, version) ? found : AGAIN;
    }

    /** Spins on an odd version between two asks whether a file's writer is gone. */
    static final int SPINS_PER_WRITER_CHECK = 1 << 12;

    /**
     * followingFind is {@link #sharedFind} for a read-only table over a file that a writer in any
     * process may be changing: the shape (generations, hash0, a clear under way) comes from the
     * newest record the writer published ({@link FileView#follow}), the key is hashed under it,
     * and the read counts only if no record was published meanwhile, since the writer may have
     * freed or reused a region the shape names. A change that stays under way while no process
     * holds the writer's lock was cut short by a killed writer: then the read takes the table
     * as the writer left it ({@link #cutFind}).
     */
    private boolean followingFind(Readers.Slot reader, long keyBits, long keyAddress, long valueOut, boolean is64) {
        int spins = 0;
        while (true) {
            FileView.Shape shape = view.follow(this);
            long hash = shape.hash(keys, keyBits, keyAddress);
            long top = Tophash.broadcast(Tophash.tophash(hash));
            int found = shape.clearing ? BUSY
                : readChain(reader, shape.now, shape.old, hash, top, keyBits, keyAddress, valueOut, is64);
            if (found == BUSY) {
                if (++spins % SPINS_PER_WRITER_CHECK != 0 || !view.writerGone(shape)) {
                    Thread.onSpinWait(); // a change under way, as in sharedFind
                    continue;
                }
                // A clear cut short is finished by the next writer: the map was empty from its start.
                found = shape.clearing ? ABSENT : cutFind(reader, shape, hash, top, keyBits, keyAddress, valueOut, is64);
            }
            if (found != AGAIN && view.unchanged(shape)) {
                return found == FOUND;
            }
        }
    }

    /**
     * cutFind looks the key up in a table whose writer was killed in the middle of a change, as
     * {@link Recovery} will repair it: an old chain whose evacuation was cut short still holds
     * every entry it had (evacuation copies, then marks), so it is searched whole, marked cells
     * included; otherwise the chain the grow put the key in. An insert cut short is invisible
     * (its tophash byte is written last), a delete is either done or not.
     */
    private int cutFind(Readers.Slot reader, FileView.Shape shape, long hash, long top, long keyBits, long keyAddress,
                        long valueOut, boolean is64) {
        Generation g = shape.now;
        long index = hash & g.mask;
        if (shape.old != null && !evacuatedWhole(shape.old, hash & shape.old.mask)) {
            g = shape.old;
            index = hash & g.mask;
        }
        int version = g.version(index);
        long b = g.headAddress(index);
        int tophash = Tophash.tophash(hash);
        while (true) {
            for (int i = 0; i < SLOTS; i++) {
                int cell = getByte(tophashAddress(b, i)) & 0xFF;
                boolean candidate = cell == tophash || cell == Tophash.EVACUATED_X || cell == Tophash.EVACUATED_Y;
                if (candidate && keys.matches(layout.keyAddress(b, i), keyBits, keyAddress)) {
                    if (is64) {
                        reader.value = getLong(layout.valueAddress(b, i));
                    } else if (valueOut != 0) {
                        Bytes.copy(layout.valueAddress(b, i), valueOut, layout.valueWidth);
                    }
                    return FOUND;
                }
            }
            long next = getLong(layout.overflowAddress(b));
            if (next == NO_OVERFLOW) {
                return ABSENT;
            }
            if (!g.unchanged(index, version) || (b = g.readerBucketAddress(next)) == 0) {
                return AGAIN;
            }
        }
    }

    /**
     * evacuatedWhole says whether old chain {@code index} was evacuated to the end: its head is
     * marked (evacuation marks every cell it passes, empty ones too) and no cell is still live.
     */
    boolean evacuatedWhole(Generation old, long index) {
        if (!Tophash.evacuated(getByte(old.headAddress(index)) & 0xFF)) {
            return false;
        }
        for (long b = old.headAddress(index); b != 0; ) {
            for (int i = 0; i < SLOTS; i++) {
                if ((getByte(tophashAddress(b, i)) & 0xFF) >= Tophash.MIN_TOP_HASH) {
                    return false;
                }
            }
            long next = getLong(layout.overflowAddress(b));
            b = next == NO_OVERFLOW ? 0 : old.readerBucketAddress(next);
        }
        return true;
    }

    /** probe64 reads one chain for an 8-byte key, for {@link #sharedFind}; AGAIN on a link it cannot follow. */
    private static int probe64(Readers.Slot reader, Generation g, long index, int version, long top, long key) {
        long b = g.headAddress(index);
        while (true) {
            long word = getLong(b);
            for (long m = Tophash.matchByte(word, top); m != 0; m &= m - 1) {
                int i = Tophash.firstSlot(m);
                if (getLong(BucketLayout.key64Address(b, i)) == key) {
                    reader.value = getLong(BucketLayout.value64Address(b, i));
                    return FOUND;
                }
            }
            if (Tophash.hasEmptyRest(word)) {
                return ABSENT;
            }
            long next = getLong(BucketLayout.overflow64Address(b));
            if (next == NO_OVERFLOW) {
                return ABSENT;
            }
            // A link read mid-change may be anything, even a loop: check before following it.
            if (!g.unchanged(index, version) || (b = g.readerBucketAddress(next)) == 0) {
                return AGAIN;
            }
        }
    }

    /** probe is {@link #probe64} for any widths, copying a found value to {@code valueOut} unless it is 0. */
    private int probe(Generation g, long index, int version, long top, long keyBits, long keyAddress, long valueOut) {
        final BucketLayout layout = this.layout;
        long b = g.headAddress(index);
        while (true) {
            long word = getLong(b);
            for (long m = Tophash.matchByte(word, top); m != 0; m &= m - 1) {
                int i = Tophash.firstSlot(m);
                if (keys.matches(layout.keyAddress(b, i), keyBits, keyAddress)) {
                    if (valueOut != 0) {
                        Bytes.copy(layout.valueAddress(b, i), valueOut, layout.valueWidth);
                    }
                    return FOUND;
                }
            }
            if (Tophash.hasEmptyRest(word)) {
                return ABSENT;
            }
            long next = getLong(layout.overflowAddress(b));
            if (next == NO_OVERFLOW) {
                return ABSENT;
            }
            if (!g.unchanged(index, version) || (b = g.readerBucketAddress(next)) == 0) {
                return AGAIN;
            }
        }
    }

    // ---------------------------------------------------------------- assign (mapassign)

    /**
     * put stores the value encoded at {@code valueSource} under the key (bits, address),
     * inserting the key when absent. When the key was present its old value's bytes are first
     * copied to {@code previousOut}. Returns true when the key was present. Caller holds the
     * write flag. On a failed allocation nothing that lookups can see has changed.
     */
    boolean put(long hash, long keyBits, long keyAddress, long valueSource, long previousOut) {
        long found = locate(hash, keyBits, keyAddress);
        int width = layout.valueWidth;
        int group = changing(hash);
        if (found > 0) {
            Bytes.copy(found, previousOut, width);
            Bytes.copy(valueSource, found, width);
            changed(group);
            return true;
        }
        long free = ~found;
        long b = BucketLayout.bucketOf(free);
        int i = BucketLayout.slotOf(free);
        keys.store(layout.keyAddress(b, i), keyBits, keyAddress);
        Bytes.copy(valueSource, layout.valueAddress(b, i), width);
        filled(free, hash, group);
        return false;
    }

    /**
     * put64 is {@link #put} for 8-byte keys and values (Go's mapassign_fast64): stores
     * {@code value} under {@code key} and returns the previous value, or {@code absent} when the
     * key was inserted. Only for {@link BucketLayout#is64()}.
     */
    long put64(long hash, long key, long value, long absent) {
        long found = locate64(hash, key);
        if (found > 0) {
            long previous = getLong(found);
            int group = changing(hash);
            putLong(found, value);
            changed(group);
            return previous;
        }
        insert64(~found, hash, key, value);
        return absent;
    }

    /**
     * putIfAbsent64 inserts {@code value} under {@code key} when absent and returns
     * {@code absent}; when present it changes nothing and returns the current value.
     */
    long putIfAbsent64(long hash, long key, long value, long absent) {
        long found = locate64(hash, key);
        if (found > 0) {
            return getLong(found);
        }
        insert64(~found, hash, key, value);
        return absent;
    }

    /**
     * addTo64 adds {@code delta} to the value of {@code key}, starting from {@code absent} when
     * the key is absent, and returns the new value.
     */
    long addTo64(long hash, long key, long delta, long absent) {
        long found = locate64(hash, key);
        if (found > 0) {
            long value = getLong(found) + delta;
            int group = changing(hash);
            putLong(found, value);
            changed(group);
            return value;
        }
        long value = absent + delta;
        insert64(~found, hash, key, value);
        return value;
    }

    private void insert64(long free, long hash, long key, long value) {
        long b = BucketLayout.bucketOf(free);
        int i = BucketLayout.slotOf(free);
        int group = changing(hash);
        putLong(BucketLayout.key64Address(b, i), key);
        putLong(BucketLayout.value64Address(b, i), value);
        filled(free, hash, group);
    }

    /**
     * changing opens a change to the chain of {@code hash}'s head bucket in the current
     * generation (its version odd, see {@link Generation#beginChange}) and returns its group.
     */
    private int changing(long hash) {
        Generation g = buckets;
        return g.beginChange(hash & g.mask);
    }

    /** changed closes the change {@link #changing} opened. */
    private void changed(int group) {
        buckets.endChange(group);
    }

    /**
     * filled makes a free slot full, once its key and value are written, and closes the change
     * {@code group}: the tophash byte is written last, so no file ever holds a half-written
     * entry. O(1), or the ask for the next generation when the count reaches its threshold.
     */
    private void filled(long tophashAddress, long hash, int group) {
        // StoreStore: a file never holds the tophash of an entry whose key or value is not there
        VarHandle.storeStoreFence();
        putByte(tophashAddress, (byte) Tophash.tophash(hash));
        changed(group);
        setCount(count + 1);
        changes++;
        if (preparation.due(count)) {
            preparation.ask(this);
        }
    }

    /**
     * locate is the search half of Go's mapassign: does this write's grow work, then returns the
     * address of the key's value when present (a positive number), or, when absent, the bitwise
     * complement of the tophash address of a free slot where it may go (a negative number; see
     * {@link BucketLayout#bucketOf}). Before it reports a free slot it has grown the table if
     * the insert would overload it, and linked an overflow bucket if the chain was full; nothing
     * is written into the slot. On a failed allocation nothing that lookups can see has changed.
     */
    private long locate(long hash, long keyBits, long keyAddress) {
        final BucketLayout layout = this.layout;
        final Keys keys = this.keys;
        final long topWord = Tophash.broadcast(Tophash.tophash(hash));
        while (true) {
            if (growing()) {
                Growth.growWork(this, hash & buckets.mask);
            }
            Generation g = buckets;
            long b = g.headAddress(hash & g.mask);
            long free = 0;
            while (true) {
                long word = getLong(b);
                for (long m = Tophash.matchByte(word, topWord); m != 0; m &= m - 1) {
                    int i = Tophash.firstSlot(m);
                    if (keys.matches(layout.keyAddress(b, i), keyBits, keyAddress)) {
                        return layout.valueAddress(b, i);
                    }
                }
                if (free == 0) {
                    free = firstEmpty(b, word);
                }
                if (Tophash.hasEmptyRest(word)) {
                    break;
                }
                long next = getLong(layout.overflowAddress(b));
                if (next == NO_OVERFLOW) {
                    break;
                }
                b = g.bucketAddress(next);
            }
            if (!growBeforeInsert()) {
                return ~(free != 0 ? free : tophashAddress(newOverflow(g, b), 0));
            }
        }
    }

    /** locate64 is {@link #locate} for 8-byte keys, comparing each key as one word at constant offsets. */
    private long locate64(long hash, long key) {
        final long topWord = Tophash.broadcast(Tophash.tophash(hash));
        while (true) {
            if (growing()) {
                Growth.growWork(this, hash & buckets.mask);
            }
            Generation g = buckets;
            long b = g.headAddress(hash & g.mask);
            long free = 0;
            while (true) {
                long word = getLong(b);
                for (long m = Tophash.matchByte(word, topWord); m != 0; m &= m - 1) {
                    int i = Tophash.firstSlot(m);
                    if (getLong(BucketLayout.key64Address(b, i)) == key) {
                        return BucketLayout.value64Address(b, i);
                    }
                }
                if (free == 0) {
                    free = firstEmpty(b, word);
                }
                if (Tophash.hasEmptyRest(word)) {
                    break;
                }
                long next = getLong(BucketLayout.overflow64Address(b));
                if (next == NO_OVERFLOW) {
                    break;
                }
                b = g.bucketAddress(next);
            }
            if (!growBeforeInsert()) {
                return ~(free != 0 ? free : tophashAddress(newOverflow(g, b), 0));
            }
        }
    }

    /** firstEmpty is the tophash address of bucket {@code b}'s first empty slot, or 0 when it has none. */
    private static long firstEmpty(long b, long tophashWord) {
        long empty = Tophash.matchEmpty(tophashWord);
        return empty == 0 ? 0 : tophashAddress(b, Tophash.firstSlot(empty));
    }

    /**
     * growBeforeInsert starts a grow when one more entry would overload the table or it has too
     * many overflow buckets, as Go does before taking a slot; the caller then searches again.
     * Returns whether it started one.
     */
    private boolean growBeforeInsert() {
        if (growing() || !(Growth.overLoadFactor(count + 1, log2Buckets)
            || Growth.tooManyOverflowBuckets(noverflow, log2Buckets))) {
            return false;
        }
        Growth.hashGrow(this);
        return true;
    }

    /**
     * newOverflow is Go's newoverflow: takes the next overflow bucket of {@code g}, links it
     * after bucket {@code b} and counts it in noverflow. Returns the new bucket's address.
     */
    long newOverflow(Generation g, long b) {
        long index = g.takeOverflow();
        incrNoverflow();
        // StoreStore: a reader that follows the link finds the bucket zeroed
        VarHandle.storeStoreFence();
        putLong(layout.overflowAddress(b), index);
        return g.bucketAddress(index);
    }

    /**
     * incrNoverflow is Go's incrnoverflow: exact below B=16, then counted with probability
     * {@code 2^-(B-15)} so that noverflow stays comparable with {@code 2^15}.
     */
    private void incrNoverflow() {
        if (log2Buckets < 16) {
            noverflow++;
            return;
        }
        long mask = (1L << (log2Buckets - 15)) - 1;
        if ((nextRandom() & mask) == 0) {
            noverflow++;
        }
    }

    // ---------------------------------------------------------------- delete (mapdelete)

    /**
     * delete removes the key and returns the address of its value slot, whose bytes stay readable
     * until the next write; 0 when absent. Caller holds the write flag.
     */
    long delete(long hash, long keyBits, long keyAddress) {
        if (count == 0) {
            return 0;
        }
        if (growing()) {
            Growth.growWork(this, hash & buckets.mask);
        }
        final BucketLayout layout = this.layout;
        final Generation g = buckets;
        final long head = g.headAddress(hash & g.mask);
        final long topWord = Tophash.broadcast(Tophash.tophash(hash));
        long b = head;
        while (true) {
            long word = getLong(b);
            for (long m = Tophash.matchByte(word, topWord); m != 0; m &= m - 1) {
                int i = Tophash.firstSlot(m);
                if (keys.matches(layout.keyAddress(b, i), keyBits, keyAddress)) {
                    emptied(g, head, b, i);
                    return layout.valueAddress(b, i);
                }
            }
            if (Tophash.hasEmptyRest(word)) {
                return 0;
            }
            long next = getLong(layout.overflowAddress(b));
            if (next == NO_OVERFLOW) {
                return 0;
            }
            b = g.bucketAddress(next);
        }
    }

    /**
     * remove64 is {@link #delete} for 8-byte keys and values: removes the key and returns its
     * value, or {@code absent} when the key is absent. Caller holds the write flag.
     */
    long remove64(long hash, long key, long absent) {
        if (count == 0) {
            return absent;
        }
        if (growing()) {
            Growth.growWork(this, hash & buckets.mask);
        }
        final Generation g = buckets;
        final long head = g.headAddress(hash & g.mask);
        final long topWord = Tophash.broadcast(Tophash.tophash(hash));
        long b = head;
        while (true) {
            long word = getLong(b);
            for (long m = Tophash.matchByte(word, topWord); m != 0; m &= m - 1) {
                int i = Tophash.firstSlot(m);
                if (getLong(BucketLayout.key64Address(b, i)) == key) {
                    long value = getLong(BucketLayout.value64Address(b, i));
                    emptied(g, head, b, i);
                    return value;
                }
            }
            if (Tophash.hasEmptyRest(word)) {
                return absent;
            }
            long next = getLong(BucketLayout.overflow64Address(b));
            if (next == NO_OVERFLOW) {
                return absent;
            }
            b = g.bucketAddress(next);
        }
    }

    /**
     * emptied marks slot {@code i} of bucket {@code b} (in the chain that starts at
     * {@code head}) empty and counts the removal; a map that becomes empty draws a new hash0, as Go's does.
     */
    private void emptied(Generation g, long head, long b, int i) {
        // No version change: a delete only empties tophash bytes, and a reader may see any prefix
        // of those stores (an emptyRest is only written where nothing live follows). Its key and
        // value stay until an insert reuses the slot, and that insert changes the version.
        putByte(tophashAddress(b, i), (byte) EMPTY_ONE);
        markEmptyRest(g, head, b, i);
        setCount(count - 1);
        changes++;
        if (count == 0) {
            reseed();
            persist(false);
        }
    }

    /**
     * markEmptyRest turns the run of emptyOne cells that ends at the just-emptied slot into
     * emptyRest when nothing live follows it, walking backwards across buckets as Go does.
     */
    private void markEmptyRest(Generation g, long head, long b, int i) {
        if (i == SLOTS - 1) {
            long next = getLong(layout.overflowAddress(b));
            if (next != NO_OVERFLOW && getByte(tophashAddress(g.bucketAddress(next), 0)) != EMPTY_REST) {
                return;
            }
        } else if (getByte(tophashAddress(b, i + 1)) != EMPTY_REST) {
            return;
        }
        while (true) {
            putByte(tophashAddress(b, i), (byte) EMPTY_REST);
            if (i == 0) {
                if (b == head) {
                    return;
                }
                long c = b;
                b = head;
                while (true) {
                    long next = g.bucketAddress(getLong(layout.overflowAddress(b)));
                    if (next == c) {
                        break;
                    }
                    b = next;
                }
                i = SLOTS - 1;
            } else {
                i--;
            }
            if (getByte(tophashAddress(b, i)) != EMPTY_ONE) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- clear (mapclear)

    /** clearAsWriter is {@link #clear()} under the writer flag, for the public maps. */
    void clearAsWriter() {
        beginWrite();
        try {
            clear();
        } finally {
            endWrite();
        }
    }

    /**
     * clear empties the table, keeping B as Go does: frees the old and retired generations,
     * zeroes the current one (O(table)), draws a new hash0. Caller holds the write flag.
     */
    void clear() {
        // A file records that a clear is under way: a writer killed half-way leaves buckets
        // half zeroed, and reopening finishes the clear instead of reading them.
        persist(true);
        CLEARS.setOpaque(this, clears + 1);
        // StoreStore: readers see the clear begin (an odd count) before any bucket is zeroed
        VarHandle.storeStoreFence();
        if (oldbuckets != null) {
            Generation old = oldbuckets;
            OLDBUCKETS.setRelease(this, (Generation) null);
            retire(old, true);
        }
        synchronized (retired) {
            for (Generation r : retired) {
                r.free();
            }
            retired.clear();
        }
        preparation.discard();
        buckets.resetOverflow();
        buckets.zeroHeads();
        sameSizeGrow = false;
        nevacuate = 0;
        noverflow = 0;
        setCount(0L);
        changes++;
        reseed();
        // release: the zeroed table is visible before the clear's end
        CLEARS.setRelease(this, clears + 1);
        persist(false);
        preparation.rearm(this);
    }

    /**
     * retire drops a generation the table no longer uses: freed now, or (when an iterator
     * still reads it and {@code force} is false) once the last such iterator lets go.
     */
    private void retire(Generation g, boolean force) {
        synchronized (retired) {
            g.retired = true;
            if (force || g.pins.get() == 0) {
                g.free();
            } else {
                retired.add(g);
            }
        }
    }

    /**
     * unpin is called when an iteration stops reading {@code g}, from whichever thread ran it
     * (or the Cleaner, for an abandoned iterator); the last one frees a retired generation.
     */
    void unpin(Generation g) {
        if (g.pins.decrementAndGet() == 0 && g.retired) {
            synchronized (retired) {
                if (!g.isFreed()) {
                    g.free();
                    retired.remove(g);
                }
            }
        }
    }

    long offHeapBytes() {
        long bytes = buckets.offHeapBytes() + preparation.offHeapBytes();
        if (oldbuckets != null) {
            bytes += oldbuckets.offHeapBytes();
        }
        synchronized (retired) {
            for (Generation r : retired) {
                bytes += r.offHeapBytes();
            }
        }
        return bytes;
    }

    // ---------------------------------------------------------------- transitions (Growth, Recovery)

    /**
     * startGrow makes {@code next} the current generation and the current one the old
     * generation being evacuated: Go's hashGrow after its allocation. {@code sameSize} for a
     * grow that repacks overflow chains instead of doubling. Recorded in the file before any
     * bucket of {@code next} is written. O(1).
     */
    void startGrow(Generation next, boolean sameSize) {
        assert !growing() && next.log2Buckets == log2Buckets + (sameSize ? 0 : 1);
        sameSizeGrow = sameSize;
        buckets.withdrawSpare(); // a generation being evacuated adds no chunks
        // release, old first: a reader that sees the new generation also sees the old one
        OLDBUCKETS.setRelease(this, buckets);
        BUCKETS.setRelease(this, next);
        log2Buckets = next.log2Buckets;
        nevacuate = 0;
        noverflow = 0;
        watchChunks(next);
        persist(false);
    }

    /**
     * follow makes a read-only table take the shape its writer published ({@link FileView}):
     * its generations, whether a grow repacks or doubles, and hash0. Generations
     * {@code previous} had and {@code next} has not are retired (freed once no read or
     * iteration is in them). A new hash0 ends iterations, as a clear does. Called by the view,
     * under its lock.
     */
    void follow(FileView.Shape next, FileView.Shape previous) {
        assert readOnly;
        log2Buckets = next.now.log2Buckets;
        sameSizeGrow = next.old != null && next.old.log2Buckets == next.now.log2Buckets;
        OLDBUCKETS.setRelease(this, next.old);
        BUCKETS.setRelease(this, next.now);
        if (next.hash0 != hash0) {
            hash0 = next.hash0;
            bytesHash = keys.bits ? null : Hashing.bytesHash(hash0);
            CLEARS.setRelease(this, clears + 2);
        }
        for (Generation g : new Generation[] {previous.now, previous.old}) {
            if (g != null && g != next.now && g != next.old) {
                retire(g, false);
            }
        }
    }

    /**
     * takePrepared hands a doubling grow the next generation the housekeeper prepared, or null
     * when none is ready. O(1).
     */
    Generation takePrepared() {
        return preparation.take(log2Buckets + 1);
    }

    /**
     * evacuatedUpTo records that every old bucket below {@code mark} is evacuated (Go's
     * nevacuate), and ends the grow when that is all of them.
     */
    void evacuatedUpTo(long mark) {
        assert growing() && mark >= nevacuate && mark <= oldbuckets.bucketCount;
        nevacuate = mark;
        if (mark == oldbuckets.bucketCount) {
            finishGrow(false);
        }
    }

    /**
     * finishGrow ends a grow whose old buckets are all evacuated: the old generation is retired
     * (freed at once with {@code force}, else once no iteration reads it), after the file
     * records that the table no longer uses it, since its region may then be reused.
     */
    void finishGrow(boolean force) {
        Generation old = oldbuckets;
        OLDBUCKETS.setRelease(this, (Generation) null);
        sameSizeGrow = false;
        persist(false);
        retire(old, force);
        preparation.rearm(this);
    }

    /**
     * restore sets the counters that {@link Recovery} recomputed from a file's buckets after a
     * writer was killed, and records them; a grow whose every old bucket proved evacuated ends.
     */
    void restore(long count, long noverflow, long nevacuate) {
        setCount(count);
        this.noverflow = noverflow;
        this.nevacuate = nevacuate;
        if (growing() && nevacuate == oldbuckets.bucketCount) {
            finishGrow(true);
        } else {
            persist(false);
        }
    }

    // ---------------------------------------------------------------- reading the state

    /** retired lists the generations a finished grow left for running iterations to let go of. O(retired). */
    List<Generation> retired() {
        synchronized (retired) {
            return List.copyOf(retired);
        }
    }

    BucketLayout layout() {
        return layout;
    }

    Keys keys() {
        return keys;
    }

    SegmentOwner owner() {
        return owner;
    }

    /** file is the table's file, or null for a table in memory. */
    TableFile file() {
        return file;
    }

    /** count is the number of entries. Reads it as the writer last left it. */
    long count() {
        return view != null ? view.count() : (long) COUNT.getOpaque(this);
    }

    /**
     * setCount sets the entry count, and the file's live count word, which readers in other
     * processes read. O(1).
     */
    private void setCount(long n) {
        COUNT.setOpaque(this, n);
        if (countWord != 0) {
            UnsafeApi.putLongOpaque(null, countWord, n);
        }
    }

    /**
     * announceWriter publishes a state record before a writer that opened the file changes
     * anything, so readers that found the last writer gone ask again (and wait on its repairs).
     * {@code clearing} keeps a clear that the last writer left under way.
     */
    void announceWriter(boolean clearing) {
        file.save(this, clearing);
    }

    /**
     * settleOpened makes every version word even and stores the count, once a writer's open has
     * recovered the table: a killed writer left the group it was changing odd. O(version words).
     */
    void settleOpened() {
        buckets.settleVersions();
        if (oldbuckets != null) {
            oldbuckets.settleVersions();
        }
        setCount(count);
    }

    int log2Buckets() {
        return log2Buckets;
    }

    long noverflow() {
        return noverflow;
    }

    long hash0() {
        return hash0;
    }

    boolean sameSizeGrow() {
        return sameSizeGrow;
    }

    /** buckets is the current generation, as the writer last published it (acquire: any thread). */
    Generation buckets() {
        return (Generation) BUCKETS.getAcquire(this);
    }

    /** oldbuckets is the generation being evacuated, or null when not growing. */
    Generation oldbuckets() {
        return (Generation) OLDBUCKETS.getAcquire(this);
    }

    long nevacuate() {
        return nevacuate;
    }

    /** clears counts the clears so far; an iteration that started before one ends. */
    long clears() {
        return (long) CLEARS.getAcquire(this);
    }

    /**
     * iterationStart is the random number an iteration starts from: the same while the map is
     * unchanged, so every view and every pass of an unchanged map sees one order, and a new one
     * after any insert, delete or clear, so no caller can come to depend on an order. O(1);
     * writes nothing, so readers may call it.
     */
    long iterationStart() {
        return Hashing.mix(hash0 + changes * 0x9E3779B97F4A7C15L);
    }
}
