package dev.tophash.bench.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny mapped run, end to end: every figure in the CSV, and the table file gone (or kept) afterwards. */
class MappedRunTest {
    private static final List<String> ROWS = List.of("setup_keys", "setup_build_file", "setup_close_file",
            "reopen_open", "reopen_open_read_only", "rebuild_hashmap", "rebuild_tophash_memory", "touch_file_pages",
            "get_hit_file", "get_hit_memory", "rebuild_hashmap_gc_pause", "rebuild_tophash_memory_gc_pause", "file_bytes", "memory_off_heap_bytes", "get_hit_ratio_file_to_memory");

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> checkCsv(Path results) throws IOException {
        List<String> csv = Files.readAllLines(results.resolve(MappedOutput.CSV));
        assertEquals("size,measurement,unit,median,min,rounds,ops_per_round,note", csv.get(0));
        List<String> names = new ArrayList<>();
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.split(",", -1);
            assertEquals(8, cells.length, row);
            assertEquals("20000", cells[0], row);
            names.add(cells[1]);
            if (cells[2].equals("ms")) {
                assertTrue(Double.parseDouble(cells[3]) >= 0, row);
            } else {
                assertTrue(Double.parseDouble(cells[3]) > 0 && Double.parseDouble(cells[4]) > 0, row);
            }
            assertEquals("", cells[7], "no failure: " + row);
        }
        assertEquals(ROWS, names);
        return csv;
    }

    @Test
    void aTinyRunWritesEveryFigureAndDeletesItsTemporaryFolder(@TempDir Path tmp) throws IOException {
        Path results = tmp.resolve("results");
        int exit = MappedCommand.run(new String[] {"--size", "20k", "--rounds", "1", "--results", results.toString(),
            "--progress", "lines"});
        assertEquals(0, exit);
        checkCsv(results);
        // The table lived in a temporary folder inside the results folder; both are gone.
        assertEquals(List.of(MappedOutput.SUMMARY, MappedOutput.CSV), files(results));
        String summary = Files.readString(results.resolve(MappedOutput.SUMMARY));
        assertTrue(summary.contains("NOT a JMH benchmark"), summary);
        assertTrue(summary.contains("== reopen vs rebuild, 20,000 entries"), summary);
        assertTrue(summary.contains("file / memory"), summary);
        assertTrue(summary.contains("checksum"), summary);
    }

    @Test
    void theFileInAGivenFolderIsDeletedUnlessKept(@TempDir Path tmp) throws IOException {
        Path tables = tmp.resolve("tables");
        Path results = tmp.resolve("results");
        String[] args = {"--size", "20k", "--rounds", "1", "--dir", tables.toString(), "--results", results.toString(),
            "--progress", "none"};
        assertEquals(0, MappedCommand.run(args));
        assertEquals(List.of(), files(tables), "the table file is deleted, the given folder kept");

        List<String> keep = new ArrayList<>(List.of(args));
        keep.add("--keep");
        assertEquals(0, MappedCommand.run(keep.toArray(new String[0])));
        Path file = tables.resolve("mapped-20000.tophash");
        long fileBytes = Long.parseLong(checkCsv(results).stream().filter(r -> r.startsWith("20000,file_bytes,"))
                .findFirst().orElseThrow().split(",")[3]);
        assertEquals(fileBytes, Files.size(file));

        // A kept file is never overwritten: the next run into the same folder refuses to start.
        assertEquals(1, MappedCommand.run(args));
        assertTrue(Files.exists(file));
    }
}
