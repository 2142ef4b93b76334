package dev.tophash.bench.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.compare.ProgressMode;
import dev.tophash.bench.compare.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tables and the CSV from made-up reports (no measuring): the ratios, and a run that failed part-way. */
class MappedOutputTest {
    private static final MappedSettings SETTINGS =
            new MappedSettings(1000, null, false, Path.of("r"), 3, 42, ProgressMode.NONE);

    private static MappedReport report(Map<Measure, Timing> timings, long fileBytes, long memoryBytes, String failure) {
        Map<Measure, Double> gc = timings.containsKey(Measure.REBUILD_HASH_MAP)
                ? Map.of(Measure.REBUILD_HASH_MAP, 123.4, Measure.REBUILD_MEMORY, 0.0) : Map.of();
        return new MappedReport(SETTINGS, List.of("JVM: test"), Path.of("r/t/mapped-1000.tophash"), "ext4", timings, gc,
                fileBytes, memoryBytes, 0xabc, Duration.ofSeconds(75), failure);
    }

    @Test
    void theTablesShowRatiosToOpenAndFileOverMemory() {
        Map<Measure, Timing> timings = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            timings.put(m, new Timing(2_000_000, 1_000_000, 3, 1));
        }
        timings.put(Measure.REBUILD_HASH_MAP, new Timing(400_000_000, 300_000_000, 3, 1));
        timings.put(Measure.GET_HIT_FILE, new Timing(110, 100, 3, 1_000_000));
        timings.put(Measure.GET_HIT_MEMORY, new Timing(100, 80, 3, 1_000_000));
        MappedReport report = report(timings, 40_960, 36_864, null);
        String text = String.join("\n", MappedOutput.render(report));
        assertTrue(text.contains("200x"), "HashMap rebuild / open:\n" + text);
        assertTrue(text.contains("1.10x") && text.contains("1.25x") && text.contains("-> met"), text);
        assertTrue(text.contains("40,960 bytes (41.0 bytes/entry) on ext4"), text);
        assertTrue(text.contains("ran in 1:15"), text);
        assertTrue(text.contains("put all includes on average 123 ms of stop-the-world GC pauses"), text);
        assertFalse(text.contains("!!"), text);

        List<String> csv = MappedOutput.csvLines(report);
        assertEquals(1 + Measure.values().length + 2 + 3, csv.size(), String.join("\n", csv));
        assertTrue(csv.contains("1000,rebuild_hashmap_gc_pause,ms,123.400,,,,"), String.join("\n", csv));
        assertTrue(csv.contains("1000,get_hit_ratio_file_to_memory,ratio,1.100,1.250,,,"), String.join("\n", csv));
        assertTrue(csv.contains("1000,get_hit_file,ns/op,110.000,100.000,3,1000000,"), String.join("\n", csv));
    }

    @Test
    void aFailedRunKeepsWhatItMeasuredAndSaysWhy() {
        Map<Measure, Timing> timings = new EnumMap<>(Measure.class);
        timings.put(Measure.SETUP_KEYS, new Timing(5_000, 5_000, 1, 1));
        MappedReport report = report(timings, -1, -1, "failed at 'build the file-backed table': boom, \"quoted\"");
        String text = String.join("\n", MappedOutput.render(report));
        assertTrue(text.contains("!! failed at 'build the file-backed table'"), text);
        assertTrue(text.contains("table file: not built"), text);
        assertFalse(text.contains("file / memory"), text);

        List<String> csv = MappedOutput.csvLines(report);
        assertEquals(List.of("size,measurement,unit,median,min,rounds,ops_per_round,note",
                "1000,setup_keys,ns,5000.000,5000.000,1,1,",
                "1000,failure,,,,,,\"failed at 'build the file-backed table': boom, \"\"quoted\"\"\""), csv);
    }
}
