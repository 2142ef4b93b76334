package dev.tophash.bench;

import dev.tophash.bench.compare.CompareCommand;
import dev.tophash.bench.mapped.MappedCommand;
import dev.tophash.bench.shared.SharedCommand;
import dev.tophash.bench.streams.StreamsCommand;
import java.util.Arrays;
import java.util.Locale;

/**
 * The entry point of {@code benchmarks.jar}: {@code compare} runs the side-by-side comparison
 * (single-thread sizes, then maps read and written by several threads at once),
 * {@code mapped} measures a file-backed table (reopen vs rebuild, get-hit vs in memory),
 * {@code shared} runs compare's shared-access section alone,
 * {@code fill} times every put of a fresh JVM's first fill,
 * {@code ab} runs two builds of the engine side by side, {@code jmh} hands the remaining
 * arguments to JMH.
 *
 * <p>The jar's manifest carries the {@code Add-Exports}/{@code Add-Opens} entries that tophash
 * (through Agrona) and Chronicle Map need, so {@code java -jar benchmarks.jar compare} needs no
 * flags, and neither does {@code mapped}, whose file-backed tables need the {@code sun.nio.ch}
 * and {@code java.lang.reflect} opens. JMH's forked JVMs are started with {@code -cp}, where
 * the manifest does not apply; the JMH benchmarks pass their flags through
 * {@code @Fork(jvmArgsAppend)}.
 */
public final class Main {
    private Main() {
    }

    /**
     * Dispatches to a subcommand and exits with its exit code.
     *
     * @param args the subcommand ({@code compare}, {@code mapped}, {@code shared}, {@code streams}, {@code fill},
     *     {@code ab} or {@code jmh}) and its arguments
     * @throws Exception whatever JMH throws
     */
    public static void main(String[] args) throws Exception {
        String sub = args.length == 0 ? "" : args[0].toLowerCase(Locale.ROOT);
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (sub) {
            case "compare":
                System.exit(CompareCommand.run(rest));
                break;
            case "fill":
                System.exit(dev.tophash.bench.fill.FillCommand.run(rest));
                break;
            case "ab":
                System.exit(dev.tophash.bench.ab.AbCommand.run(rest));
                break;
            case "streams":
                System.exit(StreamsCommand.run(rest));
                break;
            case "mapped":
                System.exit(MappedCommand.run(rest));
                break;
            case "shared":
                System.exit(SharedCommand.run(rest));
                break;
            case "jmh":
                org.openjdk.jmh.Main.main(rest);
                break;
            case "-h":
            case "--help":
            case "help":
                usage();
                break;
            default:
                if (!sub.isEmpty()) {
                    System.err.println("unknown command '" + args[0] + "'");
                }
                usage();
                System.exit(2);
        }
    }

    private static void usage() {
        System.err.println(String.join(System.lineSeparator(),
                "usage: java -jar benchmarks.jar <command> [options]",
                "",
                "commands:",
                "  compare   side-by-side comparison of tophash, HashMap, Agrona, fastutil and Chronicle Map",
                "            on the same keys, taking turns round by round in one JVM; then maps shared between",
                "            threads (--shared on|off|only; compare --help for options)",
                "  streams   tophash's Kafka Streams stores next to RocksDB and Kafka's in-memory store on",
                "            count-by-key: records/s, footprint, restart (streams --help for options)",
                "  mapped    a file-backed tophash table: reopen time vs rebuilding a HashMap and an in-memory",
                "            table, and get-hit ns/op vs in memory (mapped --help for options)",
                "  shared    compare's shared-access section alone, printed only: one writer with readers, and many",
                "            writers; throughput and latency, the maps taking turns (shared --help for options)",
                "  fill      every put of one fill from empty timed, no warm-up: a fresh JVM's first fill (fill --help)",
                "  ab        two engine builds side by side in one JVM, round by round (ab --help; bench/ab-baseline.sh)",
                "  jmh       the JMH benchmarks; the remaining arguments go to JMH (jmh -h for its options)"));
    }
}
