package dev.tophash.bench.mapped;

import static dev.tophash.bench.compare.TablePrinter.latency;
import static dev.tophash.bench.compare.TablePrinter.number;
import static dev.tophash.bench.compare.TablePrinter.pad;
import static dev.tophash.bench.compare.TablePrinter.padLeft;

import dev.tophash.bench.compare.ResultsWriter;
import dev.tophash.bench.compare.TablePrinter;
import dev.tophash.bench.compare.Timing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@code mapped} run prints and writes: plain-text tables (the formatting of
 * {@link TablePrinter}) on standard output and in {@value #SUMMARY}, and every figure,
 * unrounded, in {@value #CSV}.
 */
public final class MappedOutput {
    /** The CSV file's name, beside {@code compare}'s results.csv in the same folder. */
    public static final String CSV = "mapped.csv";
    /** The text summary's name. */
    public static final String SUMMARY = "mapped-summary.txt";
    /** The get-hit ratio, file-backed over in memory, that the issue asks for once the pages are resident. */
    public static final double TARGET_RATIO = 1.2;

    private static final int LABEL_WIDTH = 50;
    private static final int CELL_WIDTH = 12;
    private static final int RATIO_WIDTH = 16;

    private MappedOutput() {
    }

    /**
     * The lines printed before the run starts: what this measures, and what it is not.
     *
     * @param settings the run's settings
     * @param tableFile where the table file goes
     * @return the header lines
     */
    public static List<String> header(MappedSettings settings, Path tableFile) {
        List<String> lines = new ArrayList<>();
        lines.add("tophash mapped: a file-backed LongLongMap reopened vs rebuilt, and its get-hit cost vs in memory.");
        lines.add(String.format(Locale.ROOT,
                "NOT a JMH benchmark: one JVM; median and min of %d timed round(s) after %d warm-up round(s) each.",
                settings.rounds(), MappedSettings.WARMUP_ROUNDS));
        lines.add(String.format(Locale.ROOT, "%,d entries; seed %d; table file %s (%s at the end)", settings.size(),
                settings.seed(), tableFile.toAbsolutePath().normalize(), settings.keep() ? "kept" : "deleted"));
        return lines;
    }

    /**
     * The report as lines of text, without the header.
     *
     * @param report the finished (or failed) run
     * @return every line printed after the run
     */
    public static List<String> render(MappedReport report) {
        List<String> lines = new ArrayList<>(report.environment());
        if (report.isFailed()) {
            lines.add("!! " + report.failure());
        }
        int n = report.settings().size();
        lines.add("");
        setup(lines, report, n);
        if (report.timing(Measure.REOPEN).isPresent()) {
            lines.add("");
            reopenTable(lines, report, n);
        }
        if (report.timing(Measure.TOUCH_FILE).isPresent()) {
            lines.add("");
            getHitTable(lines, report, n);
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "checksum %016x (every result the timed code got, summed and checked); %s",
                report.checksum(), TablePrinter.duration(report.elapsed().toMillis())));
        return lines;
    }

    private static void setup(List<String> lines, MappedReport report, int n) {
        lines.add(String.format(Locale.ROOT, "setup (timed once): keys %s; file-backed table built (expectedSize %,d, "
                + "%,d puts) %s; closed (flushed) %s", once(report, Measure.SETUP_KEYS), n, n,
                once(report, Measure.SETUP_BUILD_FILE), once(report, Measure.SETUP_CLOSE_FILE)));
        String memory = report.memoryBytes() < 0 ? ""
                : String.format(Locale.ROOT, "; the in-memory table holds %,d bytes off-heap (%s bytes/entry)",
                        report.memoryBytes(), number((double) report.memoryBytes() / n));
        lines.add(report.fileBytes() < 0 ? "table file: not built"
                : String.format(Locale.ROOT, "table file: %,d bytes (%s bytes/entry) on %s%s", report.fileBytes(),
                        number((double) report.fileBytes() / n), report.fileSystem(), memory));
    }

    private static String once(MappedReport report, Measure measure) {
        return report.timing(measure).map(t -> "in " + latency((long) t.medianNs())).orElse("(not reached)");
    }

    private static void reopenTable(List<String> lines, MappedReport report, int n) {
        lines.add(String.format(Locale.ROOT,
                "== reopen vs rebuild, %,d entries (the file in the OS page cache; lower is better) ==", n));
        lines.add(pad("what", LABEL_WIDTH) + padLeft("median", CELL_WIDTH) + padLeft("min", CELL_WIDTH)
                + padLeft("median / open", RATIO_WIDTH));
        Optional<Timing> open = report.timing(Measure.REOPEN);
        for (Measure m : new Measure[] {Measure.REOPEN, Measure.REOPEN_READ_ONLY, Measure.REBUILD_HASH_MAP,
            Measure.REBUILD_MEMORY}) {
            report.timing(m).ifPresent(t -> lines.add(pad(m.label(), LABEL_WIDTH)
                    + padLeft(latency((long) t.medianNs()), CELL_WIDTH) + padLeft(latency((long) t.minNs()), CELL_WIDTH)
                    + padLeft(open.map(o -> ratio(t.medianNs() / o.medianNs())).orElse(""), RATIO_WIDTH)));
        }
        report.rebuildGcMillis().forEach((m, ms) -> lines.add(String.format(Locale.ROOT,
                "note: %s includes on average %s ms of stop-the-world GC pauses", m.label(), number(ms))));
    }

    private static void getHitTable(List<String> lines, MappedReport report, int n) {
        lines.add(String.format(Locale.ROOT,
                "== get-hit, %,d keys in shuffled order, every page touched first (ns/op; lower is better) ==", n));
        lines.add(pad("table", LABEL_WIDTH) + padLeft("median", CELL_WIDTH) + padLeft("min", CELL_WIDTH));
        for (Measure m : new Measure[] {Measure.GET_HIT_FILE, Measure.GET_HIT_MEMORY}) {
            report.timing(m).ifPresent(t -> lines.add(pad(m.label(), LABEL_WIDTH)
                    + padLeft(number(t.medianNs()), CELL_WIDTH) + padLeft(number(t.minNs()), CELL_WIDTH)));
        }
        Optional<Double> median = report.getHitRatio(false);
        Optional<Double> best = report.getHitRatio(true);
        if (median.isPresent() && best.isPresent()) {
            lines.add(pad("file / memory", LABEL_WIDTH) + padLeft(ratio(median.get()), CELL_WIDTH)
                    + padLeft(ratio(best.get()), CELL_WIDTH)
                    + String.format(Locale.ROOT, "   target: within %.2fx (median) -> %s", TARGET_RATIO,
                            median.get() <= TARGET_RATIO ? "met" : "NOT met"));
        }
        report.timing(Measure.TOUCH_FILE).ifPresent(t -> lines.add(String.format(Locale.ROOT,
                "before the gets, the first touch of every page of the reopened table (forEach) took %s",
                latency((long) t.medianNs()))));
    }

    private static String ratio(double r) {
        return r < 100 ? String.format(Locale.ROOT, "%.2fx", r) : String.format(Locale.ROOT, "%,.0fx", r);
    }

    /**
     * The CSV file's lines, header first: one row per figure, in nanoseconds ({@code ns} for a
     * whole step, {@code ns/op} per get), the mean GC pause inside one rebuild ({@code ms},
     * median column only), bytes, or a ratio; a failed run has a last row
     * {@code failure} with the reason in the note column.
     *
     * @param report the finished (or failed) run
     * @return the lines
     */
    public static List<String> csvLines(MappedReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("size,measurement,unit,median,min,rounds,ops_per_round,note");
        String size = Integer.toString(report.settings().size());
        for (Measure m : Measure.values()) {
            report.timing(m).ifPresent(t -> lines.add(String.join(",", size, m.column(), m.perOperation() ? "ns/op" : "ns",
                    ResultsWriter.decimal(t.medianNs()), ResultsWriter.decimal(t.minNs()), Integer.toString(t.rounds()),
                    Long.toString(t.opsPerRound()), "")));
        }
        report.rebuildGcMillis().forEach((m, ms) -> lines.add(String.join(",", size, m.column() + "_gc_pause",
                "ms", ResultsWriter.decimal(ms), "", "", "", "")));
        if (report.fileBytes() >= 0) {
            lines.add(single(size, "file_bytes", "bytes", Long.toString(report.fileBytes())));
        }
        if (report.memoryBytes() >= 0) {
            lines.add(single(size, "memory_off_heap_bytes", "bytes", Long.toString(report.memoryBytes())));
        }
        Optional<Double> median = report.getHitRatio(false);
        Optional<Double> best = report.getHitRatio(true);
        if (median.isPresent() && best.isPresent()) {
            lines.add(String.join(",", size, "get_hit_ratio_file_to_memory", "ratio", ResultsWriter.decimal(median.get()),
                    ResultsWriter.decimal(best.get()), "", "", ""));
        }
        if (report.isFailed()) {
            lines.add(String.join(",", size, "failure", "", "", "", "", "", ResultsWriter.quote(report.failure())));
        }
        return lines;
    }

    private static String single(String size, String measurement, String unit, String value) {
        return String.join(",", size, measurement, unit, value, value, "1", "1", "");
    }

    /**
     * Writes {@value #CSV} and {@value #SUMMARY} (the header and the tables) into {@code dir}.
     *
     * @param report the finished (or failed) run
     * @param dir the results folder, which must exist
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(MappedReport report, Path dir) throws IOException {
        List<String> text = new ArrayList<>(header(report.settings(), report.tableFile()));
        text.addAll(render(report));
        return ResultsWriter.write(dir, CSV, csvLines(report), SUMMARY, text);
    }
}
