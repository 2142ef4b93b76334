package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.CommandLineTesting;
import dev.tophash.bench.LongLongPeer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The compare command's options: defaults, lists, and bad input refused with exit code 2. */
class CompareCommandTest {
    private static Settings parse(String... args) {
        CommandLine cl = CompareCommand.commandLine();
        cl.parseArgs(args);
        return cl.<CompareCommand>getCommand().settings();
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
    void helpListsEveryOptionAndExitsZero() {
        String help = CommandLineTesting.help(CompareCommand.commandLine());
        for (String option : new String[] {"--sizes", "--maps", "--results", "--seed", "--quick", "--warmup",
            "--rounds", "--iterations", "--ops-per-pass", "--progress", "not a JMH benchmark", "get-dependent"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }
}
