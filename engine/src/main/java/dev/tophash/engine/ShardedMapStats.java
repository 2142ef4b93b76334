package dev.tophash.engine;

import java.util.List;

/**
 * A snapshot of a {@link ConcurrentLongLongMap}: each shard's {@link MapStats} and their totals.
 * A shard's own figures (B, growth) do not add up, so they are read per shard; sizes, buckets and
 * bytes are summed. Each shard's snapshot is taken under that shard's lock, one after another, so
 * the totals match no single moment while writes run. Immutable.
 */
public final class ShardedMapStats {
    private final List<MapStats> shards;
    private final long size;
    private final long bucketCount;
    private final long overflowBucketsInUse;
    private final long preallocatedOverflowBuckets;
    private final long offHeapBytes;
    private final int growingShards;

    ShardedMapStats(MapStats[] shards) {
        this.shards = List.of(shards);
        long entries = 0;
        long buckets = 0;
        long overflow = 0;
        long preallocated = 0;
        long bytes = 0;
        int growing = 0;
        for (MapStats s : shards) {
            entries += s.size();
            buckets += s.bucketCount();
            overflow += s.overflowBucketsInUse();
            preallocated += s.preallocatedOverflowBuckets();
            bytes += s.offHeapBytes();
            growing += s.growing() ? 1 : 0;
        }
        this.size = entries;
        this.bucketCount = buckets;
        this.overflowBucketsInUse = overflow;
        this.preallocatedOverflowBuckets = preallocated;
        this.offHeapBytes = bytes;
        this.growingShards = growing;
    }

    /**
     * The number of shards.
     *
     * @return the shard count, a power of two
     */
    public int shardCount() {
        return shards.size();
    }

    /**
     * Each shard's snapshot, in shard order.
     *
     * @return an unmodifiable list of {@link #shardCount()} snapshots
     */
    public List<MapStats> shards() {
        return shards;
    }

    /**
     * The number of entries, summed over the shards.
     *
     * @return the size
     */
    public long size() {
        return size;
    }

    /**
     * Head buckets, summed over the shards.
     *
     * @return the bucket count
     */
    public long bucketCount() {
        return bucketCount;
    }

    /**
     * Overflow buckets handed out, summed over the shards (see {@link MapStats#overflowBucketsInUse()}).
     *
     * @return overflow buckets in use
     */
    public long overflowBucketsInUse() {
        return overflowBucketsInUse;
    }

    /**
     * Preallocated overflow buckets, summed over the shards.
     *
     * @return the pool sizes' sum
     */
    public long preallocatedOverflowBuckets() {
        return preallocatedOverflowBuckets;
    }

    /**
     * Off-heap bytes held by all shards (see {@link MapStats#offHeapBytes()}).
     *
     * @return bytes
     */
    public long offHeapBytes() {
        return offHeapBytes;
    }

    /**
     * How many shards are in the middle of a grow.
     *
     * @return the count of growing shards
     */
    public int growingShards() {
        return growingShards;
    }

    /**
     * Entries per head bucket over the whole map; each shard doubles past 6.5 on its own.
     *
     * @return {@code size / bucketCount}
     */
    public double loadFactor() {
        return (double) size / bucketCount;
    }

    @Override
    public String toString() {
        return "ShardedMapStats[shards=" + shards.size() + ", size=" + size + ", buckets=" + bucketCount
            + ", loadFactor=" + String.format("%.3f", loadFactor()) + ", overflowInUse=" + overflowBucketsInUse
            + ", growingShards=" + growingShards + ", offHeapBytes=" + offHeapBytes + "]";
    }
}
