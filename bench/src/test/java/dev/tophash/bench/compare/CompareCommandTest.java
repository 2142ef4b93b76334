package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.CommandLineTesting;
import dev.tophash.bench.LongLongPeer;
import dev.tophash.bench.shared.SharedAccessBadInput;
import dev.tophash.bench.shared.SharedScenario;
import dev.tophash.bench.shared.SharedSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The compare command's options: defaults, lists, and bad input refused with exit code 2. */
class CompareCommandTest {
    private static Settings parse(String... args) {
        return command(args).settings();
    }

    private static CompareCommand command(String... args) {
        CommandLine cl = CompareCommand.commandLine();
        cl.parseArgs(args);
        return cl.getCommand();
    }

    /** Runs the command on input that must be refused before anything is measured. */
    private static String refused(String... args) {
        return CommandLineTesting.refused(CompareCommand.commandLine(), args);
    }

    @Test
    void defaultsFitTheQuickRun() {
        Settings s = parse();
        assertEquals(List.of(10_000, 100_000, 1_000_000), s.sizes());
        assertEquals(LongLongPeer.NAMES, s.maps());
        assertEquals(Path.of("results"), s.resultsDir());
        assertEquals(42, s.seed());
        assertEquals(1, s.warmupRounds());
        assertEquals(5, s.rounds());
        assertEquals(1_000_000, s.minOpsPerPass());
        assertEquals(ProgressMode.AUTO, s.progress());
    }

    @Test
    void listsTakeSuffixesAnyCaseAndDropRepeats() {
        Settings s = parse("--sizes", "10k,1m,10_000,10M", "--maps", "HASHMAP,tophash,hashmap,Chronicle",
                "--results", "out/x", "--seed", "-7", "--warmup", "0", "--iterations", "2",
                "--ops-per-pass", "500", "--progress", "LINES");
        assertEquals(List.of(10_000, 1_000_000, 10_000_000), s.sizes());
        assertEquals(List.of("HashMap", "tophash", "chronicle"), s.maps());
        assertEquals(Path.of("out/x"), s.resultsDir());
        assertEquals(-7, s.seed());
        assertEquals(0, s.warmupRounds());
        assertEquals(2, s.rounds());
        assertEquals(500, s.minOpsPerPass());
        assertEquals(ProgressMode.LINES, s.progress());
    }

    @Test
    void roundsHaveAnOlderNameAndQuickMeansOneWarmupAndOneTimedRound() {
        assertEquals(7, parse("--rounds", "7").rounds());
        assertEquals(7, parse("--iterations", "7").rounds());
        Settings s = parse("--quick", "--rounds", "9");
        assertEquals(1, s.warmupRounds());
        assertEquals(1, s.rounds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "1.5", "51m", "99999999999999999m", ""})
    void badSizesAreRefused(String size) {
        String err = refused("--sizes", size);
        assertTrue(err.contains("--sizes") && err.contains("not a size"), err);
    }

    @Test
    void unknownMapsAreRefusedNamingTheChoices() {
        String err = refused("--maps", "tophash,koloboke");
        assertTrue(err.contains("koloboke") && err.contains("fastutil"), err);
    }

    @Test
    void badPassCountsAndUnknownOptionsAreRefused() {
        assertTrue(refused("--rounds", "0").contains("--rounds must be at least 1"));
        assertTrue(refused("--iterations", "0").contains("--rounds must be at least 1"));
        assertTrue(refused("--warmup", "-1").contains("--warmup must be at least 0"));
        assertTrue(refused("--ops-per-pass", "0").contains("--ops-per-pass must be at least 1"));
        assertTrue(refused("--progress", "fancy").contains("--progress"));
        assertTrue(refused("--size", "10").contains("--size"));
        assertTrue(refused("--seed", "x").contains("--seed"));
    }

    @Test
    void theSharedSectionRunsByDefaultWithShorterTurnsThanTheSharedCommand() {
        CompareCommand c = command();
        assertEquals(SharedSection.ON, c.section());
        int cores = Runtime.getRuntime().availableProcessors();
        SharedSettings s = c.sharedSettings();
        assertEquals(1_000_000, s.size());
        assertEquals(600_000_000L, s.turnNanos());
        assertEquals(1, s.warmupRounds());
        assertEquals(5, s.rounds());
        assertEquals(Math.max(1, cores - 1), s.readers());
        assertEquals(cores, s.writers());
        assertEquals(1_000_000, s.writeRate());
        assertEquals(32, s.sampleEvery());
        assertEquals(List.of("tophash", "tophash-concurrent", "ConcurrentHashMap", "chronicle", "fastutil-stamped"),
                s.maps());
        assertEquals(List.of(SharedScenario.ONE_WRITER, SharedScenario.MANY_WRITERS), s.scenarios());
        assertEquals(42, s.seed());
    }

    @Test
    void sharedOptionsAreReadUnderTheirPrefixBesideTheSingleThreadOnes() {
        CompareCommand c = command("--shared", "ONLY", "--shared-size", "20k", "--shared-readers", "3",
                "--shared-writers", "5", "--shared-write-rate", "0", "--shared-turn-seconds", "0.25",
                "--shared-warmup", "0", "--shared-rounds", "2", "--shared-sample-every", "7",
                "--shared-maps", "CHRONICLE,tophash,chronicle", "--shared-scenarios", "Many-Writers",
                "--seed", "-3", "--progress", "none", "--maps", "agrona", "--rounds", "4", "--warmup", "2");
        assertEquals(SharedSection.ONLY, c.section());
        SharedSettings s = c.sharedSettings();
        assertEquals(20_000, s.size());
        assertEquals(3, s.readers());
        assertEquals(5, s.writers());
        assertEquals(0, s.writeRate());
        assertEquals(250_000_000L, s.turnNanos());
        assertEquals(0, s.warmupRounds());
        assertEquals(2, s.rounds());
        assertEquals(7, s.sampleEvery());
        assertEquals(List.of("chronicle", "tophash"), s.maps());
        assertEquals(List.of(SharedScenario.MANY_WRITERS), s.scenarios());
        assertEquals(-3, s.seed());
        assertEquals(ProgressMode.NONE, s.progress());
        Settings sizes = c.settings();
        assertEquals(List.of("agrona"), sizes.maps(), "--maps stays the single-thread run's");
        assertEquals(4, sizes.rounds());
        assertEquals(2, sizes.warmupRounds());
        assertEquals(SharedSection.OFF, command("--shared", "off").section());
    }

    @Test
    void quickShortensTheSharedSectionToo() {
        SharedSettings s = command("--quick", "--shared-rounds", "9", "--shared-warmup", "3").sharedSettings();
        assertEquals(1, s.warmupRounds());
        assertEquals(1, s.rounds());
    }

    static Stream<Arguments> badSharedInput() {
        return SharedAccessBadInput.spelledWith(CompareCommand.SHARED_PREFIX);
    }

    @ParameterizedTest
    @MethodSource("badSharedInput")
    void badSharedInputIsRefusedWithWhatWasWrong(String option, String value, String message) {
        String err = refused(option, value);
        assertTrue(err.contains(message), err);
        assertTrue(err.contains("compare --help"), err);
    }

    @Test
    void sharedOptionsThatDisagreeAreRefusedEvenWhenTheSectionIsOff() {
        String err = refused("--shared", "off", "--shared-size", "100", "--shared-sample-every", "101");
        assertTrue(err.contains("--shared-sample-every 101 must not exceed --shared-size 100"), err);
        err = refused("--shared-maps", "tophash", "--shared-scenarios", "many-writers");
        assertTrue(err.contains("--shared-maps has no map that takes many writers"), err);
        assertTrue(refused("--shared", "maybe").contains("--shared"));
        assertTrue(refused("--readers", "2").contains("--readers"), "the shared command's plain names are not compare's");
    }

    @Test
    void helpListsEveryOptionAndExitsZero() {
        String help = CommandLineTesting.help(CompareCommand.commandLine());
        for (String option : new String[] {"--sizes", "--maps", "--results", "--seed", "--quick", "--warmup",
            "--rounds", "--iterations", "--ops-per-pass", "--progress", "not a JMH benchmark", "get-dependent",
            "--shared=on|off|only", "--shared-size", "--shared-maps", "--shared-scenarios", "--shared-readers",
            "--shared-writers", "--shared-write-rate", "--shared-turn-seconds", "--shared-warmup", "--shared-rounds",
            "--shared-sample-every", "1 to --shared-size", "Default: 0.6"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }
}
