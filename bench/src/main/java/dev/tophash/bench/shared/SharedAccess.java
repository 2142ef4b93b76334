package dev.tophash.bench.shared;

import dev.tophash.bench.compare.KeySet;
import dev.tophash.bench.compare.Progress;
import dev.tophash.bench.compare.TablePrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The shared-access scenarios as one run, for the two commands that run them: {@code shared}
 * alone, and {@code compare} as the section after its single-thread sizes. It draws the keys,
 * runs each scenario in its rounds ({@link ScenarioRun}), and hands back each scenario's table
 * as it finishes and, at the end, every figure ({@link Tables}).
 */
public final class SharedAccess {
    /** The file {@code compare} writes the figures into, beside its own {@code results.csv}. */
    public static final String CSV = "shared.csv";

    private SharedAccess() {
    }

    /**
     * What {@code shared} prints before its run: what the figures are, the JVM and the machine,
     * the keys, and the cores line ({@link #cores}).
     *
     * @param settings the run's settings
     * @return the lines
     */
    public static List<String> header(SharedSettings settings) {
        return SharedOutput.header(settings, cores());
    }

    /**
     * The heading of {@code compare}'s shared-access section: what the figures are and the keys,
     * without the JVM and the machine, which {@code compare} prints once.
     *
     * @param settings the run's settings
     * @return the lines
     */
    public static List<String> sectionHeader(SharedSettings settings) {
        return SharedOutput.sectionHeader(settings);
    }

    /**
     * One line: how many cores the machine has, how many threads each scenario's turns run,
     * and so whether the figures can show scaling or only contention and tails.
     *
     * @param settings the run's settings
     * @return the line
     */
    public static String coresLine(SharedSettings settings) {
        return SharedOutput.cores(settings, cores());
    }

    /**
     * Draws the keys and runs every scenario of {@code settings} that has maps, one after the
     * other. Costs, per scenario, the maps' builds plus {@code maps * (warm-up + timed rounds)}
     * turns.
     *
     * @param settings what to run
     * @param progress told of each build and each turn; started here, closed by the caller
     * @param table given each scenario's table (a blank line first) as soon as it is finished
     * @return every scenario's figures
     */
    public static Tables run(SharedSettings settings, Progress progress, Consumer<List<String>> table) {
        long began = System.nanoTime();
        KeySet keys = KeySet.generate(settings.size(), settings.seed());
        Map<SharedScenario, Scenario> toRun = new LinkedHashMap<>();
        long steps = 0;
        for (SharedScenario s : settings.scenarios()) {
            Scenario scenario = s == SharedScenario.ONE_WRITER ? new OneWriter(settings, keys)
                    : new ManyWriters(settings, keys);
            if (!scenario.maps().isEmpty()) {
                toRun.put(s, scenario);
                steps += ScenarioRun.steps(scenario.maps().size(), settings);
            }
        }
        progress.start(steps);
        Map<SharedScenario, ScenarioResult> results = new LinkedHashMap<>();
        for (Map.Entry<SharedScenario, Scenario> s : toRun.entrySet()) {
            ScenarioResult result = new ScenarioRun(s.getValue(), settings, progress).run();
            results.put(s.getKey(), result);
            List<String> lines = new ArrayList<>(List.of(""));
            lines.addAll(SharedOutput.render(result));
            table.accept(lines);
        }
        return new Tables(settings, results, (System.nanoTime() - began) / 1_000_000);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Every scenario's figures, from {@link #run}. */
    public static final class Tables {
        private final SharedSettings settings;
        private final Map<SharedScenario, ScenarioResult> results;
        private final long millis;

        private Tables(SharedSettings settings, Map<SharedScenario, ScenarioResult> results, long millis) {
            this.settings = settings;
            this.results = new LinkedHashMap<>(results);
            this.millis = millis;
        }

        /**
         * Whether a map failed in some scenario.
         *
         * @return true when the command should exit with code 1
         */
        public boolean failed() {
            return results.values().stream().anyMatch(ScenarioResult::anyFailed);
        }

        /**
         * How long the run took, as the last line of a report says it.
         *
         * @return {@code ran in m:ss}
         */
        public String duration() {
            return TablePrinter.duration(millis);
        }

        /**
         * The figures as CSV lines, header first: a row per scenario, map and role (for one writer:
         * the readers' gets and the writer's writes), unrounded nanoseconds, and a failed map's
         * reason in the last column.
         *
         * @return the lines
         */
        public List<String> csvLines() {
            return SharedOutput.csvLines(settings, results);
        }
    }
}
