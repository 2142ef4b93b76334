package dev.tophash.bench.shared;

import dev.tophash.bench.compare.CompareCommand;
import dev.tophash.bench.compare.KeySet;
import dev.tophash.bench.compare.Progress;
import dev.tophash.bench.compare.RunEnvironment;
import dev.tophash.bench.compare.SharedOptions;
import dev.tophash.bench.compare.TablePrinter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
 * The {@code shared} command: maps read and written by several threads at once. Its options
 * (picocli), their validation, and the run from settings to printed tables. Exit codes: 0 done,
 * 1 a map failed (a wrong answer, or it could not run here), 2 bad options.
 */
@Command(name = "shared", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Maps shared between threads, in one JVM, the maps taking turns round by round in an order that rotates "
                + "each round.",
            "One writer, readers: a writer updates, inserts and removes at a steady rate while reader threads get "
                + "present keys; the readers' get throughput and latency, and the writer's latency and achieved rate, "
                + "for tophash's LongLongMap and ConcurrentLongLongMap, ConcurrentHashMap<Long,Long>, Chronicle Map "
                + "and fastutil's Long2LongOpenHashMap behind a StampedLock with optimistic reads.",
            "Many writers: threads doing gets, puts and addTo on present keys; the throughput and latency of "
                + "ConcurrentLongLongMap, ConcurrentHashMap and Chronicle Map.",
            "Every answer is checked (a value names its key), so a wrong one fails the map loudly. Prints one Markdown "
                + "table per scenario. Not a JMH benchmark."},
        footer = {"", "Example: java -jar bench/target/benchmarks.jar shared --size 10m --write-rate 0"})
public final class SharedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SharedOptions shared;

    @Option(names = "--size", paramLabel = "N", defaultValue = "1m", converter = CompareCommand.SizeConverter.class,
            description = "Keys each map is filled with; k and m suffixes allowed (100k, 1m). 100 to 50m. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int size;

    @Option(names = "--maps", split = ",", paramLabel = "MAP",
            defaultValue = "tophash,tophash-concurrent,ConcurrentHashMap,chronicle,fastutil-stamped",
            converter = MapNameConverter.class,
            description = "Maps to run, comma separated, any case: tophash (LongLongMap), tophash-concurrent "
                    + "(ConcurrentLongLongMap), ConcurrentHashMap, chronicle, fastutil-stamped. Each scenario runs "
                    + "those it takes (many-writers: tophash-concurrent, ConcurrentHashMap, chronicle). Default: all.")
    private List<String> maps;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", defaultValue = "one-writer,many-writers",
            converter = ScenarioConverter.class,
            description = "Scenarios to run, comma separated: one-writer, many-writers. Default: both.")
    private List<SharedScenario> scenarios;

    private Integer readers;
    private Integer writers;
    private long writeRate;
    private double turnSeconds;
    private int warmup;
    private int rounds;
    private int sampleEvery;

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
        return SharedOptions.commandLine(new SharedCommand(), "shared");
    }

    /**
     * Sets the reader threads of the one-writer scenario.
     *
     * @param count at least 1
     */
    @Option(names = "--readers", paramLabel = "R",
            description = "Reader threads beside the one writer. Default: available processors - 1, at least 1.")
    void setReaders(int count) {
        readers = SharedOptions.atLeast(spec, count, 1, "--readers");
    }

    /**
     * Sets the writer threads of the many-writers scenario.
     *
     * @param count at least 1
     */
    @Option(names = "--writers", paramLabel = "W",
            description = "Writer threads of the many-writers scenario. Default: available processors.")
    void setWriters(int count) {
        writers = SharedOptions.atLeast(spec, count, 1, "--writers");
    }

    /**
     * Sets the one writer's rate.
     *
     * @param perSecond at least 0
     */
    @Option(names = "--write-rate", paramLabel = "OPS", defaultValue = "1000000",
            description = "Writes per second of the one writer, paced; 0 for as fast as it can. "
                    + "Default: ${DEFAULT-VALUE}.")
    void setWriteRate(long perSecond) {
        if (perSecond < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--write-rate must be at least 0 (0: as fast as it can), not " + perSecond);
        }
        writeRate = perSecond;
    }

    /**
     * Sets how long each map's turn runs.
     *
     * @param seconds 0.01 to 600
     */
    @Option(names = "--turn-seconds", paramLabel = "S", defaultValue = "1.5",
            description = "How long each map's turn runs, in seconds (0.01 to 600). Default: ${DEFAULT-VALUE}.")
    void setTurnSeconds(double seconds) {
        if (!(seconds >= 0.01 && seconds <= 600)) {
            throw new ParameterException(spec.commandLine(), "--turn-seconds must be from 0.01 to 600, not " + seconds);
        }
        turnSeconds = seconds;
    }

    /**
     * Sets the warm-up rounds.
     *
     * @param count at least 0
     */
    @Option(names = "--warmup", paramLabel = "R", defaultValue = "1",
            description = "Untimed rounds before the timed ones. Default: ${DEFAULT-VALUE}.")
    void setWarmup(int count) {
        warmup = SharedOptions.atLeast(spec, count, 0, "--warmup");
    }

    /**
     * Sets the timed rounds.
     *
     * @param count at least 1
     */
    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "Timed rounds; each figure is the median over them (max: the largest). "
                    + "Default: ${DEFAULT-VALUE}.")
    void setRounds(int count) {
        rounds = SharedOptions.atLeast(spec, count, 1, "--rounds");
    }

    /**
     * Sets how often a reader's or a many-writers thread's operation is timed.
     *
     * @param every at least 1
     */
    @Option(names = "--sample-every", paramLabel = "K", defaultValue = "32",
            description = "Readers and many-writers threads time one operation in K (the one writer times every "
                    + "write). 1 to --size. Default: ${DEFAULT-VALUE}.")
    void setSampleEvery(int every) {
        sampleEvery = SharedOptions.atLeast(spec, every, 1, "--sample-every");
    }

    /**
     * The validated options as the run takes them.
     *
     * @return the settings
     * @throws ParameterException when options disagree, or {@code --size} is below the least
     */
    SharedSettings settings() {
        if (size < SharedSettings.MIN_SIZE) {
            throw new ParameterException(spec.commandLine(),
                    "--size must be at least " + SharedSettings.MIN_SIZE + ", not " + size);
        }
        if (sampleEvery > size) {
            throw new ParameterException(spec.commandLine(),
                    "--sample-every " + sampleEvery + " must not exceed --size " + size);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new SharedSettings(size, readers != null ? readers : Math.max(1, cores - 1),
                writers != null ? writers : cores, writeRate, Math.round(turnSeconds * 1e9), warmup, rounds,
                sampleEvery, distinct(maps), distinct(scenarios), shared.seed(), shared.progress());
    }

    @Override
    public Integer call() {
        RunEnvironment.prepare();
        long began = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        SharedSettings settings = settings();
        SharedOutput.header(settings, Runtime.getRuntime().availableProcessors()).forEach(out::println);
        out.flush();

        KeySet keys = KeySet.generate(settings.size(), settings.seed());
        List<Scenario> toRun = new ArrayList<>();
        for (SharedScenario s : settings.scenarios()) {
            toRun.add(s == SharedScenario.ONE_WRITER ? new OneWriter(settings, keys) : new ManyWriters(settings, keys));
        }
        boolean failed = false;
        try (Progress shown = Progress.create(settings.progress(), System.err, "shared")) {
            long steps = 0;
            for (Scenario s : toRun) {
                steps += ScenarioRun.steps(s.maps().size(), settings);
            }
            shown.start(steps);
            for (Scenario s : toRun) {
                if (s.maps().isEmpty()) {
                    continue;
                }
                ScenarioResult result = new ScenarioRun(s, settings, shown).run();
                out.println();
                SharedOutput.render(result).forEach(out::println);
                out.flush();
                failed |= result.anyFailed();
            }
        }
        out.println();
        out.println(TablePrinter.duration((System.nanoTime() - began) / 1_000_000));
        out.flush();
        return failed ? 1 : 0;
    }

    private static <T> List<T> distinct(List<T> values) {
        return new ArrayList<>(new LinkedHashSet<>(values));
    }

    /** Reads a map name, in any case, into its canonical spelling. */
    static final class MapNameConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return SharedMap.canonicalName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads a scenario's name, in any case. */
    static final class ScenarioConverter implements ITypeConverter<SharedScenario> {
        @Override
        public SharedScenario convert(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (SharedScenario s : SharedScenario.values()) {
                if (s.option().equals(wanted)) {
                    return s;
                }
            }
            throw new TypeConversionException("unknown scenario '" + value + "': expected one-writer or many-writers");
        }
    }
}
