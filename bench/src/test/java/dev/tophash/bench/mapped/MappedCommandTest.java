package dev.tophash.bench.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.CommandLineTesting;
import dev.tophash.bench.compare.ProgressMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The mapped command's options: defaults, sizes as compare takes them, and bad input refused with exit code 2. */
class MappedCommandTest {
    private static MappedSettings parse(String... args) {
        CommandLine cl = MappedCommand.commandLine();
        cl.parseArgs(args);
        return cl.<MappedCommand>getCommand().settings();
    }

    /** Runs the command on input that must be refused before anything is measured. */
    private static String refused(String... args) {
        return CommandLineTesting.refused(MappedCommand.commandLine(), args);
    }

    @Test
    void defaultsAreTenMillionEntriesInATemporaryFolder() {
        MappedSettings s = parse();
        assertEquals(10_000_000, s.size());
        assertNull(s.tableDir());
        assertFalse(s.keep());
        assertEquals(Path.of("results"), s.resultsDir());
        assertEquals(5, s.rounds());
        assertEquals(42, s.seed());
        assertEquals(ProgressMode.AUTO, s.progress());
    }

    @Test
    void everyOptionIsRead() {
        MappedSettings s = parse("--size", "20k", "--dir", "tables", "--keep", "--results", "out/x", "--rounds", "2",
                "--seed", "-7", "--progress", "LINES");
        assertEquals(20_000, s.size());
        assertEquals(Path.of("tables"), s.tableDir());
        assertTrue(s.keep());
        assertEquals(Path.of("out/x"), s.resultsDir());
        assertEquals(2, s.rounds());
        assertEquals(-7, s.seed());
        assertEquals(ProgressMode.LINES, s.progress());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "20000,20000", "20k,20000", "1m,1000000", "10M,10000000", "10_000,10000", "50m,50000000"})
    void sizesTakeCompareSyntax(String text, int expected) {
        assertEquals(expected, parse("--size", text).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "1.5", "51m", "99999999999999999m", "", "10k,20k"})
    void badSizesAreRefused(String size) {
        String err = refused("--size", size);
        assertTrue(err.contains("--size") && err.contains("not a size"), err);
        assertTrue(err.contains("mapped --help"), err);
    }

    @Test
    void badRoundsAndUnknownOptionsAreRefused() {
        assertTrue(refused("--rounds", "0").contains("--rounds must be at least 1"));
        assertTrue(refused("--rounds", "x").contains("--rounds"));
        assertTrue(refused("--seed", "x").contains("--seed"));
        assertTrue(refused("--progress", "fancy").contains("--progress"));
        assertTrue(refused("--sizes", "10").contains("--sizes"));
        assertTrue(refused("extra").contains("extra"));
    }

    @Test
    void helpListsEveryOptionAndExitsZero() {
        String help = CommandLineTesting.help(MappedCommand.commandLine());
        for (String option : new String[] {"--size", "--dir", "--keep", "--results", "--rounds", "--seed", "--progress",
            "not a JMH benchmark"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }
}
