package dev.tophash.bench.streams;

import dev.tophash.bench.compare.CompareCommand;
import dev.tophash.bench.compare.GcPauses;
import dev.tophash.bench.compare.RunEnvironment;
import dev.tophash.bench.compare.SharedOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code streams} command: tophash's Kafka Streams stores next to RocksDB and Kafka's
 * in-memory store, on count-by-key. Rounds are interleaved store by store, so that a change in
 * the machine's load during the run falls on every store alike. Exit codes: 0 done, 1 a
 * round failed its check or the state directories could not be made or removed, 2 bad options.
 */
@Command(name = "streams", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Counts records by key with tophash's persistent and in-memory Kafka Streams stores, RocksDB "
                + "(Stores.persistentKeyValueStore) and Kafka's in-memory store (Stores.inMemoryKeyValueStore): records/s on "
                + "the store's path with a commit every --commit-every records, the bytes each store keeps on disk or on the "
                + "heap, its restart time (reopen, or restore), and records/s through a count-by-key topology in "
                + "TopologyTestDriver, which commits after every record.",
            "This is a quick measurement in one JVM, not a JMH benchmark."},
        footer = {"", "Example: java -jar bench/target/benchmarks.jar streams --records 1m --keys 100k"})
public final class StreamsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SharedOptions shared;

    @Option(names = "--records", paramLabel = "N", defaultValue = "200k", converter = CompareCommand.SizeConverter.class,
            description = "Records counted per round on the store path; k and m suffixes allowed. Default: ${DEFAULT-VALUE}.")
    private int records;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "20k", converter = CompareCommand.SizeConverter.class,
            description = "Distinct keys the records spread over, uniformly. Default: ${DEFAULT-VALUE}.")
    private int keys;

    @Option(names = "--commit-every", paramLabel = "N", defaultValue = "10k", converter = CompareCommand.SizeConverter.class,
            description = "Records between two commits on the store path. Default: ${DEFAULT-VALUE}.")
    private int commitEvery;

    @Option(names = "--topology-records", paramLabel = "N", defaultValue = "300", converter = CompareCommand.SizeConverter.class,
            description = "Records per round through the topology in TopologyTestDriver. Default: ${DEFAULT-VALUE}.")
    private int topologyRecords;

    private int rounds;

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
        return SharedOptions.commandLine(new StreamsCommand(), "streams");
    }

    /**
     * Sets the timed rounds.
     *
     * @param count at least 1
     */
    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3",
            description = "Timed rounds of each measurement, after one untimed round. Default: ${DEFAULT-VALUE}.")
    void setRounds(int count) {
        rounds = SharedOptions.atLeast(spec, count, 1, "--rounds");
    }

    /**
     * The validated options as the run takes them.
     *
     * @return the settings
     */
    public StreamsSettings settings() {
        return new StreamsSettings(records, keys, commitEvery, topologyRecords, rounds, shared.seed());
    }

    @Override
    public Integer call() {
        // Kafka Streams warns about its own configuration defaults on every store and driver.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir;
        try {
            dir = Files.createTempDirectory("tophash-streams-bench");
        } catch (IOException e) {
            err.println("cannot create a temporary folder for the state directories: " + e);
            err.flush();
            return 1;
        }
        StreamsSettings settings = settings();
        RunEnvironment.describe(new GcPauses()).forEach(out::println);
        out.println("NOT a JMH benchmark: one JVM; " + StreamsSettings.WARMUP_ROUNDS + " untimed round, then " + settings.rounds()
            + " timed rounds, stores interleaved in each round.");
        out.println();
        out.flush();
        try {
            StreamsReport report = measure(settings, dir, err);
            report.render().forEach(out::println);
            return removeTree(dir, err) ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("the run failed: " + e);
            removeTree(dir, err);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static StreamsReport measure(StreamsSettings settings, Path dir, PrintWriter err) {
        StreamsReport report = new StreamsReport(settings);
        long[] storePathKeys = keys(settings.records(), settings.keys(), settings.seed());
        long[] topologyKeys = keys(settings.topologyRecords(), settings.keys(), settings.seed() + 1);
        int total = StreamsSettings.WARMUP_ROUNDS + settings.rounds();
        int runs = 0;
        for (int round = 0; round < total; round++) {
            boolean timed = round >= StreamsSettings.WARMUP_ROUNDS;
            for (StoreUnderTest kind : StoreUnderTest.values()) {
                err.printf(Locale.ROOT, "round %d/%d: %s, store path%n", round + 1, total, kind.label());
                err.flush();
                StorePathRound.Result result = StorePathRound.run(kind, storePathKeys, settings.commitEvery(),
                    dir.resolve("store-" + runs++));
                if (timed) {
                    report.addStorePath(kind, result);
                }
            }
            for (StoreUnderTest kind : StoreUnderTest.values()) {
                err.printf(Locale.ROOT, "round %d/%d: %s, topology%n", round + 1, total, kind.label());
                err.flush();
                long nanos = TopologyRound.run(kind, topologyKeys, dir.resolve("topology-" + runs++));
                if (timed) {
                    report.addTopology(kind, nanos);
                }
            }
        }
        return report;
    }

    /** keys draws {@code records} keys uniformly from {@code distinct} random longs. */
    static long[] keys(int records, int distinct, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] pool = random.longs(distinct).toArray();
        long[] keys = new long[records];
        for (int i = 0; i < records; i++) {
            keys[i] = pool[random.nextInt(distinct)];
        }
        return keys;
    }

    /** removeTree deletes the run's state directories; says so when it cannot. */
    private static boolean removeTree(Path dir, PrintWriter err) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            err.println("could not remove the state directories in " + dir + ": " + e);
            return false;
        }
    }
}
