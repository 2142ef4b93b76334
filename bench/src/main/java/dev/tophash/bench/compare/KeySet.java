package dev.tophash.bench.compare;

import dev.tophash.bench.KeyCycle;
import dev.tophash.bench.LongLongPeer;

/**
 * The keys and values one size of the comparison uses, generated once and shared by every
 * map, so all maps see exactly the same keys in exactly the same order.
 *
 * <p>Keys are uniform over all 64-bit values: key {@code i} is a bijective 64-bit mix of
 * {@code i} offset by the seed, so the {@code size} present keys and the {@code size} absent
 * keys are all distinct by construction, with no set needed to de-duplicate them. Every
 * operation reads its keys sequentially from a plain array (no index array in between), so the
 * only cache misses in a timed loop are the map's own.
 *
 * <p>The value stored with each present key is another present key, its successor in one random
 * {@link KeyCycle} through all of them, so the same full map serves independent lookups and
 * chains of dependent ones; the lookup order is that cycle's order, so both visit the map's
 * entries in the same sequence and differ only in whether each lookup waits for the last.
 */
public final class KeySet {
    /** The golden-ratio increment of SplitMix64: successive seeds map to unrelated streams. */
    static final long GOLDEN = 0x9E3779B97F4A7C15L;

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
        long sum = 0;
        for (int i = 0; i < size; i++) {
            present[i] = mix(base + i);
            absent[i] = mix(base + size + i);
            if (present[i] == LongLongPeer.MISSING) {
                // Every present key is also stored as a value, and Agrona reserves this one.
                throw new IllegalArgumentException("seed " + seed + " draws the key " + LongLongPeer.MISSING
                        + ", which cannot be stored as a value (Agrona reserves it); choose another seed");
            }
            sum += present[i];
        }
        KeyCycle cycle = KeyCycle.random(present, seed);
        return new KeySet(present, cycle.order(), absent, cycle.successors(), sum);
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
     * The present keys shuffled, so lookups and removals do not follow the insertion order: the
     * order of the key cycle, so {@code lookupOrder()[j + 1]} is the value stored with
     * {@code lookupOrder()[j]}, and {@code lookupOrder()[0]} the one stored with the last.
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
     * The value stored with {@code insertOrder()[i]}: the key after it in the key cycle.
     *
     * @return the array itself, not a copy: callers only read it
     */
    public long[] values() {
        return values;
    }

    /**
     * The sum of every value (wrapping), which a full sweep of gets or removals must return: the
     * sum of the present keys, since the values are those keys in another order.
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
}
