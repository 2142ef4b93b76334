package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.bench.shared.SharedAccess;
import dev.tophash.bench.shared.SharedAccessOptions;
import dev.tophash.bench.shared.SharedSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code compare} command: its options (picocli), their validation, and the run from
 * settings to printed tables and written files: the single-thread sizes ({@link Comparison}),
 * then the shared-access section ({@link SharedAccess}), as {@code --shared} asks. Exit codes:
 * 0 done, 1 a map failed part-way or the results could not be written, 2 bad options.
 */
@Command(name = "compare", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Side-by-side comparison of tophash's LongLongMap with java.util.HashMap<Long,Long>, Agrona "
                + "Long2LongHashMap, fastutil Long2LongOpenHashMap and Chronicle Map, on the same keys, in one JVM.",
            "The maps take turns round by round, in an order that rotates each round. Per size it prints the median "
                + "and the minimum ns/op over the rounds (get-hit, get-miss, get-dependent, put into a growing map, "
                + "remove), bytes/entry, ratios to HashMap and tophash/fastutil, and put latency percentiles while "
                + "growing; it writes CSV, a text summary with tables to paste, and PNG charts.",
            "Then the shared-access section (--shared): maps read and written by several threads at once, the "
                + "'shared' command's scenarios. One writer with readers: tophash's LongLongMap and "
                + "ConcurrentLongLongMap, ConcurrentHashMap, Chronicle Map and fastutil behind a StampedLock; many "
                + "writers: ConcurrentLongLongMap, ConcurrentHashMap and Chronicle Map. Its options are the 'shared' "
                + "command's, prefixed --shared-; it writes shared.csv and adds its tables to summary.txt.",
            "This is not a JMH benchmark: the maps share one JVM. The 'jmh' command runs each map in a JVM of its own."},
        footer = {"", "Examples (java -jar bench/target/benchmarks.jar ...):",
            "  compare --sizes 10k,1m,10m --maps tophash,HashMap --shared off",
            "  compare --shared only --shared-size 10m --shared-write-rate 0"})
public final class CompareCommand implements Callable<Integer> {
    /** The largest size accepted: 4 arrays of keys and a boxed HashMap of this size need ~7 GB of heap. */
    public static final int MAX_SIZE = 50_000_000;
    /** How the shared-access options are spelled here: {@code --size} of {@code shared} is {@code --shared-size}. */
    public static final String SHARED_PREFIX = "--shared-";
    /**
     * The shared-access defaults that differ from the {@code shared} command's: shorter turns, so
     * that the section's 48 turns (8 maps over the two scenarios, 6 rounds each) and its fills
     * add less than a minute to the comparison.
     */
    private static final Map<String, String> SHARED_DEFAULTS = Map.of("--turn-seconds", "0.6");

    @Spec
    private CommandSpec spec;

    @Mixin
    private SharedOptions shared;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "10000,100000,1000000",
            converter = SizeConverter.class,
            description = "Map sizes, comma separated; k and m suffixes allowed (10k, 1m). 1 to 50m. Default: ${DEFAULT-VALUE}.")
    private List<Integer> sizes;

    @Option(names = "--maps", split = ",", paramLabel = "MAP", defaultValue = "tophash,HashMap,agrona,fastutil,chronicle",
            converter = MapNameConverter.class,
            description = "Maps to compare, comma separated, any case: tophash, HashMap, agrona, fastutil, chronicle. "
                    + "Default: all five.")
    private List<String> maps;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Folder for results.csv, shared.csv, summary.txt and the PNG charts (created if missing). "
                    + "Default: ${DEFAULT-VALUE}.")
    private Path resultsDir;

    private int warmup;
    private int rounds;
    private long opsPerPass;

    @Option(names = "--quick",
            description = "1 warm-up round and 1 timed round, in the sizes and in the shared-access section: a smoke "
                    + "test, noisier.")
    private boolean quick;

    private SharedSection section;

    /** The shared-access options, added to the command line under {@value #SHARED_PREFIX} names. */
    private final SharedAccessOptions sharedAccess = new SharedAccessOptions();

    /**
     * Runs the command with the JVM prepared first.
     *
     * @param args the command's arguments
     * @return the exit code
     */
    public static int run(String[] args) {
        return SharedOptions.run(commandLine(), args);
    }

    /**
     * A picocli command line for this command, as {@link #run} uses it; tests parse with it.
     *
     * @return a new command line over a new command
     */
    public static CommandLine commandLine() {
        CompareCommand command = new CompareCommand();
        CommandLine cl = SharedOptions.commandLine(command, "compare");
        command.sharedAccess.mixInto(cl.getCommandSpec(), SHARED_PREFIX, SHARED_DEFAULTS);
        return cl;
    }

    /**
     * Sets the warm-up rounds.
     *
     * @param count at least 0
     */
    @Option(names = "--warmup", paramLabel = "ROUNDS", defaultValue = "1",
            description = "Untimed rounds per size before the timed ones. Default: ${DEFAULT-VALUE}.")
    void setWarmup(int count) {
        warmup = atLeast(count, 0, "--warmup");
    }

    /**
     * Sets the timed rounds.
     *
     * @param count at least 1
     */
    @Option(names = {"--rounds", "--iterations"}, paramLabel = "ROUNDS", defaultValue = "5",
            description = "Timed rounds per size: in each, every map runs every operation once, the maps in turn; "
                    + "the median and the minimum over the rounds are reported. --iterations is an older name. "
                    + "Default: ${DEFAULT-VALUE}.")
    void setRounds(int count) {
        rounds = atLeast(count, 1, "--rounds");
    }

    /**
     * Sets the least number of operations per pass.
     *
     * @param ops at least 1
     */
    @Option(names = "--ops-per-pass", paramLabel = "OPS", defaultValue = "1000000",
            description = "A pass (one operation of one map in one round) repeats its sweep over the keys until it has "
                    + "done this many operations, so small maps are timed over more than a few microseconds. "
                    + "Default: ${DEFAULT-VALUE}.")
    void setOpsPerPass(long ops) {
        if (ops < 1) {
            throw new ParameterException(spec.commandLine(), "--ops-per-pass must be at least 1, not " + ops);
        }
        opsPerPass = ops;
    }

    /**
     * Sets which parts run.
     *
     * @param parts on, off or only
     */
    @Option(names = "--shared", paramLabel = "on|off|only", defaultValue = "on",
            description = "on: the shared-access section after the sizes; off: the sizes only; only: the section "
                    + "only. Its options follow: the 'shared' command's, prefixed --shared-. "
                    + "Default: ${DEFAULT-VALUE}.")
    void setSection(SharedSection parts) {
        section = parts;
    }

    /**
     * The validated options as the runner takes them.
     *
     * @return the settings
     */
    public Settings settings() {
        return new Settings(distinct(sizes), distinct(maps), resultsDir, shared.seed(),
                quick ? 1 : warmup, quick ? 1 : rounds, opsPerPass, shared.progress());
    }

    /**
     * Which parts run.
     *
     * @return {@code --shared}
     */
    SharedSection section() {
        return section;
    }

    /**
     * The validated shared-access options (checked whether or not the section runs, so a typo is
     * caught on the first try).
     *
     * @return the section's settings
     * @throws ParameterException naming a {@value #SHARED_PREFIX} option that is out of range
     */
    SharedSettings sharedSettings() {
        SharedSettings s = sharedAccess.settings(spec, shared.seed(), shared.progress());
        return quick ? s.withRounds(1, 1) : s;
    }

    @Override
    public Integer call() {
        RunEnvironment.prepare();
        Settings settings = settings();
        SharedSettings access = sharedSettings();
        Path dir = settings.resultsDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            System.err.println("cannot create the results folder " + dir + ": " + e);
            return 1;
        }
        PrintStream out = System.out;
        List<String> summary = new ArrayList<>();
        Consumer<List<String>> show = lines -> {
            lines.forEach(out::println);
            out.flush();
            summary.addAll(lines);
        };
        show.accept(header(settings, access));

        Report report = section.runsSizes() ? runSizes(settings, show) : null;
        SharedAccess.Tables tables = section.runsShared() ? runShared(access, show) : null;

        List<Path> written = new ArrayList<>();
        try {
            if (report != null) {
                written.add(ResultsWriter.writeLines(dir, ResultsWriter.CSV, ResultsWriter.csvLines(report)));
            }
            if (tables != null) {
                written.add(ResultsWriter.writeLines(dir, SharedAccess.CSV, tables.csvLines()));
            }
            written.add(ResultsWriter.writeLines(dir, ResultsWriter.SUMMARY, summary));
        } catch (IOException e) {
            System.err.println("cannot write the results into " + dir + ": " + e);
            return 1;
        }
        if (report != null) {
            try {
                written.addAll(ChartWriter.write(report, dir));
            } catch (IOException | RuntimeException | LinkageError e) {
                // The numbers are written; a JVM without fonts or AWT loses only the pictures.
                System.err.println("charts not drawn: " + PeerCheck.describe(e));
            }
        }
        out.println("results in " + dir.toAbsolutePath().normalize() + ": " + fileNames(written));
        boolean sizesFailed = report != null
                && (report.anyFailed() || report.results().stream().allMatch(MapResult::isFailed));
        return sizesFailed || (tables != null && tables.failed()) ? 1 : 0;
    }

    /**
     * What is printed before anything runs: what the single-thread figures are and, when the
     * shared-access section follows, the cores its threads have and what they can show.
     */
    private List<String> header(Settings settings, SharedSettings access) {
        if (!section.runsSizes()) {
            return SharedAccess.header(access);
        }
        List<String> lines = new ArrayList<>(TablePrinter.header(settings));
        if (section.runsShared()) {
            lines.add(String.format(Locale.ROOT, "then shared access (--shared off skips it): %,d keys, turns of %.2f s.",
                    access.size(), access.turnNanos() / 1e9));
            lines.add(SharedAccess.coresLine(access));
        }
        return lines;
    }

    /** The single-thread comparison, every size, its tables shown. */
    private static Report runSizes(Settings settings, Consumer<List<String>> show) {
        Report report;
        try (Progress shown = Progress.create(settings.progress(), System.err)) {
            report = new Comparison(settings, shown).run();
        }
        show.accept(TablePrinter.render(report));
        return report;
    }

    /** The shared-access section, each scenario's table shown as it finishes. */
    private SharedAccess.Tables runShared(SharedSettings access, Consumer<List<String>> show) {
        if (section.runsSizes()) {
            List<String> heading = new ArrayList<>(List.of(""));
            heading.addAll(SharedAccess.sectionHeader(access));
            show.accept(heading);
        }
        SharedAccess.Tables tables;
        try (Progress shown = Progress.create(access.progress(), System.err, "shared")) {
            tables = SharedAccess.run(access, shown, show);
        }
        show.accept(List.of("", "shared access " + tables.duration()));
        return tables;
    }

    private int atLeast(int value, int min, String option) {
        return SharedOptions.atLeast(spec, value, min, option);
    }

    private static <T> List<T> distinct(List<T> values) {
        return new ArrayList<>(new LinkedHashSet<>(values));
    }

    private static String fileNames(List<Path> files) {
        List<String> names = new ArrayList<>();
        for (Path p : files) {
            names.add(p.getFileName().toString());
        }
        return String.join(", ", names);
    }

    /**
     * Reads a number of keys ({@code compare --sizes}, {@code mapped --size}): a whole number,
     * with an optional {@code k} or {@code m} suffix.
     */
    public static final class SizeConverter implements ITypeConverter<Integer> {
        /** Made by picocli. */
        public SizeConverter() {
        }

        @Override
        public Integer convert(String value) {
            String s = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
            long multiplier = 1;
            if (s.endsWith("k")) {
                multiplier = 1_000;
                s = s.substring(0, s.length() - 1);
            } else if (s.endsWith("m")) {
                multiplier = 1_000_000;
                s = s.substring(0, s.length() - 1);
            }
            long n;
            try {
                n = Math.multiplyExact(Long.parseLong(s), multiplier);
            } catch (NumberFormatException | ArithmeticException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_SIZE) {
                throw new TypeConversionException(String.format(Locale.ROOT,
                        "'%s' is not a size: expected a whole number from 1 to %,d, such as 10000, 10k or 1m",
                        value, MAX_SIZE));
            }
            return (int) n;
        }
    }

    /** Reads a map name, in any case, into its canonical spelling. */
    public static final class MapNameConverter implements ITypeConverter<String> {
        /** Made by picocli. */
        public MapNameConverter() {
        }

        @Override
        public String convert(String value) {
            try {
                return LongLongPeer.canonicalName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
