package dev.tophash.engine;

/**
 * A snapshot of a map's table: its Go-map state (B, overflow use, growth progress), its size
 * and the off-heap memory it holds. Immutable; taking one costs O(1) plus one small object.
 */
public final class MapStats {
    private final int log2Buckets;
    private final long overflowBucketsInUse;
    private final long preallocatedOverflowBuckets;
    private final long overflowCounter;
    private final boolean growing;
    private final boolean sameSizeGrow;
    private final long oldBucketCount;
    private final long evacuatedBuckets;
    private final long offHeapBytes;
    private final long size;

    MapStats(Table t) {
        this.log2Buckets = t.log2Buckets();
        this.overflowBucketsInUse = t.buckets().overflowInUse();
        this.preallocatedOverflowBuckets = t.buckets().preallocatedOverflow;
        this.overflowCounter = t.noverflow();
        this.growing = t.growing();
        this.sameSizeGrow = t.sameSizeGrow();
        this.oldBucketCount = t.growing() ? t.oldbuckets().bucketCount : 0;
        this.evacuatedBuckets = t.nevacuate();
        this.offHeapBytes = t.offHeapBytes();
        this.size = t.count();
    }

    /**
     * B: log2 of the number of head buckets. During a doubling grow it is already the new B.
     *
     * @return B
     */
    public int log2Buckets() {
        return log2Buckets;
    }

    /**
     * The number of head buckets, {@code 2^B}.
     *
     * @return the bucket count
     */
    public long bucketCount() {
        return 1L << log2Buckets;
    }

    /**
     * Overflow buckets handed out from the current generation: from the preallocated pool and
     * from any chunk added after it ran out.
     *
     * @return overflow buckets in use
     */
    public long overflowBucketsInUse() {
        return overflowBucketsInUse;
    }

    /**
     * The overflow buckets preallocated after the head buckets: {@code 2^(B-4)} for
     * {@code B >= 4}, else 0.
     *
     * @return the pool size of the current generation
     */
    public long preallocatedOverflowBuckets() {
        return preallocatedOverflowBuckets;
    }

    /**
     * Go's {@code noverflow}: overflow buckets taken since the last grow or clear, counted
     * exactly below B=16 and approximately above. A same-size grow starts when it reaches
     * {@code 2^min(B,15)}.
     *
     * @return the overflow counter
     */
    public long overflowCounter() {
        return overflowCounter;
    }

    /**
     * Whether a grow is in progress (old buckets still being evacuated).
     *
     * @return true while growing
     */
    public boolean growing() {
        return growing;
    }

    /**
     * Whether the grow in progress keeps B (it repacks overflow chains).
     *
     * @return true during a same-size grow
     */
    public boolean sameSizeGrow() {
        return sameSizeGrow;
    }

    /**
     * The number of old buckets being evacuated, 0 when not growing.
     *
     * @return {@code 2^oldB} while growing
     */
    public long oldBucketCount() {
        return oldBucketCount;
    }

    /**
     * Go's {@code nevacuate}: every old bucket below it has been evacuated.
     *
     * @return the evacuation mark
     */
    public long evacuatedBuckets() {
        return evacuatedBuckets;
    }

    /**
     * Off-heap bytes the map holds: every generation and overflow chunk, and a next generation
     * prepared ahead of its grow (see the README on huge pages).
     *
     * @return bytes
     */
    public long offHeapBytes() {
        return offHeapBytes;
    }

    /**
     * The number of entries.
     *
     * @return the size
     */
    public long size() {
        return size;
    }

    /**
     * Entries per head bucket; growth doubles the table past 6.5.
     *
     * @return {@code size / 2^B}
     */
    public double loadFactor() {
        return (double) size / bucketCount();
    }

    @Override
    public String toString() {
        return "MapStats[size=" + size + ", B=" + log2Buckets + ", loadFactor=" + String.format("%.3f", loadFactor())
            + ", overflowInUse=" + overflowBucketsInUse + ", preallocatedOverflow=" + preallocatedOverflowBuckets
            + ", noverflow=" + overflowCounter + ", growing=" + growing + (sameSizeGrow ? " (same size)" : "")
            + (growing ? ", nevacuate=" + evacuatedBuckets + "/" + oldBucketCount : "")
            + ", offHeapBytes=" + offHeapBytes + "]";
    }
}
