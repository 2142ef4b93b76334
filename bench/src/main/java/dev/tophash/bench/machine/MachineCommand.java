package dev.tophash.bench.machine;

import dev.tophash.bench.compare.CompareCommand;
import dev.tophash.bench.compare.GcPauses;
import dev.tophash.bench.compare.Progress;
import dev.tophash.bench.compare.ProgressMode;
import dev.tophash.bench.compare.RunEnvironment;
import dev.tophash.bench.compare.SharedOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code machine} command: what this machine itself adds to a growing table's puts, with no
 * map involved. It measures the first write to fresh memory against memory reused at once
 * ({@link FirstTouch}), then counts slow operations in three kinds of timed operation,
 * alternated in one JVM ({@link StallProbe}). Prints only, to the command line's output (standard
 * output unless a test sets another); progress goes to standard error. Exit codes: 0 done, 1 the
 * memory it needs could not be had, 2 bad options or more memory asked for than the machine has
 * available. It declares {@code --help} and {@code --progress} itself rather than mixing in
 * {@link SharedOptions}, whose {@code --seed} seeds keys, which this command has none of.
 */
@Command(name = "machine", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Measures what this machine adds to a map's operations, with no map: the cost of writing to fresh memory "
                + "(per 2 MiB, against memory reused at once), and the pauses in short timed operations that spin, "
                + "that write to random places in resident memory, and that do so while another thread faults fresh "
                + "memory in, as a growing tophash table's prefault thread does.",
            "Read a map's put-latency tail from compare against these: a pause that all three phases show is the "
                + "machine's; one that only the memory phases show is the memory system's.",
            "Prints its tables; writes no files."},
        footer = {"", "Example: java -jar bench/target/benchmarks.jar machine --rounds 5"})
public final class MachineCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, plain lines otherwise), bar, lines or none. Default: ${DEFAULT-VALUE}.")
    private ProgressMode progress;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "10m", converter = CompareCommand.SizeConverter.class,
            description = "Timed operations per phase and round, as many as a fill has puts; k and m suffixes "
                    + "allowed. Default: ${DEFAULT-VALUE}.")
    private int ops;

    private int rounds;
    private long opNs;
    private int regionMiB;
    private int freshMiB;
    private int faultRate;

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
        return SharedOptions.commandLine(new MachineCommand(), "machine");
    }

    /**
     * Sets the rounds.
     *
     * @param count at least 1
     */
    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3",
            description = "Rounds of the three phases, run one after another. Default: ${DEFAULT-VALUE}.")
    void setRounds(int count) {
        rounds = SharedOptions.atLeast(spec, count, 1, "--rounds");
    }

    /**
     * Sets the length of a timed operation.
     *
     * @param ns at least 1
     */
    @Option(names = "--op-ns", paramLabel = "NS", defaultValue = "250",
            description = "How long each timed operation runs at least, in ns, 1 to 100000; about a growing tophash "
                    + "put here. Default: ${DEFAULT-VALUE}.")
    void setOpNs(int ns) {
        opNs = SharedOptions.atMost(spec, SharedOptions.atLeast(spec, ns, 1, "--op-ns"), 100_000, "--op-ns");
    }

    /**
     * Sets the random-write region's size.
     *
     * @param mib 1 to 16384
     */
    @Option(names = "--region", paramLabel = "MIB", defaultValue = "288",
            description = "The resident region random writes go to, in MiB, 1 to 16384; the default is the head "
                    + "buckets of a 10M-entry table. Default: ${DEFAULT-VALUE}.")
    void setRegion(int mib) {
        regionMiB = SharedOptions.atMost(spec, SharedOptions.atLeast(spec, mib, 1, "--region"), 16_384, "--region");
    }

    /**
     * Sets how much fresh memory is taken.
     *
     * @param mib 64 to 65536
     */
    @Option(names = "--fresh", paramLabel = "MIB", defaultValue = "1024",
            description = "Fresh memory for the first-touch measurement, and the most the faulting thread writes in "
                    + "one phase (in whole 64 MiB pieces), in MiB, 64 to 65536; a fill to 10M entries takes about 650. "
                    + "Raise it with --fault-rate: the thread stops at it, and the report says when it did. "
                    + "Default: ${DEFAULT-VALUE}.")
    void setFresh(int mib) {
        freshMiB = SharedOptions.atMost(spec, SharedOptions.atLeast(spec, mib, 64, "--fresh"), 65_536, "--fresh");
    }

    /**
     * Sets the faulting thread's rate.
     *
     * @param megabytesPerSecond 1 to 100000
     */
    @Option(names = "--fault-rate", paramLabel = "MB/S", defaultValue = "200",
            description = "How fast the faulting thread writes fresh memory, in MB/s, 1 to 100000: about a 10M-entry "
                    + "fill's here. Default: ${DEFAULT-VALUE}.")
    void setFaultRate(int megabytesPerSecond) {
        faultRate = SharedOptions.atMost(spec, SharedOptions.atLeast(spec, megabytesPerSecond, 1, "--fault-rate"), 100_000,
                "--fault-rate");
    }

    /**
     * The validated options as the run takes them.
     *
     * @return the settings
     */
    public MachineSettings settings() {
        return new MachineSettings(ops, rounds, opNs, regionMiB, freshMiB, faultRate, progress);
    }

    /**
     * Why a run would take more memory than the machine has free, or null when it fits: the
     * region and the fresh memory are held at once, and their pages are written, so an
     * over-committed allocation would end in the kernel's OOM killer rather than an error.
     *
     * @param s the settings
     * @param availableBytes what the machine has available, or a negative number when unknown
     * @return the reason, or null
     */
    static String memoryProblem(MachineSettings s, long availableBytes) {
        long needed = s.regionBytes() + s.freshBytes();
        if (availableBytes >= 0 && needed > availableBytes / 10 * 8) {
            return String.format(Locale.ROOT, "--region %d and --fresh %d need %,d MiB at once, more than 80%% of the "
                    + "%,d MiB this machine has available; choose smaller ones", s.regionMiB(), s.freshMiB(),
                    needed >> 20, availableBytes >> 20);
        }
        return null;
    }

    /** MemAvailable from /proc/meminfo, or -1 where there is none (not Linux). */
    private static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        MachineSettings s = settings();
        String tooBig = memoryProblem(s, availableBytes());
        if (tooBig != null) {
            return refuse(tooBig, 2);
        }
        RunEnvironment.describe(new GcPauses()).forEach(out::println);
        out.println();
        out.flush();
        FirstTouch.Result[] touch;
        List<StallProbe.Stalls> stalls = new ArrayList<>();
        try (Progress shown = Progress.create(s.progress(), err, "machine")) {
            StallProbe.Phase[] phases = StallProbe.Phase.values();
            shown.start(1 + (long) s.rounds() * phases.length);
            shown.step("first write to " + s.freshMiB() + " MiB of fresh memory");
            touch = FirstTouch.measure(s.freshBytes());
            StallProbe probe = new StallProbe(s.regionBytes(), s.opNs(), s.freshBytes(), s.faultBytesPerSecond());
            try {
                for (int r = 1; r <= s.rounds(); r++) {
                    for (StallProbe.Phase phase : phases) {
                        shown.step(String.format(Locale.ROOT, "round %d of %d: %s", r, s.rounds(), phase.label()));
                        stalls.add(probe.run(phase, s.ops()));
                    }
                }
            } finally {
                probe.close();
            }
        } catch (OutOfMemoryError | RuntimeException e) {
            return refuse("could not measure: " + e, 1);
        }
        MachineReport.render(s, touch, stalls).forEach(out::println);
        out.flush();
        return 0;
    }

    /** Says why the command stops, on the command line's error stream, and returns its exit code. */
    private int refuse(String why, int exitCode) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("machine: " + why);
        err.flush();
        return exitCode;
    }
}
