package dev.tophash.bench.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The many-writers mix: half gets, a quarter puts, a quarter additions, in every part of the run. */
class MixedOpsTest {
    private static int[] count(long first, long stride, int steps) {
        int[] kinds = new int[3];
        for (int i = 0; i < steps; i++) {
            kinds[MixedOps.of(first + i * stride)]++;
        }
        return kinds;
    }

    private static void assertShares(int[] kinds, int steps) {
        assertEquals(0.50, kinds[MixedOps.GET] / (double) steps, 0.01);
        assertEquals(0.25, kinds[MixedOps.PUT] / (double) steps, 0.01);
        assertEquals(0.25, kinds[MixedOps.ADD] / (double) steps, 0.01);
    }

    @Test
    void everyStretchOfStepsHasTheShares() {
        assertShares(count(0, 1, 100_000), 100_000);
        assertShares(count(5L << 40, 1, 100_000), 100_000);
    }

    @Test
    void theTimedStepsHaveTheSharesToo() {
        // A walker times one step in sampleEvery: those steps must not all be of one kind.
        for (int every : new int[] {4, 8, 32, 64}) {
            assertShares(count(every - 1, every, 100_000), 100_000);
        }
    }

    @Test
    void aKeyMeetsEveryKindOverTheLaps() {
        int keys = 1_000;
        int[] kinds = count(17, keys, 1_000);
        assertTrue(kinds[MixedOps.GET] > 0 && kinds[MixedOps.PUT] > 0 && kinds[MixedOps.ADD] > 0);
    }

    @Test
    void eachKindHasItsCallsName() {
        assertEquals("get", MixedOps.name(MixedOps.GET));
        assertEquals("put", MixedOps.name(MixedOps.PUT));
        assertEquals("addTo", MixedOps.name(MixedOps.ADD));
    }
}
