package dev.tophash.bench.compare;

import java.util.SplittableRandom;

/**
 * The keys and values one size of the comparison uses, generated once and shared by every
 * map, so all maps see exactly the same keys in exactly the same order.
 *
 * <p>Keys are uniform over all 64-bit values: key {@code i} is a bijective 64-bit mix of
 * {@code i} offset by the seed, so the {@code size} present keys and the {@code size} absent
 * keys are all distinct by construction, with no set needed to de-duplicate them. Every
 * operation reads its keys sequentially from a plain array (no index array in between), so the
 * only cache misses in a timed loop are the map's own.
 */
public final class KeySet {
    /** The golden-ratio increment of SplitMix64: successive seeds map to unrelated streams. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long[] insertOrder;
    private final long[] lookupOrder;
    private final long[] absent;
    private final long[] values;
    private final long valueSum;

    private KeySet(long[] insertOrder, long[] lookupOrder, long[] absent, long[] values, long valueSum) {
        this.insertOrder = insertOrder;
        this.lookupOrder = lookupOrder;
        this.absent = absent;
        this.values = values;
        this.valueSum = valueSum;
    }

    /**
     * Generates the keys for one size.
     *
     * @param size the number of present keys (and of absent keys)
     * @param seed the seed; the same seed gives the same keys
     * @return the keys
     */
    public static KeySet generate(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("size " + size + " must be at least 1");
        }
        long base = seed * GOLDEN;
        long[] present = new long[size];
        long[] absent = new long[size];
        long[] values = new long[size];
        long sum = 0;
        for (int i = 0; i < size; i++) {
            present[i] = mix(base + i);
            absent[i] = mix(base + size + i);
            // Non-negative, so never LongLongPeer.MISSING (Long.MIN_VALUE), which Agrona
            // reserves; and a different object from the key when a map boxes both.
            values[i] = present[i] >>> 1;
            sum += values[i];
        }
        long[] lookup = present.clone();
        shuffle(lookup, new SplittableRandom(seed));
        return new KeySet(present, lookup, absent, values, sum);
    }

    /**
     * The number of present keys.
     *
     * @return the size
     */
    public int size() {
        return insertOrder.length;
    }

    /**
     * The present keys in the order they are inserted.
     *
     * @return the array itself, not a copy: callers only read it
     */
    public long[] insertOrder() {
        return insertOrder;
    }

    /**
     * The present keys shuffled, so lookups and removals do not follow the insertion order.
     *
     * @return the array itself, not a copy: callers only read it
     */
    public long[] lookupOrder() {
        return lookupOrder;
    }

    /**
     * Keys that are never inserted.
     *
     * @return the array itself, not a copy: callers only read it
     */
    public long[] absent() {
        return absent;
    }

    /**
     * The value stored with {@code insertOrder()[i]}.
     *
     * @return the array itself, not a copy: callers only read it
     */
    public long[] values() {
        return values;
    }

    /**
     * The sum of every value (wrapping), which a full sweep of gets or removals must return.
     *
     * @return the expected checksum of one sweep
     */
    public long valueSum() {
        return valueSum;
    }

    /**
     * Mixes a counter into a uniform-looking 64-bit key: Stafford's variant 13 of MurmurHash3's
     * finaliser (the one SplitMix64 uses), a bijection, so distinct inputs give distinct keys.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void shuffle(long[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
