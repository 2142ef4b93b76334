package dev.tophash.bench.fill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.CommandLineTesting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The fill command's options, a tiny run, and the slowest-put bookkeeping. */
class FillCommandTest {
    @Test
    void aTinyRunPrintsARowPerMapInOrder() {
        CommandLine cl = FillCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));

        assertEquals(0, cl.execute("--size", "5k", "--maps", "fastutil,TOPHASH", "--slowest", "3"));

        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        assertTrue(lines.get(0).contains("5,000 keys"), out.toString());
        assertTrue(lines.get(2).startsWith("fastutil "), out.toString());
        assertTrue(lines.get(3).startsWith("tophash "), out.toString());
        assertTrue(lines.get(4).startsWith("busy-wait "), out.toString());
        assertEquals(5, lines.size(), out.toString());
    }

    @Test
    void badOptionsAreRefused() {
        assertTrue(CommandLineTesting.refused(FillCommand.commandLine(), "--size", "0").contains("--size"));
        assertTrue(CommandLineTesting.refused(FillCommand.commandLine(), "--maps", "nope").contains("nope"));
        assertTrue(CommandLineTesting.refused(FillCommand.commandLine(), "--slowest", "0", "--size", "10")
            .contains("--slowest must be at least 1"));
    }

    @Test
    void theSlowestPutsAreKeptSlowestFirstWithTheirEntryCounts() {
        FillLatency f = new FillLatency(2);
        long[] ns = {50, 70, 3_000, 60, 9_000, 40, 5_000, 80};
        for (int i = 0; i < ns.length; i++) {
            f.record(ns[i], i);
        }
        assertArrayEquals(new long[] {9_000, 5_000}, f.slowestNs());
        assertArrayEquals(new long[] {4, 6}, f.slowestAt());
        assertEquals(ns.length, f.count());
        assertEquals("9000 ns (4), 5000 ns (6)", f.slowestDescription());
    }

    @Test
    void aFillTimesEveryPut() {
        long[] keys = new long[1000];
        long[] stored = new long[1000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i;
        }
        FillLatency f = FillLatency.fill((key, value) -> stored[(int) key] = value + 1, keys, keys, 3);
        assertEquals(1000, f.count());
        assertEquals(1000, stored[999]);
        assertEquals(f.max(), f.slowestNs()[0], f.max() / 500.0);
    }

    @Test
    void latenciesReadInTheirUnit() {
        assertEquals("950 ns", FillLatency.format(950));
        assertEquals("28.6 us", FillLatency.format(28_600));
        assertEquals("1.25 ms", FillLatency.format(1_250_000));
    }
}
