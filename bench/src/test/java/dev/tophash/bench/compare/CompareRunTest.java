package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.bench.shared.SharedAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny comparison, end to end: it runs every map in rounds and writes the CSV, the summary and
 * the charts; with the shared-access section after the sizes, or alone. It checks that the runs
 * complete with every answer right and the shape of what they write, never how fast anything was.
 */
class CompareRunTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void aTinyRunWritesTheNumbersAndTheCharts(@TempDir Path tmp) throws IOException {
        Path results = tmp.resolve("results");
        int exit = CompareCommand.run(new String[] {"--sizes", "100,300", "--warmup", "1", "--rounds", "2",
            "--ops-per-pass", "300", "--results", results.toString(), "--progress", "lines", "--shared", "off"});
        assertEquals(0, exit);

        List<String> csv = Files.readAllLines(results.resolve(ResultsWriter.CSV));
        int maps = LongLongPeer.NAMES.size();
        List<String> summary = Files.readAllLines(results.resolve(ResultsWriter.SUMMARY));
        // A map this JVM cannot run is skipped up front, and the summary says so.
        long skipped = summary.stream().filter(l -> l.startsWith("!! ")).count();
        // A row per size and map, then the busy-wait control's row per size.
        assertEquals(1 + 2 * (maps - skipped) + 2, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(csv.size() - 2).startsWith("100," + BusyWaitControl.NAME + ","), csv.get(csv.size() - 2));
        int columns = csv.get(0).split(",", -1).length;
        for (String row : csv) {
            assertEquals(columns, row.split(",", -1).length, row);
            if (row != csv.get(0)) {
                assertTrue(row.endsWith(","), "no failure recorded: " + row);
            }
        }
        assertTrue(csv.get(1).startsWith("100,tophash,"), csv.get(1));
        assertTrue(String.join("\n", summary).contains("Not a JMH benchmark"));
        assertTrue(String.join("\n", summary).contains("== 300 keys: ns/op, median of 2 round(s)"));
        int paste = summary.indexOf("| 300 keys | tophash | HashMap | agrona | fastutil |"
                + (skipped == 0 ? " chronicle |" : "") + " tophash / fastutil |");
        assertTrue(paste > 0, String.join("\n", summary));
        assertTrue(summary.get(paste + 4).startsWith("| get-dependent | "), summary.get(paste + 4));
        assertTrue(summary.stream().anyMatch(l -> l.startsWith(BusyWaitControl.NAME + " ")), String.join("\n", summary));

        for (String chart : new String[] {"ns-per-op-get-hit", "ns-per-op-get-miss", "ns-per-op-get-dependent",
            "ns-per-op-put-growing", "ns-per-op-remove", "bytes-per-entry", "put-latency-100", "put-latency-300"}) {
            Path png = results.resolve(chart + ".png");
            assertTrue(Files.size(png) > 1_000, png + " is a real picture");
            try (InputStream in = Files.newInputStream(png)) {
                assertArrayEquals(PNG_SIGNATURE, in.readNBytes(8), png.toString());
            }
        }
        assertTrue(new String(Files.readAllBytes(results.resolve(ResultsWriter.SUMMARY)), StandardCharsets.UTF_8)
                .contains("checksum"));
        assertFalse(Files.exists(results.resolve(SharedAccess.CSV)), "no shared-access section, no shared.csv");
        assertTrue(summary.stream().noneMatch(l -> l.contains("shared access")), String.join("\n", summary));
    }

    @Test
    void theSharedSectionFollowsTheSizesInTheOutputAndTheFiles(@TempDir Path tmp) throws IOException {
        Path results = tmp.resolve("results");
        int exit = CompareCommand.run(new String[] {"--sizes", "200", "--maps", "tophash,HashMap", "--warmup", "0",
            "--rounds", "1", "--ops-per-pass", "200", "--results", results.toString(), "--progress", "none",
            "--shared-size", "1000", "--shared-turn-seconds", "0.03", "--shared-warmup", "1", "--shared-rounds", "2",
            "--shared-readers", "2", "--shared-writers", "3", "--shared-write-rate", "100000",
            "--shared-sample-every", "4"});
        assertEquals(0, exit);

        List<String> summary = Files.readAllLines(results.resolve(ResultsWriter.SUMMARY));
        String text = String.join("\n", summary);
        int cores = Runtime.getRuntime().availableProcessors();
        int coresLine = indexOf(summary, "cores: " + cores + "; one-writer turns run 3 threads (1 writer, 2 readers),"
                + " many-writers turns 3 (writers): ");
        int sizes = indexOf(summary, "== 200 keys: ns/op, median of 1 round(s)");
        int section = indexOf(summary, "== shared access: maps read and written by several threads at once");
        int oneWriter = summary.indexOf("## One writer, 2 readers");
        int manyWriters = summary.indexOf("## Many writers, 3 threads");
        assertTrue(0 < coresLine && coresLine < sizes && sizes < section && section < oneWriter
                && oneWriter < manyWriters, text);
        assertTrue(summary.get(coresLine).endsWith(cores <= 3 ? "contention and tails, not scaling."
                : "each thread can have a core of its own."), summary.get(coresLine));
        assertTrue(summary.contains("1,000 keys; seed 42; maps tophash, tophash-concurrent, ConcurrentHashMap,"
                + " chronicle, fastutil-stamped"), text);
        assertTrue(summary.get(summary.size() - 1).startsWith("shared access ran in "), text);
        assertTrue(summary.stream().noneMatch(l -> l.startsWith("!! ")), text);
        for (String map : List.of("tophash", "tophash-concurrent", "ConcurrentHashMap", "chronicle", "fastutil-stamped")) {
            assertTrue(row(summary, oneWriter, map), map + " in\n" + text);
            assertEquals(!map.equals("tophash") && !map.equals("fastutil-stamped"), row(summary, manyWriters, map),
                    map + " in many writers\n" + text);
        }

        assertEquals(4, Files.readAllLines(results.resolve(ResultsWriter.CSV)).size(),
                "header, tophash, HashMap, busy-wait");
        List<String> csv = Files.readAllLines(results.resolve(SharedAccess.CSV));
        assertEquals("scenario,map,role,threads,ops_per_s,p50_ns,p99_ns,p99_9_ns,max_ns,failure", csv.get(0));
        // One writer: a row per map for the readers' gets and one for the writer's writes; many writers: one per map.
        assertEquals(1 + 5 * 2 + 3, csv.size(), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(r -> r.startsWith("one-writer,tophash,get,2,")), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(r -> r.startsWith("one-writer,chronicle,write,1,")), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(r -> r.startsWith("many-writers,ConcurrentHashMap,op,3,")),
                String.join("\n", csv));
        for (String row : csv.subList(1, csv.size())) {
            String[] fields = row.split(",", -1);
            assertEquals(10, fields.length, row);
            assertEquals("", fields[9], "no failure: " + row);
            for (int f = 3; f <= 8; f++) {
                assertTrue(Long.parseLong(fields[f]) > 0, row);
            }
            assertTrue(Long.parseLong(fields[5]) <= Long.parseLong(fields[8]), "p50 <= max: " + row);
        }
    }

    @Test
    void theSharedSectionCanRunAloneAndWritesNoSingleThreadFiles(@TempDir Path tmp) throws IOException {
        Path results = tmp.resolve("results");
        int exit = CompareCommand.run(new String[] {"--shared", "only", "--results", results.toString(),
            "--progress", "none", "--shared-size", "300", "--shared-turn-seconds", "0.02", "--shared-warmup", "0",
            "--shared-rounds", "1", "--shared-readers", "1", "--shared-maps", "tophash,fastutil-stamped",
            "--shared-scenarios", "one-writer"});
        assertEquals(0, exit);
        List<String> summary = Files.readAllLines(results.resolve(ResultsWriter.SUMMARY));
        String text = String.join("\n", summary);
        assertTrue(summary.get(0).startsWith("tophash shared: "), text);
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("machine: ")), text);
        assertTrue(summary.stream().noneMatch(l -> l.startsWith("== ")), "no single-thread tables:\n" + text);
        assertTrue(row(summary, summary.indexOf("## One writer, 1 reader"), "fastutil-stamped"), text);
        assertEquals(1 + 2 * 2, Files.readAllLines(results.resolve(SharedAccess.CSV)).size());
        assertFalse(Files.exists(results.resolve(ResultsWriter.CSV)));
        try (var files = Files.list(results)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".png")), "no charts");
        }
    }

    /** The index of the first line that starts with {@code start}, or -1. */
    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the Markdown table under line {@code heading} has a row for {@code map}. */
    private static boolean row(List<String> lines, int heading, String map) {
        int i = heading + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            if (lines.get(i).startsWith("| " + map + " | ")) {
                return true;
            }
        }
        return false;
    }
}
