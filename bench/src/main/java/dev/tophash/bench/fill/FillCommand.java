package dev.tophash.bench.fill;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.bench.compare.BusyWaitControl;
import dev.tophash.bench.compare.CompareCommand;
import dev.tophash.bench.compare.GcPauses;
import dev.tophash.bench.compare.GrowthLatency;
import dev.tophash.bench.compare.GrowthRecorder;
import dev.tophash.bench.compare.HeapMeter;
import dev.tophash.bench.compare.KeySet;
import dev.tophash.bench.compare.SharedOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code fill} command: every put of one fill from empty timed, with nothing run before it,
 * so that started in a new JVM it shows the first fill's pauses (cold code, memory the process
 * never had), which {@code compare}'s growth phase, run after its rounds, cannot show. Each map
 * named fills once, in the order given; only the first has the JVM to itself. Then the
 * {@code busy-wait} control of {@code compare} ({@link BusyWaitControl}): as many busy-waits as
 * puts, each as long as the first map's mean put, timed the same way, so the same run shows
 * what the machine alone adds. Exit codes: 0 done, 1 a map answered wrongly, 2 bad options.
 */
@Command(name = "fill", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Times every put while a map grows from empty to --size, with no warm-up: run it in a fresh JVM "
            + "for the first fill's pauses. Prints the latency percentiles, the collector's pauses and the slowest puts "
            + "with the entry count at which each came, then compare's busy-wait control."},
        footer = {"", "Example: java -jar bench/target/benchmarks.jar fill --size 10m --maps tophash"})
public final class FillCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", defaultValue = "10m", converter = CompareCommand.SizeConverter.class,
            description = "Entries to fill to; k and m suffixes allowed. Default: ${DEFAULT-VALUE}.")
    private int size;

    @Option(names = "--maps", split = ",", paramLabel = "MAP", defaultValue = "tophash",
            converter = CompareCommand.MapNameConverter.class,
            description = "Maps to fill, one after another, any case: tophash, HashMap, agrona, fastutil, chronicle. "
                + "Default: ${DEFAULT-VALUE}.")
    private List<String> maps;

    @Option(names = "--slowest", paramLabel = "K", defaultValue = "5",
            description = "How many of the slowest puts to list. Default: ${DEFAULT-VALUE}.")
    private int slowest;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the keys and of tophash's hash. Default: ${DEFAULT-VALUE}.")
    private long seed;

    /**
     * Parses {@code args} and runs.
     *
     * @param args the options
     * @return the exit code
     */
    public static int run(String... args) {
        return SharedOptions.run(commandLine(), args);
    }

    /**
     * A picocli command line over a new command, as {@link #run} uses it.
     *
     * @return the command line
     */
    public static CommandLine commandLine() {
        return SharedOptions.commandLine(new FillCommand(), "fill");
    }

    @Override
    public Integer call() {
        if (slowest < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slowest must be at least 1, not " + slowest);
        }
        PrintWriter out = spec.commandLine().getOut();
        KeySet keys = KeySet.generate(size, seed);
        GcPauses gc = new GcPauses();
        out.printf(Locale.ROOT, "one fill from empty to %,d keys per map, every put timed (two System.nanoTime reads "
            + "included), no warm-up; seed %d%n", size, seed);
        out.printf(Locale.ROOT, "%-10s %9s %9s %9s %9s %9s %9s %10s  %s%n",
            "map", "p50", "p99", "p99.9", "p99.99", "max", "mean", "GC pauses", "slowest puts (at entry count)");
        int exit = 0;
        double firstMean = 0;
        for (String map : maps) {
            FillLatency f;
            long[] before = gc.snapshot();
            try (LongLongPeer peer = LongLongPeer.create(map, 0, seed)) {
                f = FillLatency.fill(peer::put, keys.insertOrder(), keys.values(), slowest);
                if (peer.size() != size) {
                    out.printf(Locale.ROOT, "%-10s !! holds %,d entries after %,d puts of distinct keys%n", map, peer.size(), size);
                    exit = 1;
                    continue;
                }
            }
            long[] after = gc.snapshot();
            if (firstMean == 0) {
                firstMean = f.mean();
            }
            out.printf(Locale.ROOT, "%-10s %9s %9s %9s %9s %9s %9s %10s  %s%n", map,
                FillLatency.format(f.percentile(50)), FillLatency.format(f.percentile(99)),
                FillLatency.format(f.percentile(99.9)), FillLatency.format(f.percentile(99.99)),
                FillLatency.format(f.max()), FillLatency.format(Math.round(f.mean())),
                (after[0] - before[0]) + " (" + (after[1] - before[1]) + " ms)", f.slowestDescription());
        }
        GrowthRecorder recorder = new GrowthRecorder(gc, new HeapMeter(), 0);
        long busyNs = Math.max(1, Math.round(firstMean) - recorder.timerFloorNs());
        GrowthLatency c = recorder.recordBusyWait(size, busyNs).latency();
        out.printf(Locale.ROOT, "%-10s %9s %9s %9s %9s %9s %9s %10s  %s%n", BusyWaitControl.NAME,
            FillLatency.format(c.p50Ns()), FillLatency.format(c.p99Ns()), FillLatency.format(c.p999Ns()),
            FillLatency.format(c.p9999Ns()), FillLatency.format(c.maxNs()), FillLatency.format(Math.round(c.meanNs())),
            c.gcPauses() + " (" + c.gcPauseMillis() + " ms)", "no map: " + size + " busy-waits of " + busyNs + " ns");
        out.flush();
        return exit;
    }
}
