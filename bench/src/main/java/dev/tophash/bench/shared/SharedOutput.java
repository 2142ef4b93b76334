package dev.tophash.bench.shared;

import dev.tophash.bench.compare.GcPauses;
import dev.tophash.bench.compare.ResultsWriter;
import dev.tophash.bench.compare.RunEnvironment;
import dev.tophash.bench.compare.TablePrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run of the shared-access scenarios prints: a header that says what the figures are and
 * on how many cores they were taken, then one Markdown table per scenario, a map per row, ready
 * to paste; and the same figures as CSV.
 */
final class SharedOutput {
    private SharedOutput() {
    }

    /**
     * The lines {@code shared} prints before the run starts.
     *
     * @param settings the run's settings
     * @param cores the processors the JVM may use
     * @return the header lines
     */
    static List<String> header(SharedSettings settings, int cores) {
        List<String> lines = new ArrayList<>();
        lines.add("tophash shared: maps read and written by several threads at once, every map in this one JVM.");
        lines.addAll(howMeasured(settings));
        lines.addAll(RunEnvironment.describe(new GcPauses()));
        lines.add(keys(settings));
        lines.add(cores(settings, cores));
        return lines;
    }

    /**
     * The heading of {@code compare}'s shared-access section: {@link #header} without the JVM and
     * the machine, which {@code compare} describes, and the cores line, which opens its output.
     *
     * @param settings the run's settings
     * @return the lines
     */
    static List<String> sectionHeader(SharedSettings settings) {
        List<String> lines = new ArrayList<>();
        lines.add("== shared access: maps read and written by several threads at once, every map in this one JVM ==");
        lines.addAll(howMeasured(settings));
        lines.add(keys(settings));
        return lines;
    }

    private static List<String> howMeasured(SharedSettings settings) {
        return List.of(
                String.format(Locale.ROOT, "The maps take turns of %.2f s, round by round, in an order that rotates"
                        + " each round.", settings.turnNanos() / 1e9),
                String.format(Locale.ROOT, "Each figure is the median over %d timed round(s) after %d warm-up"
                        + " round(s); max is the largest of any timed round.", settings.rounds(),
                        settings.warmupRounds()),
                "Latencies include two System.nanoTime() reads. Not a JMH benchmark.");
    }

    private static String keys(SharedSettings settings) {
        return String.format(Locale.ROOT, "%,d keys; seed %d; maps %s", settings.size(), settings.seed(),
                String.join(", ", settings.maps()));
    }

    /**
     * How many cores the turns' threads have, and what that lets the figures show.
     *
     * @param settings the run's settings
     * @param cores the processors the JVM may use
     * @return one line
     */
    static String cores(SharedSettings settings, int cores) {
        List<String> turns = new ArrayList<>();
        int most = 0;
        for (SharedScenario s : settings.scenarios()) {
            if (s == SharedScenario.ONE_WRITER) {
                turns.add(String.format(Locale.ROOT, "one-writer turns run %d threads (1 writer, %d reader%s)",
                        settings.readers() + 1, settings.readers(), settings.readers() == 1 ? "" : "s"));
                most = Math.max(most, settings.readers() + 1);
            } else {
                turns.add(String.format(Locale.ROOT, "many-writers turns %d (writers)", settings.writers()));
                most = Math.max(most, settings.writers());
            }
        }
        String verdict = most >= cores
                ? "the threads share the cores with each other and with the JVM's and the machine's own work, so the"
                        + " figures show contention and tails, not scaling"
                : "each thread can have a core of its own";
        return String.format(Locale.ROOT, "cores: %d; %s: %s.", cores, String.join(", ", turns), verdict);
    }

    /**
     * A scenario's results as Markdown: a heading, the notes, the table, and a line per failed map.
     *
     * @param result the scenario's results
     * @return the lines
     */
    static List<String> render(ScenarioResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("## " + result.title());
        lines.add("");
        lines.addAll(result.notes());
        lines.add("");
        List<String> head = new ArrayList<>(List.of("map"));
        List<String> rule = new ArrayList<>(List.of("---"));
        for (Role role : result.roles()) {
            String op = role.singular();
            head.addAll(List.of(role.plural() + "/s", op + " p50", op + " p99", op + " p99.9", op + " max"));
            rule.addAll(List.of("---:", "---:", "---:", "---:", "---:"));
        }
        lines.add(row(head));
        lines.add(row(rule));
        for (MapFigures map : result.maps()) {
            if (map.failed()) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(map.name()));
            for (RoleFigures f : map.figures()) {
                Percentiles p = f.latency();
                cells.addAll(List.of(rate(f.opsPerSecond()), TablePrinter.latency(p.p50()),
                        TablePrinter.latency(p.p99()), TablePrinter.latency(p.p999()), TablePrinter.latency(p.max())));
            }
            lines.add(row(cells));
        }
        for (MapFigures map : result.maps()) {
            if (map.failed()) {
                lines.add("");
                lines.add("!! " + map.name() + " " + map.failure());
            }
        }
        return lines;
    }

    /**
     * Operations per second in three or four digits: {@code 25.31M}, {@code 912.4k}, {@code 870}.
     *
     * @param perSecond the rate
     * @return the text
     */
    static String rate(long perSecond) {
        if (perSecond >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return Long.toString(perSecond);
    }

    /**
     * The figures as CSV lines, header first: a row per scenario, map and role, with the role's
     * threads, its rate and its latency percentiles in nanoseconds; a failed map has one row with
     * empty figures and its reason, quoted, in the last column.
     *
     * @param settings the run's settings, for the threads of each role
     * @param results each scenario's results, in the order run
     * @return the lines
     */
    static List<String> csvLines(SharedSettings settings, Map<SharedScenario, ScenarioResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add("scenario,map,role,threads,ops_per_s,p50_ns,p99_ns,p99_9_ns,max_ns,failure");
        for (Map.Entry<SharedScenario, ScenarioResult> scenario : results.entrySet()) {
            String name = scenario.getKey().option();
            for (MapFigures map : scenario.getValue().maps()) {
                if (map.failed()) {
                    lines.add(String.join(",", name, map.name(), "", "", "", "", "", "", "",
                            ResultsWriter.quote(map.failure())));
                    continue;
                }
                for (RoleFigures f : map.figures()) {
                    Percentiles p = f.latency();
                    lines.add(String.join(",", name, map.name(), f.role().singular(),
                            Integer.toString(threads(settings, f.role())), Long.toString(f.opsPerSecond()),
                            Long.toString(p.p50()), Long.toString(p.p99()), Long.toString(p.p999()),
                            Long.toString(p.max()), ""));
                }
            }
        }
        return lines;
    }

    private static int threads(SharedSettings settings, Role role) {
        switch (role) {
            case READ: return settings.readers();
            case WRITE: return 1;
            default: return settings.writers();
        }
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }
}
