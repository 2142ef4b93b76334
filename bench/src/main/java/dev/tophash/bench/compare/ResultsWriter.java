package dev.tophash.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a run leaves behind: a report's raw numbers as CSV ({@value #CSV}: one row per size
 * and map, every figure measured, unrounded, then one row per size for the
 * {@link BusyWaitControl}), and the printed tables as text ({@value #SUMMARY}).
 */
public final class ResultsWriter {
    /** The CSV file's name. */
    public static final String CSV = "results.csv";
    /** The columns about the run's rounds and the full map's memory, between the times and the latencies. */
    private static final List<String> MEMORY_COLUMNS =
            List.of("rounds", "ops_per_round", "heap_bytes", "off_heap_bytes", "bytes_per_entry", "memory_kind");
    /** The text summary's name. */
    public static final String SUMMARY = "summary.txt";

    private ResultsWriter() {
    }

    /**
     * Writes a CSV file and a text summary into {@code dir} as UTF-8, replacing earlier ones:
     * what every command of the bench CLI leaves behind.
     *
     * @param dir the results folder, which must exist
     * @param csvName the CSV file's name
     * @param csv its lines, header first
     * @param summaryName the summary's name
     * @param summary its lines
     * @return the two files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Path dir, String csvName, List<String> csv, String summaryName, List<String> summary)
            throws IOException {
        return List.of(writeLines(dir, csvName, csv), writeLines(dir, summaryName, summary));
    }

    /**
     * Writes one file of lines into {@code dir} as UTF-8, replacing an earlier one.
     *
     * @param dir the results folder, which must exist
     * @param name the file's name
     * @param lines its lines
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public static Path writeLines(Path dir, String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The CSV file's lines, header first. Times are in nanoseconds (per operation: the median and
     * the minimum over the rounds), memory in bytes. A failed
     * map has empty figures and its reason in the last column. After the maps come the
     * {@link BusyWaitControl} rows, one per size, named {@value BusyWaitControl#NAME}: only their
     * latency columns and {@code busy_wait_ns} are filled.
     *
     * @param report the finished run
     * @return the lines
     */
    static List<String> csvLines(Report report) {
        List<String> header = new ArrayList<>(List.of("size", "map"));
        for (Op op : Op.values()) {
            String col = op.label().replace('-', '_');
            header.add(col + "_ns_median");
            header.add(col + "_ns_min");
        }
        header.addAll(MEMORY_COLUMNS);
        header.addAll(List.of("put_growing_p50_ns", "put_growing_p99_ns", "put_growing_p99_9_ns", "put_growing_p99_99_ns",
                "put_growing_max_ns", "put_growing_mean_ns", "growth_gc_pauses", "growth_gc_pause_ms",
                "grows", "busy_wait_ns", "failure"));
        int columns = header.size();
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", header));
        for (MapResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(r.size()), r.map()));
            if (r.isFailed()) {
                blanks(row, columns - 3);
                row.add(quote(r.failure()));
                lines.add(line(row, columns));
                continue;
            }
            for (Op op : Op.values()) {
                Timing t = r.timings().get(op);
                row.add(decimal(t.medianNs()));
                row.add(decimal(t.minNs()));
            }
            Timing any = r.timings().get(Op.GET_HIT);
            row.add(Integer.toString(any.rounds()));
            row.add(Long.toString(any.opsPerRound()));
            row.add(Long.toString(r.heapBytes()));
            row.add(r.offHeap() ? Long.toString(r.offHeapBytes()) : "");
            row.add(decimal(r.bytesPerEntry()));
            row.add(r.offHeap() ? "off-heap" : "heap");
            addGrowth(row, r.growth());
            row.add(Boolean.toString(r.grows()));
            blanks(row, 2);
            lines.add(line(row, columns));
        }
        for (BusyWaitControl c : report.controls()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(c.size()), BusyWaitControl.NAME));
            blanks(row, Op.values().length * 2 + MEMORY_COLUMNS.size());
            addGrowth(row, c.latency());
            row.add("");
            row.add(Long.toString(c.busyNs()));
            row.add("");
            lines.add(line(row, columns));
        }
        return lines;
    }

    private static void addGrowth(List<String> row, GrowthLatency growth) {
        for (long ns : growth.percentiles()) {
            row.add(Long.toString(ns));
        }
        row.add(decimal(growth.meanNs()));
        row.add(Long.toString(growth.gcPauses()));
        row.add(Long.toString(growth.gcPauseMillis()));
    }

    private static void blanks(List<String> row, int count) {
        for (int i = 0; i < count; i++) {
            row.add("");
        }
    }

    /** A row as a line, checked against the header so the columns cannot drift apart. */
    private static String line(List<String> row, int columns) {
        if (row.size() != columns) {
            throw new IllegalStateException("a CSV row has " + row.size() + " fields, the header " + columns + ": " + row);
        }
        return String.join(",", row);
    }

    /**
     * A figure for the CSV: unrounded for the reader's purposes (three decimals), with a dot
     * whatever the locale.
     *
     * @param v the figure
     * @return the text
     */
    public static String decimal(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * A free-text CSV field, quoted as RFC 4180 has it (quotes doubled), with line breaks
     * made spaces.
     *
     * @param s the text
     * @return the quoted field
     */
    public static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"";
    }
}
