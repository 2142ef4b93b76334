package dev.tophash.bench.shared;

import dev.tophash.bench.compare.Progress;
import dev.tophash.bench.compare.RunEnvironment;
import dev.tophash.bench.compare.SharedOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code shared} command: maps read and written by several threads at once, the scenarios of
 * {@code compare}'s shared-access section run alone, with their options under plain names
 * ({@link SharedAccessOptions}), printed only. Exit codes: 0 done, 1 a map failed (a wrong answer,
 * or it could not run here), 2 bad options.
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
                + "table per scenario. Not a JMH benchmark.",
            "This is compare's shared-access section, alone: 'compare --shared only' runs it too, with these "
                + "options prefixed --shared- and shorter turns by default, and writes the figures to files."},
        footer = {"", "Example: java -jar bench/target/benchmarks.jar shared --size 10m --write-rate 0"})
public final class SharedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SharedOptions shared;

    @Mixin
    private SharedAccessOptions access;

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
     * The validated options as the run takes them.
     *
     * @return the settings
     * @throws ParameterException when an option is out of range or options disagree
     */
    SharedSettings settings() {
        return access.settings(spec, shared.seed(), shared.progress());
    }

    @Override
    public Integer call() {
        RunEnvironment.prepare();
        PrintWriter out = spec.commandLine().getOut();
        SharedSettings settings = settings();
        SharedAccess.header(settings).forEach(out::println);
        out.flush();
        SharedAccess.Tables tables;
        try (Progress shown = Progress.create(settings.progress(), System.err, "shared")) {
            tables = SharedAccess.run(settings, shown, lines -> {
                lines.forEach(out::println);
                out.flush();
            });
        }
        out.println();
        out.println(tables.duration());
        out.flush();
        return tables.failed() ? 1 : 0;
    }
}
