package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.LongLongPeer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The shared keys: distinct, absent keys disjoint, lookups a shuffle, each value the next key of
 * the lookup order, repeatable per seed.
 */
class KeySetTest {
    @Property(tries = 50)
    void keysAreDistinctAndAbsentKeysAreNeverPresent(@ForAll @IntRange(min = 1, max = 3_000) int size, @ForAll long seed) {
        KeySet keys = KeySet.generate(size, seed);
        Set<Long> present = new HashSet<>();
        long sum = 0;
        for (int i = 0; i < size; i++) {
            assertTrue(present.add(keys.insertOrder()[i]));
            assertNotEquals(LongLongPeer.MISSING, keys.values()[i]);
            sum += keys.values()[i];
        }
        for (long k : keys.absent()) {
            assertTrue(present.add(k), "absent key " + k + " is also present or repeated");
        }
        assertEquals(sum, keys.valueSum());
        long[] a = keys.insertOrder().clone();
        long[] b = keys.lookupOrder().clone();
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(a, b, "lookup order is a permutation of the present keys");
    }

    @Property(tries = 30)
    void eachValueIsTheNextKeyOfTheLookupOrder(@ForAll @IntRange(min = 1, max = 2_000) int size, @ForAll long seed) {
        KeySet keys = KeySet.generate(size, seed);
        Map<Long, Long> stored = new HashMap<>();
        for (int i = 0; i < size; i++) {
            stored.put(keys.insertOrder()[i], keys.values()[i]);
        }
        long[] lookup = keys.lookupOrder();
        for (int j = 0; j < size; j++) {
            assertEquals(lookup[j + 1 == size ? 0 : j + 1], stored.get(lookup[j]), "value of lookup key " + j);
        }
    }

    @Test
    void aSeedThatWouldStoreAgronasMissingValueIsRefused() {
        // The seed whose first key is Long.MIN_VALUE: undo the mix, then the seed's multiplier.
        long z = unXorShift(LongLongPeer.MISSING, 31) * inverse(0x94D049BB133111EBL);
        z = unXorShift(z, 27) * inverse(0xBF58476D1CE4E5B9L);
        long seed = unXorShift(z, 30) * inverse(KeySet.GOLDEN);
        assertEquals(LongLongPeer.MISSING, KeySet.mix(seed * KeySet.GOLDEN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeySet.generate(3, seed));
        assertTrue(e.getMessage().contains("seed " + seed) && e.getMessage().contains("choose another seed"),
                e.getMessage());
    }

    /** The x with {@code x ^ (x >>> shift) == y}. */
    private static long unXorShift(long y, int shift) {
        long x = y;
        for (int s = shift; s < Long.SIZE; s += shift) {
            x = y ^ (x >>> shift);
        }
        return x;
    }

    /** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    @Test
    void theSameSeedGivesTheSameKeysAndTheLookupOrderIsShuffled() {
        KeySet one = KeySet.generate(10_000, 5);
        KeySet two = KeySet.generate(10_000, 5);
        assertArrayEquals(one.insertOrder(), two.insertOrder());
        assertArrayEquals(one.lookupOrder(), two.lookupOrder());
        assertNotEquals(Arrays.toString(one.insertOrder()), Arrays.toString(one.lookupOrder()));
        assertNotEquals(one.insertOrder()[0], KeySet.generate(10_000, 6).insertOrder()[0]);
        assertThrows(IllegalArgumentException.class, () -> KeySet.generate(0, 1));
    }
}
