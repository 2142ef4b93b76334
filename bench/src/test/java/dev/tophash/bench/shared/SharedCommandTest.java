package dev.tophash.bench.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.CommandLineTesting;
import dev.tophash.bench.compare.ProgressMode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The shared command's options: defaults, every option read, and bad input refused with exit code 2. */
class SharedCommandTest {
    private static SharedSettings parse(String... args) {
        CommandLine cl = SharedCommand.commandLine();
        cl.parseArgs(args);
        return cl.<SharedCommand>getCommand().settings();
    }

    private static String refused(String... args) {
        return CommandLineTesting.refused(SharedCommand.commandLine(), args);
    }

    @Test
    void defaultsAreAMillionKeysAReaderPerSpareCoreAndAWriterPerCore() {
        int cores = Runtime.getRuntime().availableProcessors();
        SharedSettings s = parse();
        assertEquals(1_000_000, s.size());
        assertEquals(Math.max(1, cores - 1), s.readers());
        assertEquals(cores, s.writers());
        assertEquals(1_000_000, s.writeRate());
        assertEquals(1_500_000_000L, s.turnNanos());
        assertEquals(1, s.warmupRounds());
        assertEquals(5, s.rounds());
        assertEquals(32, s.sampleEvery());
        assertEquals(SharedMap.NAMES, s.maps());
        assertEquals(List.of(SharedScenario.ONE_WRITER, SharedScenario.MANY_WRITERS), s.scenarios());
        assertEquals(42, s.seed());
        assertEquals(ProgressMode.AUTO, s.progress());
        assertEquals(100_000, s.window());
    }

    @Test
    void everyOptionIsRead() {
        SharedSettings s = parse("--size", "20k", "--readers", "3", "--writers", "5", "--write-rate", "0",
                "--turn-seconds", "0.25", "--warmup", "0", "--rounds", "2", "--sample-every", "7",
                "--maps", "CHRONICLE,tophash,chronicle", "--scenarios", "Many-Writers", "--seed", "-3",
                "--progress", "none");
        assertEquals(20_000, s.size());
        assertEquals(3, s.readers());
        assertEquals(5, s.writers());
        assertEquals(0, s.writeRate());
        assertEquals(250_000_000L, s.turnNanos());
        assertEquals(0, s.warmupRounds());
        assertEquals(2, s.rounds());
        assertEquals(7, s.sampleEvery());
        assertEquals(List.of(SharedMap.CHRONICLE, SharedMap.TOPHASH), s.maps(), "canonical names, each once");
        assertEquals(List.of(SharedScenario.MANY_WRITERS), s.scenarios());
        assertEquals(-3, s.seed());
        assertEquals(ProgressMode.NONE, s.progress());
    }

    static Stream<Arguments> badInput() {
        return SharedAccessBadInput.spelledWith("--");
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsRefusedWithWhatWasWrong(String option, String value, String message) {
        String err = refused(option, value);
        assertTrue(err.contains(message), err);
        assertTrue(err.contains("shared --help"), err);
    }

    @Test
    void optionsThatDisagreeAreRefused() {
        String err = refused("--size", "100", "--sample-every", "101");
        assertTrue(err.contains("--sample-every 101 must not exceed --size 100"), err);
        assertTrue(refused("--maps", "tophash,fastutil-stamped", "--scenarios", "many-writers")
                .contains("--maps has no map that takes many writers (tophash-concurrent, ConcurrentHashMap, chronicle)"));
        assertTrue(refused("--sizes", "1m").contains("--sizes"));
        assertTrue(refused("extra").contains("extra"));
        assertTrue(refused("--progress", "fancy").contains("--progress"));
    }

    @Test
    void helpListsEveryOptionAndExitsZero() {
        String help = CommandLineTesting.help(SharedCommand.commandLine());
        for (String option : new String[] {"--size", "--maps", "--scenarios", "--readers", "--writers",
            "--write-rate", "--turn-seconds", "--warmup", "--rounds", "--sample-every", "--seed", "--progress",
            "Not a JMH benchmark"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }
}
