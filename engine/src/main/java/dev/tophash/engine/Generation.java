package dev.tophash.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.UnsafeApi;

/**
 * One table generation: {@code 2^B} head buckets followed, in the same segment, by the
 * preallocated overflow buckets ({@code 2^(B-4)} when {@code B >= 4}, none below), plus any
 * overflow chunks added once those run out.
 *
 * <h2>Bucket indexes</h2>
 * Every bucket of a generation has an index: {@code 0 .. 2^B-1} are the head buckets,
 * {@code 2^B ..} the preallocated pool, and the chunks continue the numbering, each holding
 * {@code chunkBuckets} buckets. Overflow links store these indexes, so the index space is
 * contiguous: {@link #nextOverflow} simply counts up from {@code 2^B} and a new chunk extends
 * {@link #overflowLimit}. Go marks the last pool bucket with a sentinel pointer instead; a
 * cursor and a limit say the same thing without writing into the bucket.
 *
 * <h2>When the pool runs out</h2>
 * A new chunk of {@code max(8, 2^(B-4))} buckets is allocated (one allocation, never zeroed
 * in bulk). Chunks are freed with the generation. Allocating a chunk is the only way an
 * overflow request can fail, and callers reserve what they need before they change anything.
 * A large in-memory generation has its next chunk allocated and faulted in ahead, on
 * {@link Prefault}'s thread, once half of the last free stretch is handed out: the
 * {@link #spare}, which the next chunk takes instead of allocating.
 *
 * <h2>Zeroing</h2>
 * A generation made for growth is not zeroed: evacuation zeroes a head bucket just before it
 * fills it, and every overflow bucket is zeroed when it is handed out, so no operation zeroes
 * the whole table. A generation made by {@code build()} or {@code clear()} is zeroed once, at
 * that call.
 */
final class Generation {
    /**
     * Version words per generation at most. Only the group the writer is changing is odd at any
     * moment, so a reader meets it rarely even with few groups; few groups keep the words the
     * writer bumps on every write in its nearest cache (16 KiB) instead of costing a cache miss.
     */
    static final int MAX_VERSIONS = 1 << 12;
    private static final VarHandle CHUNK_BASES;

    static {
        try {
            CHUNK_BASES = MethodHandles.lookup().findVarHandle(Generation.class, "chunkBases", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int log2Buckets;
    final long bucketCount;
    final long mask;
    final long preallocatedOverflow;
    final BucketLayout layout;

    private final SegmentOwner owner;
    private final Segment main;
    private final long mainBuckets;
    private final long base;
    private final long bucketSize;
    private final int chunkShift;

    /**
     * Seqlock words, one int per group of head buckets ({@code index & versionMask}): odd while
     * the writer changes a chain of the group, bumped again when it is done. They sit in the
     * generation's own segment, after the buckets, so that a file-backed table's readers in
     * other processes read the same words the writer bumps, and they go away with it.
     */
    private final long versionBase;
    private final int versionMask;
    private Segment[] chunks = new Segment[0];
    private long[] chunkBases = new long[0];
    /** The index of the next free overflow bucket, Go's {@code nextOverflow}. */
    private long nextOverflow;
    /** One past the last overflow index allocated so far (pool plus chunks). */
    private long overflowLimit;
    /** Iterations that may still read this generation; it is not freed while any remain. */
    final AtomicInteger pins = new AtomicInteger();
    /** Set when the map no longer uses this generation; freed once unpinned. */
    volatile boolean retired;
    /**
     * The number of the first file state record that named this generation (see
     * {@link FileFormat}); 0 in memory, or until the first record.
     */
    private long born;
    /** Told after a chunk is added, before it is used: a file-backed table records it. */
    Runnable chunkAdded;
    /**
     * The next chunk, allocated and faulted in by {@link Prefault}'s thread; usually empty.
     * The writer's next chunk takes it; {@link #withdrawSpare} (a clear, a grow that retires
     * this generation, or its release, on whichever thread) gives it back.
     */
    private final Handoff<Segment> spare = new Handoff<>();
    /** The overflow index whose hand-out asks for a spare; Long.MAX_VALUE for never. */
    private long spareAt;
    /** Prefault's task that answers this generation's spare requests; null if it never asks. */
    private final Prefault.SpareTask spareTask;

    private Generation(SegmentOwner owner, BucketLayout layout, int log2Buckets, Segment main) {
        this.owner = owner;
        this.layout = layout;
        this.log2Buckets = log2Buckets;
        this.bucketCount = 1L << log2Buckets;
        this.mask = bucketCount - 1;
        this.preallocatedOverflow = preallocatedOverflow(log2Buckets);
        this.main = main;
        this.mainBuckets = bucketCount + preallocatedOverflow;
        this.base = main.address;
        this.bucketSize = layout.bucketSize;
        this.chunkShift = chunkShift(log2Buckets);
        this.nextOverflow = bucketCount;
        this.overflowLimit = mainBuckets;
        this.versionBase = base + mainBuckets * bucketSize;
        this.versionMask = versionWords(log2Buckets) - 1;
        this.spareAt = Prefault.spareAt(owner, this);
        // Made now, with the generation, so that asking for a spare allocates nothing on a put.
        this.spareTask = spareAt == Long.MAX_VALUE ? null : new Prefault.SpareTask(owner, this);
    }

    /** preallocatedOverflow is Go's pool size: {@code 2^(B-4)} overflow buckets when {@code B >= 4}. */
    static long preallocatedOverflow(int log2Buckets) {
        return log2Buckets >= 4 ? 1L << (log2Buckets - 4) : 0;
    }

    private static int chunkShift(int log2Buckets) {
        return Math.max(3, log2Buckets - 4);
    }

    /** chunkBuckets is the size of one overflow chunk: {@code max(8, 2^(B-4))} buckets. */
    static long chunkBuckets(int log2Buckets) {
        return 1L << chunkShift(log2Buckets);
    }

    /** versionWords is how many version words a generation with this B has: one per head bucket, at most {@link #MAX_VERSIONS}. */
    static int versionWords(int log2Buckets) {
        return 1 << Math.min(log2Buckets, Integer.numberOfTrailingZeros(MAX_VERSIONS));
    }

    /**
     * bytesFor says how many bytes the main segment of a generation with this B takes: head
     * buckets, the preallocated pool, and the version words (rounded up to 8 bytes).
     */
    static long bytesFor(BucketLayout layout, int log2Buckets) {
        long buckets = (1L << log2Buckets) + preallocatedOverflow(log2Buckets);
        long versions = ((long) versionWords(log2Buckets) * Integer.BYTES + 7) & -8L;
        return Math.addExact(Math.multiplyExact(buckets, layout.bucketSize), versions);
    }

    /**
     * allocate makes a generation of {@code 2^log2Buckets} buckets. With {@code zeroed} the
     * head buckets are all emptyRest on return (O(table)); without, the caller zeroes each head
     * bucket before its first use. Throws {@link OffHeapAllocationException} with nothing held.
     */
    static Generation allocate(SegmentOwner owner, BucketLayout layout, int log2Buckets, boolean zeroed) {
        Segment main = owner.allocate(bytesFor(layout, log2Buckets), what(log2Buckets));
        Generation generation = new Generation(owner, layout, log2Buckets, main);
        generation.zeroVersions();
        if (zeroed) {
            generation.zeroHeads();
        }
        return generation;
    }

    /**
     * allocateIfOpen is {@link #allocate} without zeroing, for a background thread: null when
     * the map has closed meanwhile.
     */
    static Generation allocateIfOpen(SegmentOwner owner, BucketLayout layout, int log2Buckets) {
        Segment main = owner.allocateIfOpen(bytesFor(layout, log2Buckets), what(log2Buckets));
        if (main == null) {
            return null;
        }
        try {
            Generation generation = new Generation(owner, layout, log2Buckets, main);
            generation.zeroVersions();
            return generation;
        } catch (RuntimeException | Error e) {
            owner.release(main);
            throw e;
        }
    }

    private static String what(int log2Buckets) {
        return "a table of 2^" + log2Buckets + " buckets";
    }

    /**
     * adopt makes a generation over segments that already hold one (a file's regions, mapped),
     * as the file's state record describes them. O(chunks).
     */
    static Generation adopt(SegmentOwner owner, BucketLayout layout, int log2Buckets, Segment main,
                            Segment[] chunks, long nextOverflow, long born) {
        Generation g = new Generation(owner, layout, log2Buckets, main);
        g.born = born;
        for (Segment chunk : chunks) {
            g.adoptChunk(chunk);
        }
        g.nextOverflow = nextOverflow;
        return g;
    }

    /**
     * adoptChunk appends a mapped file region as this generation's next overflow chunk: for a
     * reader following a writer that added one. O(chunks).
     */
    void adoptChunk(Segment chunk) {
        int n = chunks.length;
        Segment[] moreChunks = Arrays.copyOf(chunks, n + 1);
        long[] moreBases = Arrays.copyOf(chunkBases, n + 1);
        moreChunks[n] = chunk;
        moreBases[n] = chunk.address;
        chunks = moreChunks;
        // release: a reader that follows a link into the chunk sees its base
        CHUNK_BASES.setRelease(this, moreBases);
        overflowLimit += 1L << chunkShift;
    }

    /** chunkCount is how many overflow chunks this generation has. */
    int chunkCount() {
        return chunks.length;
    }

    /** born is the number of the first file record that named this generation; 0 in memory or until then. */
    long born() {
        return born;
    }

    /** bornAt records {@code seq} as the first file record naming this generation, unless one did already. */
    void bornAt(long seq) {
        if (born == 0) {
            born = seq;
        }
    }

    /** nextOverflow is Go's nextOverflow: the index of the next overflow bucket to hand out. */
    long nextOverflow() {
        return nextOverflow;
    }

    /** overflowLimit is one past the last overflow bucket index allocated so far (pool and chunks). */
    long overflowLimit() {
        return overflowLimit;
    }

    /**
     * restoreOverflowCursor sets {@link #nextOverflow} to {@code next}, the index after the last
     * overflow bucket a chain links, for {@link Recovery}: a file's cursor may lag its links when
     * the writer was killed between the two.
     */
    void restoreOverflowCursor(long next) {
        nextOverflow = next;
    }

    /** main is the segment of the head buckets and the preallocated pool. */
    Segment main() {
        return main;
    }

    /** chunks are the overflow chunks added so far, in index order. */
    Segment[] chunks() {
        return chunks.clone();
    }

    /** zeroHeads sets every head bucket to all-emptyRest and empties the overflow pool. O(table). */
    void zeroHeads() {
        main.zero(0, bucketCount * bucketSize);
        nextOverflow = bucketCount;
    }

    /** headAddress returns the address of head bucket {@code index} ({@code index < 2^B}). */
    long headAddress(long index) {
        return base + index * bucketSize;
    }

    /**
     * bucketAddress returns the address of any bucket of this generation by its index. An index
     * outside the generation (only a corrupt file can hold one) throws instead of reading
     * outside the segment.
     */
    long bucketAddress(long index) {
        if (Long.compareUnsigned(index, mainBuckets) < 0) {
            return base + index * bucketSize;
        }
        if (Long.compareUnsigned(index, overflowLimit) >= 0) {
            throw new IllegalStateException("corrupt table: an overflow link points to bucket " + index
                + ", outside this generation's " + overflowLimit + " buckets");
        }
        long chunkIndex = index - mainBuckets;
        return chunkBases[(int) (chunkIndex >>> chunkShift)]
            + (chunkIndex & ((1L << chunkShift) - 1)) * bucketSize;
    }

    /**
     * readerBucketAddress is {@link #bucketAddress} for a reader racing the writer: an index it
     * read may be garbage, so one outside the generation (or past the chunks this reader can
     * see) gives 0 instead of throwing; the reader's version check then sends it round again.
     */
    long readerBucketAddress(long index) {
        if (Long.compareUnsigned(index, mainBuckets) < 0) {
            return base + index * bucketSize;
        }
        long[] bases = (long[]) CHUNK_BASES.getAcquire(this);
        long chunk = (index - mainBuckets) >>> chunkShift;
        if (Long.compareUnsigned(chunk, bases.length) >= 0) {
            return 0;
        }
        return bases[(int) chunk] + ((index - mainBuckets) & ((1L << chunkShift) - 1)) * bucketSize;
    }

    // ---------------------------------------------------------------- seqlock (shared access)

    /**
     * beginChange marks the chains of head bucket {@code index}'s group as changing (its version
     * odd) before the writer changes one of them, and returns the group. O(1).
     */
    int beginChange(long index) {
        long word = versionAddress((int) index & versionMask);
        UnsafeApi.putIntOpaque(null, word, UnsafeApi.getInt(word) + 1);
        // StoreStore: the odd version is visible before any byte of the change
        VarHandle.storeStoreFence();
        return (int) index & versionMask;
    }

    /** sameGroup says whether head buckets {@code a} and {@code b} share a version word. */
    boolean sameGroup(long a, long b) {
        return ((a ^ b) & versionMask) == 0;
    }

    /** endChange marks group {@code group} as settled again (version even). O(1). */
    void endChange(int group) {
        long word = versionAddress(group);
        // release: every byte of the change is visible before the even version
        UnsafeApi.putIntRelease(null, word, UnsafeApi.getInt(word) + 1);
    }

    /**
     * version is what a reader reads before it reads head bucket {@code index}'s chain: an odd
     * number means the writer is changing it. O(1).
     */
    int version(long index) {
        // acquire: the chain is read after the version
        return UnsafeApi.getIntAcquire(null, versionAddress((int) index & versionMask));
    }

    /** unchanged says whether head bucket {@code index}'s group still has version {@code v}. O(1). */
    boolean unchanged(long index, int v) {
        // LoadLoad: the chain was read before the version is read again
        VarHandle.loadLoadFence();
        return UnsafeApi.getIntAcquire(null, versionAddress((int) index & versionMask)) == v;
    }

    private long versionAddress(int group) {
        return versionBase + (long) group * Integer.BYTES;
    }

    /** zeroVersions sets every version word to 0, for a generation whose memory held anything before. O(words). */
    private void zeroVersions() {
        Bytes.zero(versionBase, (long) (versionMask + 1) * Integer.BYTES);
    }

    /**
     * settleVersions makes every odd version word even, for a writer that opened a file: a
     * killed writer leaves the group it was changing odd, and readers wait on an odd group
     * until the change ends, which the new writer's recovery has just done for it. O(words).
     */
    void settleVersions() {
        for (int group = 0; group <= versionMask; group++) {
            long word = versionAddress(group);
            int v = UnsafeApi.getInt(word);
            if ((v & 1) != 0) {
                UnsafeApi.putIntRelease(null, word, v + 1);
            }
        }
    }

    /** zeroBucket makes one bucket all-emptyRest with no overflow link. */
    void zeroBucket(long index) {
        Bytes.zero(bucketAddress(index), bucketSize);
    }

    /**
     * reserveOverflow makes sure {@code n} more overflow buckets can be handed out without an
     * allocation, adding chunks as needed. Throws {@link OffHeapAllocationException}, having
     * changed nothing that matters to lookups, when a chunk cannot be had.
     */
    void reserveOverflow(long n) {
        while (overflowLimit - nextOverflow < n) {
            addChunk();
        }
    }

    /**
     * takeOverflow hands out the next overflow bucket, zeroed, and returns its index. The caller
     * must have reserved it; O(bucket size).
     */
    long takeOverflow() {
        reserveOverflow(1);
        long index = nextOverflow++;
        zeroBucket(index);
        if (index == spareAt) {
            spareTask.ask(spare.ask());
        }
        return index;
    }

    /** overflowInUse counts the overflow buckets handed out so far (pool and chunks). */
    long overflowInUse() {
        return nextOverflow - bucketCount;
    }

    private void addChunk() {
        long chunkBuckets = 1L << chunkShift;
        int n = chunks.length;
        // The arrays grow first: if that fails, no segment is held that nothing refers to.
        Segment[] moreChunks = Arrays.copyOf(chunks, n + 1);
        long[] moreBases = Arrays.copyOf(chunkBases, n + 1);
        Segment chunk = spare.take();
        if (chunk == null) {
            chunk = owner.allocate(chunkBytes(), "an overflow chunk of " + chunkBuckets + " buckets");
            Prefault.chunk(owner, chunk);
        }
        moreChunks[n] = chunk;
        moreBases[n] = chunk.address;
        chunks = moreChunks;
        // release: a reader that follows a link into the chunk sees its base
        CHUNK_BASES.setRelease(this, moreBases);
        overflowLimit += chunkBuckets;
        if (spareAt != Long.MAX_VALUE) {
            spareAt = halfOfLastStretch();
        }
        if (chunkAdded != null) {
            chunkAdded.run();
        }
    }

    /** chunkBytes is the size of one overflow chunk in bytes. */
    long chunkBytes() {
        return Math.multiplyExact(1L << chunkShift, bucketSize);
    }

    /**
     * halfOfLastStretch is the overflow index whose hand-out completes half of the newest free
     * stretch (the pool, or the last chunk): where a spare is asked for, early enough to be
     * faulted in before the stretch runs out.
     */
    long halfOfLastStretch() {
        return overflowLimit - (1L << chunkShift) / 2 - 1;
    }

    /** hasSpare says whether a spare chunk has been delivered and not yet taken. */
    boolean hasSpare() {
        return spare.peek() != null;
    }

    /** wantsSpare says whether spare request {@code request} is still the current one. */
    boolean wantsSpare(long request) {
        return spare.wants(request);
    }

    /**
     * offerSpare hands this generation a chunk that {@link Prefault}'s thread allocated for
     * spare request {@code request}; released instead when that request was withdrawn or a
     * spare is already there (see {@link Handoff}).
     */
    void offerSpare(Segment chunk, long request) {
        spare.offer(chunk, request, owner::release);
    }

    /**
     * withdrawSpare cancels a spare request in flight and gives a spare already offered back to
     * the owner: for a clear, for the grow that retires this generation (it adds no chunks
     * while it is evacuated), and when the generation is freed.
     */
    void withdrawSpare() {
        Segment chunk = spare.withdraw();
        if (chunk != null) {
            owner.release(chunk);
        }
    }

    /** offHeapBytes is the memory this generation holds: main segment, chunks and the spare. */
    long offHeapBytes() {
        long bytes = main.isFreed() ? 0 : main.bytes;
        for (Segment chunk : chunks) {
            bytes += chunk.isFreed() ? 0 : chunk.bytes;
        }
        Segment s = spare.peek();
        if (s != null && !s.isFreed()) {
            bytes += s.bytes;
        }
        return bytes;
    }

    boolean isFreed() {
        return main.isFreed();
    }

    /** free releases the generation's memory to its owner (returned to the OS in the background). Idempotent. */
    void free() {
        for (Segment chunk : chunks) {
            owner.release(chunk);
        }
        owner.release(main);
        withdrawSpare();
    }

    /** resetOverflow frees the overflow chunks and empties the pool cursor, for {@code clear()}. */
    void resetOverflow() {
        for (Segment chunk : chunks) {
            owner.release(chunk);
        }
        chunks = new Segment[0];
        chunkBases = new long[0];
        nextOverflow = bucketCount;
        overflowLimit = mainBuckets;
        // A cleared map may never need overflow again; the spare is asked for anew if it does.
        withdrawSpare();
        spareAt = Prefault.spareAt(owner, this);
    }
}
