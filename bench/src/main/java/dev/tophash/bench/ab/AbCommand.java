package dev.tophash.bench.ab;

import dev.tophash.bench.compare.CompareCommand;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ab} command: two builds of the engine side by side in one JVM, each loaded by its
 * own {@link EngineLoader}, running the same {@link LongLongWorkload} round by round, builds
 * alternating which goes first. Prints per size and operation the median and minimum ns/op of
 * each build over the measured rounds and the ratio of the medians (candidate / baseline).
 * Exit codes: 0 done, 1 the run failed, 2 bad options.
 */
@Command(name = "ab", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "A/B of two engine builds in one JVM: LongLongMap get-hit, get-miss, get-dependent, put (growing) and "
                + "remove, the builds interleaved round by round, medians and minimums over the rounds.",
            "The baseline is given as the engine and codecs jars (or class folders) of another build; "
                + "bench/ab-baseline.sh REV builds them for a git revision and runs this command."},
        footer = {"", "Example: java -jar bench/target/benchmarks.jar ab --baseline base/engine.jar,base/codecs.jar --sizes 10k,10m"})
public final class AbCommand implements Callable<Integer> {
    private static final List<String> OPS = List.of("get-hit", "get-miss", "get-dependent", "put", "remove");

    @Spec
    private CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "PATH", split = ",", required = true,
            description = "The baseline build: its engine and codecs jars or class folders.")
    private List<Path> baseline;

    @Option(names = "--candidate", paramLabel = "PATH", split = ",",
            description = "The candidate build's jars or class folders. Default: the engine inside this program.")
    private List<Path> candidate = List.of();

    @Option(names = "--sizes", paramLabel = "N,N", split = ",", defaultValue = "10k,10m",
            converter = CompareCommand.SizeConverter.class,
            description = "Map sizes; k and m suffixes allowed. Default: ${DEFAULT-VALUE}.")
    private List<Integer> sizes;

    @Option(names = "--ops", paramLabel = "OP,OP", split = ",", defaultValue = "get-hit,get-miss,get-dependent,put,remove",
            description = "Operations, from ${DEFAULT-VALUE}.")
    private List<String> ops;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "9", description = "Measured rounds. Default: ${DEFAULT-VALUE}.")
    private int rounds;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "2",
            description = "Rounds run first and not counted, so both builds are compiled. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Key seed. Default: ${DEFAULT-VALUE}.")
    private long seed;

    /**
     * Parses {@code args} and runs.
     *
     * @param args the options
     * @return the exit code
     */
    public static int run(String... args) {
        return new CommandLine(new AbCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (String op : ops) {
            if (!OPS.contains(op)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown operation '" + op + "'; expected one of " + OPS);
            }
        }
        if (rounds < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1 and --warmup at least 0");
        }
        for (Path p : baseline) {
            if (!Files.exists(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--baseline " + p + " does not exist");
            }
        }
        ClassLoader parent = AbCommand.class.getClassLoader();
        EngineLoader base = new EngineLoader("baseline", baseline, parent);
        EngineLoader cand = new EngineLoader("candidate", candidate, parent);
        out.printf(Locale.ROOT, "A/B in one JVM: baseline %s, candidate %s; %d measured rounds after %d warm-up; seed %d%n",
            baseline, candidate.isEmpty() ? "this program's engine" : candidate, rounds, warmup, seed);
        for (int n : sizes) {
            try (AutoCloseable a = workload(base, n); AutoCloseable b = workload(cand, n)) {
                measure(out, n, castWorkload(a), castWorkload(b));
            }
        }
        out.flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static ToDoubleFunction<String> castWorkload(AutoCloseable w) {
        return (ToDoubleFunction<String>) w;
    }

    private AutoCloseable workload(EngineLoader loader, int n) throws ReflectiveOperationException {
        Class<?> c = Class.forName(LongLongWorkload.class.getName(), true, loader);
        Constructor<?> make = c.getConstructor(int.class, long.class);
        return (AutoCloseable) make.newInstance(n, seed);
    }

    private void measure(PrintWriter out, int n, ToDoubleFunction<String> base, ToDoubleFunction<String> cand) {
        double[][][] ns = new double[2][ops.size()][rounds];
        for (int r = -warmup; r < rounds; r++) {
            // Which build goes first alternates, so neither always runs on a machine the other warmed.
            boolean baseFirst = ((r + warmup) & 1) == 0;
            for (int side : baseFirst ? new int[] {0, 1} : new int[] {1, 0}) {
                ToDoubleFunction<String> w = side == 0 ? base : cand;
                for (int o = 0; o < ops.size(); o++) {
                    double v = w.applyAsDouble(ops.get(o));
                    if (r >= 0) {
                        ns[side][o][r] = v;
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "%n%,d entries%n", n);
        out.printf(Locale.ROOT, "| op | baseline median | candidate median | candidate / baseline | baseline min | candidate min |%n");
        out.printf(Locale.ROOT, "| --- | ---: | ---: | ---: | ---: | ---: |%n");
        for (int o = 0; o < ops.size(); o++) {
            double bm = median(ns[0][o]);
            double cm = median(ns[1][o]);
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.3f | %.1f | %.1f |%n", ops.get(o), bm, cm, cm / bm,
                min(ns[0][o]), min(ns[1][o]));
        }
        out.flush();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }
}
