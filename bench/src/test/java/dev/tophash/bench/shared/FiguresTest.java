package dev.tophash.bench.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a turn's samples become figures, and rounds become one summary. */
class FiguresTest {
    private static Sample sample(Role role, long ops, long nanos, long... latencies) {
        LatencyRecorder recorder = new LatencyRecorder();
        for (long ns : latencies) {
            recorder.record(ns);
        }
        return new Sample(role, ops, nanos, recorder);
    }

    @Test
    void aRolesRatesAddUpAndItsLatenciesMerge() {
        List<Sample> turn = List.of(
                sample(Role.READ, 1_000, 1_000_000_000L, 100, 100, 100),
                sample(Role.WRITE, 50, 500_000_000L, 7_000),
                sample(Role.READ, 3_000, 500_000_000L, 300, 0));
        RoleFigures reads = RoleFigures.of(Role.READ, turn);
        assertEquals(1_000 + 6_000, reads.opsPerSecond());
        assertEquals(100, reads.latency().p50());
        assertEquals(300, reads.latency().max());
        RoleFigures writes = RoleFigures.of(Role.WRITE, turn);
        assertEquals(100, writes.opsPerSecond());
        assertEquals(7_000, writes.latency().p50(), 7);
        assertThrows(IllegalArgumentException.class, () -> RoleFigures.of(Role.MIXED, turn));
    }

    @Test
    void roundsGiveMediansAndTheLargestMax() {
        List<RoleFigures> rounds = List.of(
                new RoleFigures(Role.MIXED, 30, new Percentiles(5, 50, 500, 900)),
                new RoleFigures(Role.MIXED, 10, new Percentiles(1, 10, 100, 9_000)),
                new RoleFigures(Role.MIXED, 20, new Percentiles(3, 30, 300, 100)));
        RoleFigures summary = RoleFigures.overRounds(rounds);
        assertEquals(Role.MIXED, summary.role());
        assertEquals(20, summary.opsPerSecond());
        assertEquals(new Percentiles(3, 30, 300, 9_000), summary.latency());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(15, Percentiles.median(new long[] {40, 10, 20, 0}));
        assertEquals(7, Percentiles.median(new long[] {7}));
    }

    @Test
    void ratesKeepThreeOrFourDigits() {
        assertEquals("870", SharedOutput.rate(870));
        assertEquals("912.4k", SharedOutput.rate(912_400));
        assertEquals("25.31M", SharedOutput.rate(25_314_000));
    }
}
