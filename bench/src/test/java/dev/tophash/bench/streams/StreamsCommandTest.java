package dev.tophash.bench.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.CommandLineTesting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The streams command's options, and a tiny run that prints a row per store in both tables. */
class StreamsCommandTest {
    private static StreamsSettings parse(String... args) {
        CommandLine cl = StreamsCommand.commandLine();
        cl.parseArgs(args);
        return cl.<StreamsCommand>getCommand().settings();
    }

    @Test
    void defaultsKeepTheRunShort() {
        assertEquals(new StreamsSettings(200_000, 20_000, 10_000, 300, 3, 42), parse());
    }

    @Test
    void everyOptionIsRead() {
        assertEquals(new StreamsSettings(1_000_000, 5_000, 100, 20, 2, 7),
            parse("--records", "1m", "--keys", "5k", "--commit-every", "100", "--topology-records", "20", "--rounds", "2", "--seed", "7"));
    }

    @Test
    void badOptionsAreRefused() {
        assertTrue(CommandLineTesting.refused(StreamsCommand.commandLine(), "--rounds", "0").contains("--rounds must be at least 1"));
        assertTrue(CommandLineTesting.refused(StreamsCommand.commandLine(), "--records", "-5").contains("is not a size"));
    }

    @Test
    void aTinyRunPrintsEveryStoreInBothTables() {
        CommandLine cl = StreamsCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));

        assertEquals(0, cl.execute("--records", "2000", "--keys", "200", "--commit-every", "500", "--topology-records", "20", "--rounds", "1"));

        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        for (StoreUnderTest kind : StoreUnderTest.values()) {
            assertEquals(2, lines.stream().filter(l -> l.startsWith(kind.label() + " ")).count(), kind.label() + " in " + out);
        }
    }
}
