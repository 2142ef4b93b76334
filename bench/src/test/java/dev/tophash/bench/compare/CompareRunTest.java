package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.LongLongPeer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny comparison, end to end: it runs every map in rounds and writes the CSV, the summary and the charts. */
class CompareRunTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void aTinyRunWritesTheNumbersAndTheCharts(@TempDir Path tmp) throws IOException {
        Path results = tmp.resolve("results");
        int exit = CompareCommand.run(new String[] {"--sizes", "100,300", "--warmup", "1", "--rounds", "2",
            "--ops-per-pass", "300", "--results", results.toString(), "--progress", "lines"});
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
    }
}
