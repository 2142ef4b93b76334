package dev.tophash.bench.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.bench.compare.KeySet;
import dev.tophash.bench.compare.ProgressMode;
import dev.tophash.bench.compare.Progress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A wrong answer fails loudly: a value of another key planted in a real map is caught by the
 * thread that meets it, ends that map's run with a message naming the key, and leaves the other
 * maps' figures.
 */
class WrongAnswerTest {
    private static final int KEYS = 1_000;
    private static final long TURN_NANOS = 2_000_000_000L;

    private static final KeySet KEY_SET = KeySet.generate(KEYS, 7);

    static List<String> names() {
        return SharedMap.NAMES;
    }

    static List<String> manyWriterNames() {
        return SharedMap.MANY_WRITER_NAMES;
    }

    private static SharedMap filledMap(String name) {
        return SharedMap.filled(name, 2 * KEYS, 7, KEY_SET.insertOrder());
    }

    /** Puts another key's value under {@code key}, as a torn or misplaced write would leave it. */
    private static long plantForeignValue(SharedMap map, long key) {
        long other = KEY_SET.absent()[0];
        map.put(key, Values.of(other, 3));
        return key;
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyMapAnswersItsFilledKeysAndTellsAbsentOnes(String name) {
        try (SharedMap map = filledMap(name)) {
            assertEquals(name, map.name());
            assertEquals(KEYS, map.size());
            map.getAll(KEY_SET.lookupOrder(), 0, KEYS);
            long absent = KEY_SET.absent()[5];
            assertEquals(LongLongPeer.MISSING, map.put(absent, Values.of(absent, 1)));
            assertEquals(Values.of(absent, 1), map.remove(absent));
            assertEquals(LongLongPeer.MISSING, map.remove(absent));
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void aReaderThatMeetsAnotherKeysValueFailsTheTurnNamingIt(String name) {
        try (SharedMap map = filledMap(name)) {
            long key = plantForeignValue(map, KEY_SET.lookupOrder()[KEYS / 2]);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Turn.run(List.of(KeyWalker.reader(map, KEY_SET.lookupOrder(), 0, 4)), TURN_NANOS));
            assertTrue(e.getMessage().startsWith(name + " answered get(" + key + ") with value "), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("manyWriterNames")
    void aMixedWriterThatMeetsAnotherKeysValueFailsTheTurn(String name) {
        try (SharedMap map = filledMap(name)) {
            long key = plantForeignValue(map, KEY_SET.lookupOrder()[KEYS / 2]);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Turn.run(List.of(KeyWalker.mixedWriter(map, KEY_SET.lookupOrder(), 0, 4, 0)), TURN_NANOS));
            assertTrue(e.getMessage().startsWith(name + " answered "), e.getMessage());
            assertTrue(e.getMessage().contains("(" + key + ") with value "), e.getMessage());
        }
    }

    @Test
    void theOneWriterChecksWhatAnUpdateReplaced() {
        try (SharedMap map = filledMap(SharedMap.TOPHASH)) {
            long[] order = KEY_SET.lookupOrder();
            long key = plantForeignValue(map, order[1]);
            FreshKeys fresh = new FreshKeys(KEY_SET.absent(), 10);
            // Slot 0 of the writer's pattern inserts; slot 1 updates order[start], the planted key.
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Turn.run(List.of(new PacedWriter(map, order, 1, fresh, 0)), TURN_NANOS));
            assertTrue(e.getMessage().startsWith("tophash answered put(" + key + ") with value "), e.getMessage());
        }
    }

    @Test
    void aSingleWriterMapRefusesTheManyWritersMix() {
        try (SharedMap map = filledMap(SharedMap.TOPHASH)) {
            assertThrows(UnsupportedOperationException.class, () -> map.mix(KEY_SET.lookupOrder(), 0, 1, 0));
        }
    }

    @Test
    void aMapThatFailsIsReportedAndTheOthersKeepTheirFigures() {
        SharedSettings settings = new SharedSettings(KEYS, 1, 1, 0, 20_000_000L, 0, 2, 4,
                List.of(SharedMap.TOPHASH, SharedMap.FASTUTIL_STAMPED), List.of(SharedScenario.ONE_WRITER), 7,
                ProgressMode.NONE);
        Scenario planted = new Planting(new OneWriter(settings, KEY_SET), SharedMap.FASTUTIL_STAMPED);
        ScenarioResult result = new ScenarioRun(planted, settings, Progress.NONE).run();
        assertTrue(result.anyFailed());
        MapFigures tophash = result.maps().get(0);
        assertFalse(tophash.failed(), tophash.failure());
        assertEquals(2, tophash.figures().size());
        MapFigures failed = result.maps().get(1);
        assertTrue(failed.failed());
        assertTrue(failed.failure().startsWith("failed in round 1: IllegalStateException: fastutil-stamped answered "),
                failed.failure());
        List<String> lines = SharedOutput.render(result);
        assertTrue(lines.contains("!! fastutil-stamped " + failed.failure()), String.join("\n", lines));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("| tophash | ")).count(), String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("| fastutil-stamped | ")), String.join("\n", lines));
    }

    /** A real scenario whose named map gets a foreign value planted once it is filled. */
    private static final class Planting implements Scenario {
        private final Scenario real;
        private final String victim;

        Planting(Scenario real, String victim) {
            this.real = real;
            this.victim = victim;
        }

        @Override public String title() { return real.title(); }
        @Override public List<String> notes() { return real.notes(); }
        @Override public List<Role> roles() { return real.roles(); }
        @Override public List<String> maps() { return real.maps(); }
        @Override public List<Worker> workers(SharedMap map) { return real.workers(map); }
        @Override public void check(SharedMap map) { real.check(map); }

        @Override public SharedMap build(String name) {
            SharedMap map = real.build(name);
            if (name.equals(victim)) {
                plantForeignValue(map, KEY_SET.lookupOrder()[KEYS / 3]);
            }
            return map;
        }
    }
}
