package dev.tophash.bench.compare;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What the commands of the bench CLI share: the options {@code --help}, {@code --seed} and
 * {@code --progress} (a picocli mixin for the commands that make keys, {@code compare} and
 * {@code mapped}: they declare {@code @Mixin SharedOptions}), the checks of whole-number
 * options, and how every command line is set up and run.
 */
public final class SharedOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the keys and of tophash's hash, so runs repeat. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, plain lines otherwise), bar, lines or none. Default: ${DEFAULT-VALUE}.")
    private ProgressMode progress;

    /** Made by picocli, for the command that mixes it in. */
    public SharedOptions() {
    }

    /**
     * The seed of the keys and of the maps' hash function.
     *
     * @return {@code --seed}
     */
    public long seed() {
        return seed;
    }

    /**
     * How progress is shown.
     *
     * @return {@code --progress}
     */
    public ProgressMode progress() {
        return progress;
    }

    /**
     * Checks a whole-number option while picocli parses it (from the option's setter).
     *
     * @param spec the command's spec, which picocli injects
     * @param value the value given
     * @param min the least value allowed
     * @param option the option's name, for the message
     * @return {@code value}
     * @throws ParameterException naming the option and the least value, which picocli turns into
     *     the error, a pointer to {@code --help} and exit code 2
     */
    public static int atLeast(CommandSpec spec, int value, int min, String option) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    /**
     * Prepares the JVM ({@link RunEnvironment#prepare}), then runs a command line.
     *
     * @param commandLine the command's command line, from {@link #commandLine}
     * @param args the command's arguments
     * @return the exit code: 2 for bad options, else what the command returned
     */
    public static int run(CommandLine commandLine, String[] args) {
        RunEnvironment.prepare();
        return commandLine.execute(args);
    }

    /**
     * A picocli command line over a command of the bench CLI: enum values in any case, and bad
     * input answered with the error and a pointer to {@code --help} (not the whole usage, which
     * would scroll the error out of sight), exit code 2.
     *
     * @param command the annotated command object
     * @param name the command's name on the {@code benchmarks.jar} command line
     * @return a new command line
     */
    public static CommandLine commandLine(Object command, String name) {
        CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, failed.getErr());
            failed.getErr().println("Try 'java -jar bench/target/benchmarks.jar " + name + " --help' for the options.");
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }
}
