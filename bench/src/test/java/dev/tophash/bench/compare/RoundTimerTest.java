package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.compare.RoundTimer.Contender;
import dev.tophash.bench.compare.RoundTimer.Outcome;
import dev.tophash.bench.compare.RoundTimer.Sweep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timer's rounds and arithmetic, fed with made-up sweep times (no clock involved). */
class RoundTimerTest {
    /** Records every turn and failure it hears of. */
    private static final class Heard implements RoundTimer.Turns {
        final List<String> turns = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        @Override
        public void starting(String contender, int round, boolean warmup) {
            turns.add((warmup ? "w" : "r") + round + contender);
        }

        @Override
        public void failed(String contender, int turnsLost, Throwable failure) {
            failures.add(contender + " lost " + turnsLost + ": " + failure.getMessage());
        }
    }

    /** A sweep that logs its name and takes the given nanoseconds, one after another. */
    private static Sweep logged(List<String> log, String name, long... nanos) {
        int[] next = {0};
        return () -> {
            log.add(name);
            return nanos[next[0]++];
        };
    }

    @Test
    void smallMapsRepeatTheirSweepToFillAPass() {
        RoundTimer timer = new RoundTimer(0, 1, 1_000_000);
        assertEquals(100, timer.sweepsPerPass(10_000));
        assertEquals(1, timer.sweepsPerPass(1_000_000));
        assertEquals(1, timer.sweepsPerPass(10_000_000));
        assertEquals(3, timer.sweepsPerPass(400_000));
    }

    @Test
    void reportsTheMedianAndTheMinimumRoundAfterTheWarmup() {
        // 2 warm-up rounds, then 3 timed rounds; 1 sweep of 100 operations per pass.
        long[] sweepNanos = {99_999, 99_999, 500, 300, 900};
        int[] next = {0};
        Timing t = new RoundTimer(2, 3, 100).time(100, () -> sweepNanos[next[0]++]);
        assertEquals(5, next[0]);
        assertEquals(5.0, t.medianNs());
        assertEquals(3.0, t.minNs());
        assertEquals(3, t.rounds());
        assertEquals(100, t.opsPerRound());
    }

    @Test
    void anEvenNumberOfRoundsAveragesTheMiddleTwo() {
        long[] sweepNanos = {100, 400, 200, 300};
        int[] next = {0};
        Timing t = new RoundTimer(0, 4, 10).time(10, () -> sweepNanos[next[0]++]);
        assertEquals(25.0, t.medianNs());
        assertEquals(10.0, t.minNs());
    }

    @Test
    void contendersTakeTurnsInAnOrderThatRotatesEachRoundAndRunEveryOperationOnTheirTurn() {
        List<String> log = new ArrayList<>();
        List<Contender> contenders = List.of(
                new Contender("A", List.of(logged(log, "A1", 1, 10, 30), logged(log, "A2", 2, 20, 40))),
                new Contender("B", List.of(logged(log, "B1", 3, 50, 70))),
                new Contender("C", List.of(logged(log, "C1", 4, 60, 80))));
        Heard heard = new Heard();
        List<Outcome> outcomes = new RoundTimer(1, 2, 1).run(1, contenders, heard);

        assertEquals(List.of("A1", "A2", "B1", "C1", "B1", "C1", "A1", "A2", "C1", "A1", "A2", "B1"), log);
        assertEquals(List.of("w1A", "w1B", "w1C", "r1B", "r1C", "r1A", "r2C", "r2A", "r2B"), heard.turns);
        assertTrue(heard.failures.isEmpty());
        // The warm-up round (1, 2, 3, 4 ns) is left out; each figure stays with its own sweep.
        assertEquals(List.of("A", "B", "C"), outcomes.stream().map(Outcome::name).toList());
        assertEquals(List.of(new Timing(20, 10, 2, 1), new Timing(30, 20, 2, 1)), outcomes.get(0).timings());
        assertEquals(List.of(new Timing(60, 50, 2, 1)), outcomes.get(1).timings());
        assertEquals(List.of(new Timing(70, 60, 2, 1)), outcomes.get(2).timings());
    }

    @Test
    void aContenderThatThrowsIsOutAndTheOthersGoOn() {
        List<String> log = new ArrayList<>();
        IllegalStateException wrong = new IllegalStateException("B is wrong");
        int[] bTurns = {0};
        Sweep failsOnItsSecondTurn = () -> {
            log.add("B1");
            if (++bTurns[0] == 2) {
                throw wrong;
            }
            return 5;
        };
        List<Contender> contenders = List.of(
                new Contender("A", List.of(logged(log, "A1", 1, 2, 3, 4))),
                new Contender("B", List.of(failsOnItsSecondTurn)));
        Heard heard = new Heard();
        List<Outcome> outcomes = new RoundTimer(1, 3, 1).run(1, contenders, heard);

        assertEquals(List.of("A1", "B1", "B1", "A1", "A1", "A1"), log);
        assertEquals(List.of("B lost 3: B is wrong"), heard.failures);
        assertFalse(outcomes.get(0).failed());
        assertEquals(3.0, outcomes.get(0).timings().get(0).medianNs());
        assertTrue(outcomes.get(1).failed());
        assertSame(wrong, outcomes.get(1).failure());
        assertTrue(outcomes.get(1).timings().isEmpty());
    }

    @Test
    void timingSweepsTogetherPassesTheFirstFailureOnAtOnce() {
        List<String> log = new ArrayList<>();
        IllegalStateException wrong = new IllegalStateException("wrong");
        Sweep throwing = () -> {
            log.add("bad");
            throw wrong;
        };
        RoundTimer timer = new RoundTimer(0, 3, 1);
        assertSame(wrong, assertThrows(IllegalStateException.class,
                () -> timer.timeTogether(1, List.of(logged(log, "good", 1, 2, 3), throwing))));
        assertEquals(List.of("good", "bad"), log);
        assertSame(wrong, assertThrows(IllegalStateException.class, () -> timer.time(1, throwing)));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RoundTimer(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoundTimer(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RoundTimer(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Contender("none", List.of()));
    }
}
