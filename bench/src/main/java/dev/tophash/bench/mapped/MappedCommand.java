package dev.tophash.bench.mapped;

import dev.tophash.bench.compare.CompareCommand;
import dev.tophash.bench.compare.Progress;
import dev.tophash.bench.compare.RunEnvironment;
import dev.tophash.bench.compare.SharedOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code mapped} command: its options (picocli), the table file's place, the run, and the
 * printed and written results. Exit codes: 0 done, 1 the run failed part-way or the files
 * could not be written or removed, 2 bad options.
 */
@Command(name = "mapped", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Measures a file-backed tophash LongLongMap: how long reopening its file takes next to rebuilding a "
                + "HashMap<Long,Long> and an in-memory LongLongMap from the same data, and its get-hit ns/op next to "
                + "the in-memory table's once its pages are resident (the ratio is the figure to watch).",
            "Prints the tables and writes mapped.csv and mapped-summary.txt into the results folder. The table file "
                + "is deleted at the end unless --keep.",
            "This is a quick measurement in one JVM, not a JMH benchmark."},
        footer = {"", "Example: java -jar bench/target/benchmarks.jar mapped --size 1m --rounds 3"})
public final class MappedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SharedOptions shared;

    @Option(names = "--size", paramLabel = "N", defaultValue = "10m", converter = CompareCommand.SizeConverter.class,
            description = "Entries in the table; k and m suffixes allowed (20k, 1m). 1 to 50m. Default: ${DEFAULT-VALUE}.")
    private int size;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder for the table file (created if missing; the file must not exist yet). "
                    + "Default: a new temporary folder inside the results folder, removed at the end.")
    private Path tableDir;

    @Option(names = "--keep", description = "Leave the table file in place at the end.")
    private boolean keep;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "results",
            description = "Folder for mapped.csv and mapped-summary.txt (created if missing). Default: ${DEFAULT-VALUE}.")
    private Path resultsDir;

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
        return SharedOptions.commandLine(new MappedCommand(), "mapped");
    }

    /**
     * Sets the timed rounds.
     *
     * @param count at least 1
     */
    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "Timed rounds of each measurement, after one untimed round; the median and the minimum are "
                    + "reported. Default: ${DEFAULT-VALUE}.")
    void setRounds(int count) {
        rounds = SharedOptions.atLeast(spec, count, 1, "--rounds");
    }

    /**
     * The validated options as the run takes them.
     *
     * @return the settings
     */
    public MappedSettings settings() {
        return new MappedSettings(size, tableDir, keep, resultsDir, rounds, shared.seed(), shared.progress());
    }

    @Override
    public Integer call() {
        RunEnvironment.prepare();
        PrintStream out = System.out;
        PrintStream err = System.err;
        MappedSettings settings = settings();
        Path results = settings.resultsDir();
        Path dir;
        try {
            Files.createDirectories(results);
            dir = settings.tableDir() == null ? Files.createTempDirectory(results, "mapped-")
                    : Files.createDirectories(settings.tableDir());
        } catch (IOException e) {
            err.println("cannot create the folders " + results + " and " + settings.tableDir() + ": " + e);
            return 1;
        }
        Path file = dir.resolve("mapped-" + settings.size() + ".tophash");
        if (Files.exists(file)) {
            err.println(file + " already exists (kept by an earlier run with --keep?): delete it or choose another --dir");
            return 1;
        }
        MappedOutput.header(settings, file).forEach(out::println);
        out.flush();

        MappedReport report;
        boolean removed = true;
        try (Progress shown = Progress.create(settings.progress(), err, "mapped")) {
            report = new MappedRun(settings, file, shown).run();
        } finally {
            if (!settings.keep()) {
                removed = remove(file, settings.tableDir() == null ? dir : null, err);
            }
        }
        MappedOutput.render(report).forEach(out::println);

        List<Path> written;
        try {
            written = MappedOutput.write(report, results);
        } catch (IOException e) {
            err.println("cannot write the results into " + results + ": " + e);
            return 1;
        }
        out.println("results in " + results.toAbsolutePath().normalize() + ": " + written.get(0).getFileName() + ", "
                + written.get(1).getFileName() + (settings.keep() ? "; table file kept: " + file.toAbsolutePath() : ""));
        out.flush();
        return report.isFailed() || !removed ? 1 : 0;
    }

    /** Deletes the table file and, when this command made it, its folder; says what it could not. */
    private static boolean remove(Path file, Path ownDir, PrintStream err) {
        try {
            Files.deleteIfExists(file);
            if (ownDir != null) {
                Files.deleteIfExists(ownDir);
            }
            return true;
        } catch (IOException e) {
            err.println("could not remove the table file " + file + ": " + e);
            return false;
        }
    }
}
