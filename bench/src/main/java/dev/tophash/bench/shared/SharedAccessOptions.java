package dev.tophash.bench.shared;

import dev.tophash.bench.compare.CompareCommand;
import dev.tophash.bench.compare.ProgressMode;
import dev.tophash.bench.compare.SharedOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of the shared-access scenarios, declared once for the two commands that run them:
 * {@code shared} mixes them in under their own names ({@code --size}, {@code --readers}, ...),
 * and {@code compare} adds them with a prefix ({@code --shared-size}, {@code --shared-readers},
 * ...) through {@link #mixInto}, because its own {@code --maps}, {@code --rounds} and
 * {@code --warmup} mean the single-thread run's. Picocli only stores what was given; every check
 * is in {@link #settings}, so its messages name each option as the command spells it.
 */
public final class SharedAccessOptions {
    /** The part before an option's name in {@code shared}; compare's {@link #mixInto} replaces it. */
    private static final String PLAIN = "--";
    /** An option's name inside a description, to be spelled with the prefix as well. */
    private static final Pattern OPTION_IN_TEXT = Pattern.compile("--(?=[a-z])");

    private String prefix = PLAIN;

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

    @Option(names = "--readers", paramLabel = "R",
            description = "Reader threads beside the one writer. Default: available processors - 1, at least 1.")
    private Integer readers;

    @Option(names = "--writers", paramLabel = "W",
            description = "Writer threads of the many-writers scenario. Default: available processors.")
    private Integer writers;

    @Option(names = "--write-rate", paramLabel = "OPS", defaultValue = "1000000",
            description = "Writes per second of the one writer, paced; 0 for as fast as it can. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long writeRate;

    @Option(names = "--turn-seconds", paramLabel = "S", defaultValue = "1.5",
            description = "How long each map's turn runs, in seconds (0.01 to 600). Default: ${DEFAULT-VALUE}.")
    private double turnSeconds;

    @Option(names = "--warmup", paramLabel = "R", defaultValue = "1",
            description = "Untimed rounds before the timed ones. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "Timed rounds; each figure is the median over them (max: the largest). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int rounds;

    @Option(names = "--sample-every", paramLabel = "K", defaultValue = "32",
            description = "Readers and many-writers threads time one operation in K (the one writer times every "
                    + "write). 1 to --size. Default: ${DEFAULT-VALUE}.")
    private int sampleEvery;

    /** Made by picocli for {@code shared}, or by {@code compare} before it calls {@link #mixInto}. */
    public SharedAccessOptions() {
    }

    /**
     * Adds these options to {@code command} under prefixed names ({@code --size} becomes
     * {@code prefix + "size"}), in descriptions too, with some defaults replaced; parsing the
     * command then fills this object, and {@link #settings}'s messages use the prefixed names.
     * Call it once, before the command parses.
     *
     * @param command the command's spec, such as compare's
     * @param prefix replaces the leading {@code --}, such as {@code --shared-}
     * @param defaults default values by the plain option name ({@code --turn-seconds}), for the
     *     options whose default differs in {@code command}
     * @throws IllegalArgumentException when a default names no option
     */
    public void mixInto(CommandSpec command, String prefix, Map<String, String> defaults) {
        List<String> unknown = new ArrayList<>(defaults.keySet());
        this.prefix = prefix;
        for (OptionSpec option : CommandSpec.forAnnotatedObject(this).options()) {
            String plain = option.longestName();
            OptionSpec.Builder renamed = option.toBuilder().names(prefix + plain.substring(PLAIN.length()));
            // The builder's description is the declared text, with ${DEFAULT-VALUE} still to fill in.
            List<String> description = new ArrayList<>();
            for (String line : renamed.description()) {
                description.add(OPTION_IN_TEXT.matcher(line).replaceAll(prefix));
            }
            renamed.description(description.toArray(new String[0]));
            if (defaults.containsKey(plain)) {
                renamed.defaultValue(defaults.get(plain));
                unknown.remove(plain);
            }
            command.addOption(renamed.build());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no shared-access option is named " + unknown);
        }
    }

    /**
     * Checks the options and returns them as the run takes them.
     *
     * @param command the spec of the command that parsed them, for the error
     * @param seed the command's {@code --seed}
     * @param progress the command's {@code --progress}
     * @return the settings; {@code --readers} defaults to the available processors - 1 (at least
     *     1), {@code --writers} to the available processors
     * @throws ParameterException naming the option and what it takes, which picocli turns into the
     *     error, a pointer to {@code --help} and exit code 2
     */
    public SharedSettings settings(CommandSpec command, long seed, ProgressMode progress) {
        check(command, size >= SharedSettings.MIN_SIZE, "size", "must be at least " + SharedSettings.MIN_SIZE
                + ", not " + size);
        check(command, readers == null || readers >= 1, "readers", "must be at least 1, not " + readers);
        check(command, writers == null || writers >= 1, "writers", "must be at least 1, not " + writers);
        check(command, writeRate >= 0, "write-rate", "must be at least 0 (0: as fast as it can), not " + writeRate);
        check(command, turnSeconds >= 0.01 && turnSeconds <= 600, "turn-seconds",
                "must be from 0.01 to 600, not " + turnSeconds);
        check(command, warmup >= 0, "warmup", "must be at least 0, not " + warmup);
        check(command, rounds >= 1, "rounds", "must be at least 1, not " + rounds);
        check(command, sampleEvery >= 1, "sample-every", "must be at least 1, not " + sampleEvery);
        check(command, sampleEvery <= size, "sample-every", sampleEvery + " must not exceed " + prefix + "size " + size);
        check(command, scenarios.contains(SharedScenario.ONE_WRITER)
                || maps.stream().anyMatch(SharedMap.MANY_WRITER_NAMES::contains), "maps",
                "has no map that takes many writers (" + String.join(", ", SharedMap.MANY_WRITER_NAMES)
                        + "): the many-writers scenario would run none");
        int cores = Runtime.getRuntime().availableProcessors();
        return new SharedSettings(size, readers != null ? readers : Math.max(1, cores - 1),
                writers != null ? writers : cores, writeRate, Math.round(turnSeconds * 1e9), warmup, rounds,
                sampleEvery, distinct(maps), distinct(scenarios), seed, progress);
    }

    private void check(CommandSpec command, boolean holds, String option, String problem) {
        if (!holds) {
            throw new ParameterException(command.commandLine(), prefix + option + " " + problem);
        }
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
