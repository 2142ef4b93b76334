package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The timer's arithmetic, fed with made-up sweep times (no clock involved). */
class PassTimerTest {
    @Test
    void smallMapsRepeatTheirSweepToFillAPass() {
        PassTimer timer = new PassTimer(0, 1, 1_000_000);
        assertEquals(100, timer.sweepsPerPass(10_000));
        assertEquals(1, timer.sweepsPerPass(1_000_000));
        assertEquals(1, timer.sweepsPerPass(10_000_000));
        assertEquals(3, timer.sweepsPerPass(400_000));
    }

    @Test
    void reportsTheMedianAndTheBestPassAfterTheWarmup() {
        // 2 warm-up passes, then 3 timed passes; 1 sweep of 100 operations per pass.
        long[] sweepNanos = {99_999, 99_999, 500, 300, 900};
        int[] next = {0};
        Timing t = new PassTimer(2, 3, 100).time(100, () -> sweepNanos[next[0]++]);
        assertEquals(5, next[0]);
        assertEquals(5.0, t.medianNs());
        assertEquals(3.0, t.bestNs());
        assertEquals(3, t.passes());
        assertEquals(100, t.opsPerPass());
    }

    @Test
    void anEvenNumberOfPassesAveragesTheMiddleTwo() {
        long[] sweepNanos = {100, 400, 200, 300};
        int[] next = {0};
        Timing t = new PassTimer(0, 4, 10).time(10, () -> sweepNanos[next[0]++]);
        assertEquals(25.0, t.medianNs());
        assertEquals(10.0, t.bestNs());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PassTimer(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PassTimer(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PassTimer(0, 1, 0));
    }
}
