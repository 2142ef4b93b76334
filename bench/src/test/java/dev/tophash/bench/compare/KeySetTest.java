package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.LongLongPeer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The shared keys: distinct, absent keys disjoint, lookups a shuffle, repeatable per seed. */
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
