package dev.tophash.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A key cycle: a chain of lookups through it visits every key once, in its order, and comes back. */
class KeyCycleTest {
    private static long[] distinctKeys(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<Long> drawn = new HashSet<>();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long k;
            do {
                k = random.nextLong();
            } while (!drawn.add(k));
            keys[i] = k;
        }
        return keys;
    }

    @Property(tries = 50)
    void aChainVisitsEveryKeyOnceInTheCyclesOrderAndEndsWhereItBegan(
            @ForAll @IntRange(min = 1, max = 3_000) int n, @ForAll long seed) {
        long[] keys = distinctKeys(n, seed);
        long[] before = keys.clone();
        KeyCycle cycle = KeyCycle.random(keys, seed);
        assertArrayEquals(before, keys, "the keys are only read");
        Map<Long, Long> stored = new HashMap<>();
        for (int i = 0; i < n; i++) {
            stored.put(keys[i], cycle.successors()[i]);
        }
        Set<Long> visited = new HashSet<>();
        long key = cycle.order()[0];
        for (int step = 0; step < n; step++) {
            assertEquals(cycle.order()[step], key, "step " + step);
            assertTrue(visited.add(key), "key " + key + " visited twice");
            key = stored.get(key);
        }
        assertEquals(cycle.order()[0], key);
        assertEquals(n, visited.size());
    }

    @Test
    void theSameSeedGivesTheSameCycleAndTheOrderIsShuffled() {
        long[] keys = distinctKeys(10_000, 3);
        assertArrayEquals(KeyCycle.random(keys, 5).order(), KeyCycle.random(keys, 5).order());
        assertNotEquals(Arrays.toString(KeyCycle.random(keys, 5).order()), Arrays.toString(KeyCycle.random(keys, 6).order()));
        assertNotEquals(Arrays.toString(keys), Arrays.toString(KeyCycle.random(keys, 5).order()));
        assertArrayEquals(new long[] {7}, KeyCycle.random(new long[] {7}, 1).successors(), "one key follows itself");
        assertThrows(IllegalArgumentException.class, () -> KeyCycle.random(new long[0], 1));
    }
}
