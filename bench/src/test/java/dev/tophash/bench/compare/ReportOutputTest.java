package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table, the CSV and the charts, from a made-up report (no measuring). */
class ReportOutputTest {
    private static MapResult result(int size, String map, double ns, long heap, long offHeap, boolean grows) {
        Map<Op, Timing> timings = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            timings.put(op, new Timing(ns, ns / 2, 5, 1_000_000));
        }
        return new MapResult(size, map, timings, heap, offHeap, new GrowthLatency(50, 500, 5_000, 50_000, 5_000_000, 120.5, 2, 7),
                grows, null);
    }

    private static Report report(List<MapResult> results) {
        return report(results, List.of());
    }

    private static Report report(List<MapResult> results, List<BusyWaitControl> controls) {
        Settings settings = new Settings(List.of(1000), List.of("tophash", "HashMap", "chronicle", "agrona"), Path.of("r"),
                42, 1, 5, 1_000_000, ProgressMode.NONE);
        return new Report(settings, List.of("JVM: test"), List.of("fastutil: skipped, because"), results, controls, 20, 0xabc,
                Duration.ofSeconds(75));
    }

    @Test
    void theTableShowsRatiosToHashMapFailuresAndNotes() {
        Report report = report(List.of(
                result(1000, "tophash", 10, 100, 32_000, true),
                result(1000, "HashMap", 40, 80_000, -1, true),
                result(1000, "chronicle", 200, 0, 24_000, false),
                MapResult.failed(1000, "agrona", "IllegalStateException: agrona is wrong, badly")));
        String text = String.join("\n", TablePrinter.render(report));
        assertTrue(text.contains("10.0 (0.25x)"), text);
        assertTrue(text.contains("32.0 (0.40x)"), text);
        assertTrue(text.contains("200 (5.00x)"), text);
        assertTrue(text.contains("median of 5 round(s)") && text.contains("minimum of 5 round(s)"), text);
        String minimums = text.substring(text.indexOf("minimum of 5 round(s)"));
        assertTrue(minimums.lines().anyMatch(l -> l.startsWith("tophash ") && l.contains(" 5.0 ") && !l.contains("x)")),
                minimums);
        assertTrue(text.contains("failed: IllegalStateException: agrona is wrong"), text);
        assertTrue(text.contains("!! fastutil: skipped"), text);
        assertTrue(text.contains("chronicle has a fixed capacity"), text);
        assertTrue(text.contains("5000 ns") && text.contains("50.0 us") && text.contains("5.0 ms"), text);
        assertTrue(text.contains("2 (7 ms)"), text);
        assertTrue(text.contains("ran in 1:15"), text);
        assertTrue(report.anyFailed());
    }

    @Test
    void theBusyWaitControlIsARowOfTheLatencyTableAndOfTheCsv() {
        BusyWaitControl control = new BusyWaitControl(1000, 250, new GrowthLatency(260, 400, 900, 41_000, 2_500_000, 280.25, 0, 0));
        Report report = report(List.of(result(1000, "tophash", 10, 0, 32_000, true)), List.of(control));
        List<String> text = TablePrinter.render(report);
        String row = text.stream().filter(l -> l.startsWith(BusyWaitControl.NAME + " ")).findFirst().orElseThrow();
        assertTrue(row.contains("41.0 us") && row.contains("2.5 ms"), row);
        assertTrue(String.join("\n", text).contains("1,000 busy-waits of 250 ns"), String.join("\n", text));

        List<String> csv = ResultsWriter.csvLines(report);
        String last = csv.get(csv.size() - 1);
        assertEquals(csv.get(0).split(",", -1).length, last.split(",", -1).length, last);
        assertTrue(last.startsWith("1000," + BusyWaitControl.NAME + ","), last);
        assertTrue(last.endsWith(",260,400,900,41000,2500000,280.250,0,0,,250,"), last);
    }

    @Test
    void thePasteTablesGiveEveryMapsMedianPerOperationAndTophashOverFastutil() {
        Report report = report(List.of(
                result(1000, "tophash", 10, 100, 32_000, true),
                result(1000, "HashMap", 40, 80_000, -1, true),
                result(1000, "fastutil", 4, 30_000, -1, true),
                result(1000, "chronicle", 200, 0, 24_000, false),
                MapResult.failed(1000, "agrona", "bad")));
        List<String> text = TablePrinter.render(report);
        int head = text.indexOf("| 1,000 keys | tophash | HashMap | fastutil | chronicle | agrona | tophash / fastutil |");
        assertTrue(head > 0, String.join("\n", text));
        assertEquals("| --- | ---: | ---: | ---: | ---: | ---: | ---: |", text.get(head + 1));
        assertEquals("| get-hit | 10.0 | 40.0 | 4.0 | 200 | failed | 2.50x |", text.get(head + 2));
        assertEquals("| get-dependent | 10.0 | 40.0 | 4.0 | 200 | failed | 2.50x |", text.get(head + 4));
        assertEquals("| put-growing | 10.0 | 40.0 | 4.0 | 200 * | failed | 2.50x |", text.get(head + 5));
        assertEquals("| remove | 10.0 | 40.0 | 4.0 | 200 | failed | 2.50x |", text.get(head + 6));
        assertTrue(text.get(head + 8).contains("sized for every key up front"), text.get(head + 8));
    }

    @Test
    void withoutFastutilThePasteTableHasNoRatioColumn() {
        List<String> text = TablePrinter.render(report(List.of(result(1000, "tophash", 10, 0, 32_000, true))));
        assertTrue(text.contains("| 1,000 keys | tophash |"), String.join("\n", text));
        assertTrue(text.contains("| get-miss | 10.0 |"), String.join("\n", text));
    }

    @Test
    void withoutHashMapThereAreNoRatios() {
        String text = String.join("\n", TablePrinter.render(report(List.of(result(1000, "tophash", 10, 0, 32_000, true)))));
        assertTrue(text.contains("no ratios"), text);
        assertFalse(text.contains("x)"), text);
        assertFalse(text.contains("x |"), text);
    }

    @Test
    void csvRowsKeepTheirColumnsAndQuoteFailures() {
        List<String> lines = ResultsWriter.csvLines(report(List.of(
                result(1000, "HashMap", 40, 80_000, -1, true),
                MapResult.failed(1000, "agrona", "bad, \"very\""))));
        int columns = lines.get(0).split(",", -1).length;
        assertEquals(columns, lines.get(1).split(",", -1).length, lines.get(1));
        assertTrue(lines.get(0).startsWith("size,map,get_hit_ns_median,get_hit_ns_min,get_miss_ns_median,get_miss_ns_min,"
                + "get_dependent_ns_median,get_dependent_ns_min,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("1000,HashMap,40.000,20.000,"), lines.get(1));
        assertTrue(lines.get(1).contains(",5,1000000,80000,,80.000,heap,"), lines.get(1));
        assertTrue(lines.get(2).endsWith(",\"bad, \"\"very\"\"\""), lines.get(2));
    }

    @Test
    void chartsSkipFailedMapsAndOnlyFailuresDrawNothing(@TempDir Path dir) throws IOException {
        RunEnvironment.prepare();
        List<Path> files = ChartWriter.write(report(List.of(
                result(1000, "HashMap", 40, 80_000, -1, true),
                MapResult.failed(1000, "agrona", "bad"))), dir);
        // One chart per operation, bytes per entry, and the put latency of the one size.
        assertEquals(Op.values().length + 2, files.size());
        for (Path f : files) {
            assertTrue(Files.size(f) > 1_000, f.toString());
        }
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        assertTrue(ChartWriter.write(report(List.of(MapResult.failed(1000, "agrona", "bad"))), empty).isEmpty());
    }
}
