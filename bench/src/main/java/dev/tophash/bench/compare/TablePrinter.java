package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints a report as plain-text tables, one block per size: the median nanoseconds per
 * operation and bytes per entry, each with its ratio to {@code java.util.HashMap}'s figure, the
 * minimum nanoseconds per operation, then the put latency while growing and the collector's
 * pauses. Plain ASCII, so it reads the same in a terminal, a CI log and a Markdown code block.
 * Last come the medians again as one Markdown table per size, with tophash's ratio to fastutil,
 * ready to paste into a document.
 */
public final class TablePrinter {
    private static final int NAME_WIDTH = 10;
    private static final int CELL_WIDTH = 16;
    private static final int LATENCY_WIDTH = 10;

    private TablePrinter() {
    }

    /**
     * The lines printed before the run starts: what this is, and what it is not.
     *
     * @param settings the run's settings
     * @return the header lines
     */
    public static List<String> header(Settings settings) {
        List<String> lines = new ArrayList<>();
        lines.add("tophash comparison: every map in this one JVM, on the same keys, the maps taking turns round by round");
        lines.add(String.format(Locale.ROOT,
                "in an order that rotates each round; median and minimum of %d timed round(s) after %d warm-up round(s);",
                settings.rounds(), settings.warmupRounds()));
        lines.add(String.format(Locale.ROOT,
                "on its turn a map runs each operation once, >= %,d operations each. Not a JMH benchmark: the maps share",
                settings.minOpsPerPass()));
        lines.add("one JVM (java -jar benchmarks.jar jmh runs each map in a JVM of its own).");
        lines.add(String.format(Locale.ROOT, "sizes %s; maps %s; seed %d",
                joinSizes(settings.sizes()), String.join(", ", settings.maps()), settings.seed()));
        return lines;
    }

    /**
     * Prints the environment, every size's tables and the notes (the header was printed
     * before the run started).
     *
     * @param report the finished run
     * @param out where to print
     */
    public static void print(Report report, PrintStream out) {
        for (String line : render(report)) {
            out.println(line);
        }
        out.flush();
    }

    /**
     * The report as lines of text, without the header.
     *
     * @param report the finished run
     * @return every line {@link #print} prints
     */
    public static List<String> render(Report report) {
        List<String> lines = new ArrayList<>(report.environment());
        for (String skipped : report.skipped()) {
            lines.add("!! " + skipped);
        }
        for (int size : report.settings().sizes()) {
            List<MapResult> results = report.forSize(size);
            if (results.isEmpty()) {
                continue;
            }
            lines.add("");
            mediansTable(lines, size, results, report.baseline(size), report.settings().rounds());
            lines.add("");
            minimumsTable(lines, results, report.settings().rounds());
            lines.add("");
            latencyTable(lines, size, results, report.timerFloorNs(), report.control(size));
            notes(lines, size, results);
        }
        lines.add("");
        lines.add("== median ns/op, one Markdown table per size, to paste ==");
        for (int size : report.settings().sizes()) {
            List<MapResult> results = report.forSize(size);
            if (!results.isEmpty()) {
                lines.add("");
                pasteTable(lines, size, results, report);
            }
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "checksum %016x (every timed result, summed and checked); %s",
                report.checksum(), duration(report.elapsed().toMillis())));
        return lines;
    }

    private static void mediansTable(List<String> lines, int size, List<MapResult> results, Optional<MapResult> base,
                                     int rounds) {
        lines.add(String.format(Locale.ROOT, "== %,d keys: ns/op, median of %d round(s) (lower is better), and bytes/entry%s ==",
                size, rounds, base.isPresent() ? "; (ratio to HashMap)" : "; no ratios: HashMap is not in this run"));
        StringBuilder head = opsHeader();
        head.append(padLeft("bytes/entry", CELL_WIDTH));
        lines.add(head.toString());
        for (MapResult r : results) {
            StringBuilder row = new StringBuilder(pad(r.map(), NAME_WIDTH));
            if (r.isFailed()) {
                lines.add(row.append("  failed: ").append(r.failure()).toString());
                continue;
            }
            for (Op op : Op.values()) {
                double v = r.nsPerOp(op);
                row.append(cell(v, base.map(b -> b.nsPerOp(op))));
            }
            row.append(cell(r.bytesPerEntry(), base.map(MapResult::bytesPerEntry)));
            lines.add(row.toString());
        }
    }

    private static void minimumsTable(List<String> lines, List<MapResult> results, int rounds) {
        lines.add(String.format(Locale.ROOT, "ns/op, minimum of %d round(s)", rounds));
        lines.add(opsHeader().toString());
        for (MapResult r : results) {
            if (r.isFailed()) {
                continue;
            }
            StringBuilder row = new StringBuilder(pad(r.map(), NAME_WIDTH));
            for (Op op : Op.values()) {
                row.append(padLeft(number(r.timings().get(op).minNs()), CELL_WIDTH));
            }
            lines.add(row.toString());
        }
    }

    private static StringBuilder opsHeader() {
        StringBuilder head = new StringBuilder(pad("map", NAME_WIDTH));
        for (Op op : Op.values()) {
            head.append(padLeft(op.label(), CELL_WIDTH));
        }
        return head;
    }

    /**
     * One size's medians as a Markdown table: an operation per row, a map per column, and
     * tophash's ratio to fastutil when both ran.
     */
    private static void pasteTable(List<String> lines, int size, List<MapResult> results, Report report) {
        Optional<MapResult> tophash = report.measured(size, LongLongPeer.TOPHASH);
        Optional<MapResult> fastutil = report.measured(size, LongLongPeer.FASTUTIL);
        boolean ratio = tophash.isPresent() && fastutil.isPresent();
        List<String> head = new ArrayList<>(List.of(String.format(Locale.ROOT, "%,d keys", size)));
        List<String> rule = new ArrayList<>(List.of("---"));
        for (MapResult r : results) {
            head.add(r.map());
            rule.add("---:");
        }
        if (ratio) {
            head.add("tophash / fastutil");
            rule.add("---:");
        }
        lines.add(markdownRow(head));
        lines.add(markdownRow(rule));
        boolean presized = false;
        for (Op op : Op.values()) {
            List<String> row = new ArrayList<>(List.of(op.label()));
            for (MapResult r : results) {
                if (r.isFailed()) {
                    row.add("failed");
                } else if (op == Op.PUT_GROWING && !r.grows()) {
                    row.add(number(r.nsPerOp(op)) + " *");
                    presized = true;
                } else {
                    row.add(number(r.nsPerOp(op)));
                }
            }
            if (ratio) {
                row.add(String.format(Locale.ROOT, "%.2fx", tophash.get().nsPerOp(op) / fastutil.get().nsPerOp(op)));
            }
            lines.add(markdownRow(row));
        }
        if (presized) {
            lines.add("");
            lines.add("\\* sized for every key up front: the map cannot start empty and grow.");
        }
    }

    private static String markdownRow(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static void latencyTable(List<String> lines, int size, List<MapResult> results, long floorNs,
                                     Optional<BusyWaitControl> control) {
        lines.add(String.format(Locale.ROOT,
                "put latency while growing from empty to %,d keys (every put timed; includes ~%d ns of System.nanoTime)",
                size, floorNs));
        StringBuilder head = new StringBuilder(pad("map", NAME_WIDTH));
        for (String label : GrowthLatency.LABELS) {
            head.append(padLeft(label, LATENCY_WIDTH));
        }
        head.append("   GC pauses during growth");
        lines.add(head.toString());
        for (MapResult r : results) {
            if (r.isFailed()) {
                continue;
            }
            lines.add(latencyRow(r.map(), r.growth()));
        }
        control.ifPresent(c -> {
            lines.add(latencyRow(BusyWaitControl.NAME, c.latency()));
            lines.add(String.format(Locale.ROOT,
                    "%s: no map; %,d busy-waits of %s (the fastest growing map's mean put), timed the same way. Its tail is",
                    BusyWaitControl.NAME, c.size(), latency(c.busyNs())));
            lines.add("what this machine adds to any operation that long: a lower bound under every map's tail.");
        });
    }

    private static String latencyRow(String name, GrowthLatency growth) {
        StringBuilder row = new StringBuilder(pad(name, NAME_WIDTH));
        for (long ns : growth.percentiles()) {
            row.append(padLeft(latency(ns), LATENCY_WIDTH));
        }
        row.append(String.format(Locale.ROOT, "   %d (%d ms)", growth.gcPauses(), growth.gcPauseMillis()));
        return row.toString();
    }

    private static void notes(List<String> lines, int size, List<MapResult> results) {
        List<String> offHeap = new ArrayList<>();
        List<String> onHeap = new ArrayList<>();
        for (MapResult r : results) {
            if (r.isFailed()) {
                continue;
            }
            (r.offHeap() ? offHeap : onHeap).add(r.map());
            if (!r.grows()) {
                lines.add(String.format(Locale.ROOT,
                        "note: %s has a fixed capacity and cannot start empty; its put-growing runs were sized for %,d keys",
                        r.map(), size));
            }
        }
        String memory = "note: bytes/entry of a map presized for " + String.format(Locale.ROOT, "%,d", size) + " keys";
        if (!offHeap.isEmpty()) {
            memory += "; native memory for " + String.join(", ", offHeap);
        }
        if (!onHeap.isEmpty()) {
            memory += "; heap growth after a full GC for " + String.join(", ", onHeap);
        }
        lines.add(memory);
    }

    private static String cell(double value, Optional<Double> baseline) {
        String number = number(value);
        String ratio = baseline.filter(b -> b > 0)
                .map(b -> String.format(Locale.ROOT, " (%.2fx)", value / b))
                .orElse("");
        return padLeft(number + ratio, CELL_WIDTH);
    }

    /**
     * A figure as the tables show it: one decimal below 100, none above (with thousands
     * separators), because the figures are not more precise than that.
     *
     * @param value the figure
     * @return the text
     */
    public static String number(double value) {
        return Math.abs(value) < 100
                ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%,.0f", value);
    }

    /**
     * Nanoseconds in the unit that keeps three or four digits: ns, us or ms.
     *
     * @param ns a duration in nanoseconds
     * @return the text, such as {@code 412 ns}, {@code 35.2 us} or {@code 3100.5 ms}
     */
    public static String latency(long ns) {
        if (ns < 10_000) {
            return ns + " ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
    }

    /**
     * A run's wall-clock time, for the last line of a report.
     *
     * @param millis the run's milliseconds
     * @return {@code ran in m:ss}
     */
    public static String duration(long millis) {
        return String.format(Locale.ROOT, "ran in %d:%02d", millis / 60_000, (millis / 1000) % 60);
    }

    private static String joinSizes(List<Integer> sizes) {
        List<String> parts = new ArrayList<>();
        for (int s : sizes) {
            parts.add(String.format(Locale.ROOT, "%,d", s));
        }
        return String.join(", ", parts);
    }

    /**
     * Pads on the right to a column's width, or adds one space when the text is wider.
     *
     * @param s the text
     * @param width the column's width
     * @return the padded text
     */
    public static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /**
     * Pads on the left to a column's width (numbers line up on the right), or puts one space
     * before the text when it is wider.
     *
     * @param s the text
     * @param width the column's width
     * @return the padded text
     */
    public static String padLeft(String s, int width) {
        return s.length() >= width ? " " + s : " ".repeat(width - s.length()) + s;
    }
}
