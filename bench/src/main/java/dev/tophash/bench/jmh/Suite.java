package dev.tophash.bench.jmh;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Runs the suite, or one class of it, from a {@code main}, through JMH's own command line, so
 * every JMH option works ({@code -l}, {@code -p}, {@code -prof gc}, {@code -rf json}, ...).
 */
public final class Suite {
    private Suite() {
    }

    /**
     * Runs every benchmark of this package: long, see bench/README.md for the estimate.
     *
     * @param args JMH command-line options, such as {@code -p map=tophash -p size=1000}
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        run(Suite.class.getPackageName() + ".", args);
    }

    /**
     * Runs one benchmark class with its annotations' settings, overridden by {@code args}.
     * Like JMH itself, exits the JVM when done.
     *
     * @param benchmark the class
     * @param args JMH command-line options; a regexp among them adds to the selection
     * @throws IOException if JMH cannot write its output
     */
    public static void run(Class<?> benchmark, String[] args) throws IOException {
        run(benchmark.getName() + ".", args);
    }

    private static void run(String prefix, String[] args) throws IOException {
        String[] all = new String[args.length + 1];
        all[0] = Pattern.quote(prefix);
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
