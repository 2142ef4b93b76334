package dev.tophash.bench.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A tiny run end to end: both scenarios, every map, more threads than cores, a paced and an
 * unpaced writer. It checks that the run completes with every answer right and prints its tables
 * in their shape; it asserts nothing about how fast anything was.
 */
class SharedRunTest {
    private static final Pattern RATE = Pattern.compile("\\d+|\\d+\\.\\dk|\\d+\\.\\d\\dM");
    private static final Pattern LATENCY = Pattern.compile("\\d+ ns|\\d+\\.\\d (us|ms)");

    private static List<String> run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = SharedCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute(args);
        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        assertEquals(0, exit, String.join("\n", lines));
        return lines;
    }

    /** The rows of the Markdown table under {@code heading}: header, rule, then a row per map. */
    private static List<List<String>> table(List<String> lines, String heading) {
        int at = lines.indexOf(heading);
        assertTrue(at >= 0, heading + " in\n" + String.join("\n", lines));
        List<List<String>> rows = new ArrayList<>();
        int i = at + 1;
        while (!lines.get(i).startsWith("|")) {
            i++;
        }
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String row = lines.get(i);
            assertTrue(row.endsWith(" |"), row);
            rows.add(Arrays.asList(row.substring(2, row.length() - 2).split(" \\| ", -1)));
        }
        return rows;
    }

    private static void assertFigures(List<String> row, int roles) {
        assertEquals(1 + 5 * roles, row.size(), row.toString());
        for (int r = 0; r < roles; r++) {
            assertTrue(RATE.matcher(row.get(1 + 5 * r)).matches(), row.toString());
            for (int c = 2; c <= 5; c++) {
                assertTrue(LATENCY.matcher(row.get(5 * r + c)).matches(), row.toString());
            }
        }
    }

    @Test
    void bothScenariosRunEveryMapAndPrintATableEach() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> lines = run("--size", "2000", "--turn-seconds", "0.05", "--warmup", "1", "--rounds", "2",
                "--readers", "2", "--writers", "3", "--write-rate", "200000", "--sample-every", "8",
                "--progress", "none");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("cores: " + cores + "; ")), String.join("\n", lines));
        assertTrue(lines.contains("Latencies include two System.nanoTime() reads. Not a JMH benchmark."),
                String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("!! ")), String.join("\n", lines));

        List<List<String>> oneWriter = table(lines, "## One writer, 2 readers");
        assertEquals(List.of("map", "gets/s", "get p50", "get p99", "get p99.9", "get max",
                "writes/s", "write p50", "write p99", "write p99.9", "write max"), oneWriter.get(0));
        assertEquals(2 + SharedMap.NAMES.size(), oneWriter.size());
        for (int m = 0; m < SharedMap.NAMES.size(); m++) {
            List<String> row = oneWriter.get(2 + m);
            assertEquals(SharedMap.NAMES.get(m), row.get(0));
            assertFigures(row, 2);
        }

        List<List<String>> manyWriters = table(lines, "## Many writers, 3 threads");
        assertEquals(List.of("map", "ops/s", "op p50", "op p99", "op p99.9", "op max"), manyWriters.get(0));
        assertEquals(2 + SharedMap.MANY_WRITER_NAMES.size(), manyWriters.size());
        for (int m = 0; m < SharedMap.MANY_WRITER_NAMES.size(); m++) {
            List<String> row = manyWriters.get(2 + m);
            assertEquals(SharedMap.MANY_WRITER_NAMES.get(m), row.get(0));
            assertFigures(row, 1);
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("ran in "), lines.get(lines.size() - 1));
    }

    @Test
    void anUnpacedWriterRunsTooAndAScenarioCanRunAlone() {
        List<String> lines = run("--size", "500", "--turn-seconds", "0.02", "--warmup", "0", "--rounds", "1",
                "--readers", "1", "--write-rate", "0", "--maps", "tophash,fastutil-stamped",
                "--scenarios", "one-writer", "--progress", "none");
        assertTrue(lines.contains("The writer: as fast as it can; every write is timed."), String.join("\n", lines));
        assertTrue(lines.contains("Of every 10 writes, 8 update a present key, 1 inserts a new key, and 1 removes the"
                + " oldest new key once 50 are in."), String.join("\n", lines));
        List<List<String>> rows = table(lines, "## One writer, 1 reader");
        assertEquals(4, rows.size());
        assertEquals("tophash", rows.get(2).get(0));
        assertEquals("fastutil-stamped", rows.get(3).get(0));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("## Many writers")), String.join("\n", lines));
    }
}
