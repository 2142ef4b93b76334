package dev.tophash.bench.jmh;

import dev.tophash.engine.Allocator;
import dev.tophash.engine.HugePages;
import org.agrona.UnsafeApi;

/**
 * Go's bucket format for {@code long -> long} and nothing else: the yardstick that separates
 * what the format costs a lookup from what the engine adds. The buckets are laid out as
 * tophash's (tophash word, 8 keys, 8 values, overflow index: {@value MemoryFloor#BUCKET_BYTES}
 * bytes), keys are hashed with the same SplitMix64 finaliser and the same SWAR tophash match,
 * and the memory comes from {@link Allocator#NATIVE}, on the same pages. What is left out is
 * everything a map needs besides: growth (the table is sized once), deletion, the closed and
 * concurrent-write checks, the generation in use, and bounds checks on overflow links.
 *
 * <p>Values must not be 0: {@link #get} returns 0 for an absent key. Not thread-safe; for
 * benchmarks only.
 */
public final class BareBuckets implements AutoCloseable {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int KEYS = 8;
    private static final int VALUES = KEYS + 8 * Long.BYTES;
    private static final int OVERFLOW = VALUES + 8 * Long.BYTES;
    private static final long SEED = 0x2545F4914F6CDD1DL;

    private final long base;
    private final long bytes;
    private final long mask;
    private final long capacity;
    private long nextOverflow;

    /**
     * Allocates a table with the B that {@code LongLongMap} gives {@code entries}, plus half as
     * many overflow buckets again, and zeroes it. O(table).
     *
     * @param entries how many keys will be put; sizes the table
     */
    public BareBuckets(long entries) {
        long heads = 1L << MemoryFloor.log2Buckets(entries);
        this.mask = heads - 1;
        this.capacity = heads + heads / 2 + 8;
        this.nextOverflow = heads;
        this.bytes = capacity * MemoryFloor.BUCKET_BYTES;
        HugePages.enabled();
        this.base = Allocator.NATIVE.allocate(bytes);
        UnsafeApi.setMemory(base, bytes, (byte) 0);
    }

    private static long hash(long key) {
        long z = key ^ SEED;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int tophash(long hash) {
        int top = (int) (hash >>> 56);
        return top < 5 ? top + 5 : top;
    }

    private long bucket(long index) {
        return base + index * MemoryFloor.BUCKET_BYTES;
    }

    /**
     * Puts a new key into the first free slot of its chain, linking an overflow bucket when the
     * chain is full. Does not look for the key first: put each key once. O(chain).
     *
     * @param key a key not put before
     * @param value not 0
     * @throws IllegalStateException when the overflow buckets run out
     */
    public void put(long key, long value) {
        long hash = hash(key);
        long b = bucket(hash & mask);
        while (true) {
            for (int i = 0; i < 8; i++) {
                if (UnsafeApi.getByte(b + i) == 0) {
                    UnsafeApi.putLong(b + KEYS + 8L * i, key);
                    UnsafeApi.putLong(b + VALUES + 8L * i, value);
                    UnsafeApi.putByte(b + i, (byte) tophash(hash));
                    return;
                }
            }
            long next = UnsafeApi.getLong(b + OVERFLOW);
            if (next == 0) {
                if (nextOverflow == capacity) {
                    throw new IllegalStateException("all " + (capacity - mask - 1) + " overflow buckets are in use");
                }
                next = nextOverflow++;
                UnsafeApi.putLong(b + OVERFLOW, next);
            }
            b = bucket(next);
        }
    }

    /**
     * The value of {@code key}, or 0: a Go lookup, the tophash word matched with SWAR, then the
     * key of each candidate slot, then the overflow chain. O(chain); no allocation.
     *
     * @param key any long
     * @return the value, or 0 when absent
     */
    public long get(long key) {
        long hash = hash(key);
        long b = bucket(hash & mask);
        long top = tophash(hash) * ONES;
        while (true) {
            long word = UnsafeApi.getLong(b);
            long x = word ^ top;
            for (long m = (x - ONES) & ~x & HIGH_BITS; m != 0; m &= m - 1) {
                long slot = Long.numberOfTrailingZeros(m) >>> 3;
                if (UnsafeApi.getLong(b + KEYS + (slot << 3)) == key) {
                    return UnsafeApi.getLong(b + VALUES + (slot << 3));
                }
            }
            if (((word - ONES) & ~word & HIGH_BITS) != 0) {
                return 0; // an emptyRest slot: the chain ends here
            }
            long next = UnsafeApi.getLong(b + OVERFLOW);
            if (next == 0) {
                return 0;
            }
            b = bucket(next);
        }
    }

    /** Frees the table's memory. Call once. */
    @Override
    public void close() {
        Allocator.NATIVE.free(base, bytes);
    }
}
