package dev.tophash.bench.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.CommandLineTesting;
import dev.tophash.bench.compare.ProgressMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The machine command: its options, bad input refused with exit code 2, and a tiny run end to end. */
class MachineCommandTest {
    private static MachineSettings parse(String... args) {
        CommandLine cl = MachineCommand.commandLine();
        cl.parseArgs(args);
        return cl.<MachineCommand>getCommand().settings();
    }

    @Test
    void defaultsStandForAFillToTenMillion() {
        MachineSettings s = parse();
        assertEquals(new MachineSettings(10_000_000, 3, 250, 288, 1024, 200, ProgressMode.AUTO), s);
    }

    @Test
    void everyOptionIsRead() {
        MachineSettings s = parse("--ops", "20k", "--rounds", "2", "--op-ns", "400", "--region", "16", "--fresh", "64",
                "--fault-rate", "50", "--progress", "none");
        assertEquals(new MachineSettings(20_000, 2, 400, 16, 64, 50, ProgressMode.NONE), s);
    }

    @ParameterizedTest
    @CsvSource({"--ops,0", "--ops,51m", "--rounds,0", "--op-ns,0", "--region,0", "--region,16385", "--fresh,63",
        "--fresh,65537", "--fault-rate,0", "--fault-rate,100001", "--op-ns,100001", "--progress,fancy", "--seed,1"})
    void badOptionsAreRefusedNamingTheOption(String option, String value) {
        String err = CommandLineTesting.refused(MachineCommand.commandLine(), option, value);
        assertTrue(err.contains(option), err);
        assertTrue(err.contains("machine --help"), err);
    }

    @Test
    void aRunThatWouldNotFitTheMachinesFreeMemoryIsRefused() {
        MachineSettings s = parse("--region", "1024", "--fresh", "3072");
        assertEquals(null, MachineCommand.memoryProblem(s, 8L << 30));
        assertEquals(null, MachineCommand.memoryProblem(s, -1));
        String why = MachineCommand.memoryProblem(s, 4L << 30);
        assertTrue(why != null && why.contains("--region 1024 and --fresh 3072 need 4,096 MiB"), why);
    }

    @Test
    void helpListsEveryOptionAndExitsZero() {
        String help = CommandLineTesting.help(MachineCommand.commandLine());
        for (String option : List.of("--ops", "--rounds", "--op-ns", "--region", "--fresh", "--fault-rate", "--progress")) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    @Test
    void aTinyRunPrintsBothTablesWithEveryPhaseAndRound() {
        CommandLine cl = MachineCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("--ops", "20k", "--rounds", "2", "--region", "4", "--fresh", "64", "--progress", "none");
        assertEquals(0, exit, out.toString());
        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("fresh ")), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("reused at once ")), out.toString());
        for (StallProbe.Phase phase : StallProbe.Phase.values()) {
            String row = lines.stream().filter(l -> l.startsWith(phase.label() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(phase.label() + " in\n" + out));
            // The last column holds one count of slow operations per round.
            String perRound = row.substring(row.lastIndexOf("  ") + 2);
            assertEquals(2, perRound.trim().split(" ").length, row);
        }
    }
}
