package dev.tophash.bench.shared;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Bad values of the shared-access options, each with what the error must say, for the two
 * commands that take them: {@code shared} under plain names, {@code compare} with its prefix.
 */
public final class SharedAccessBadInput {
    /** Option, value, part of the message; {@code @} stands for the command's prefix of the option's name. */
    private static final String[][] CASES = {
        {"@size", "99", "@size must be at least 100"},
        {"@size", "0", "not a size"},
        {"@readers", "0", "@readers must be at least 1"},
        {"@writers", "0", "@writers must be at least 1"},
        {"@write-rate", "-1", "@write-rate must be at least 0"},
        {"@write-rate", "fast", "@write-rate"},
        {"@turn-seconds", "0.001", "@turn-seconds must be from 0.01 to 600"},
        {"@turn-seconds", "601", "@turn-seconds must be from 0.01 to 600"},
        {"@turn-seconds", "NaN", "@turn-seconds must be from 0.01 to 600"},
        {"@rounds", "0", "@rounds must be at least 1"},
        {"@warmup", "-1", "@warmup must be at least 0"},
        {"@sample-every", "0", "@sample-every must be at least 1"},
        {"@maps", "tophash,HashMap", "unknown map 'HashMap'"},
        {"@scenarios", "readers", "unknown scenario 'readers'"},
    };

    private SharedAccessBadInput() {
    }

    /**
     * The cases with the options spelled as a command spells them.
     *
     * @param prefix what stands before an option's name, such as {@code --} or {@code --shared-}
     * @return option, value and the part of the message, per case
     */
    public static Stream<Arguments> spelledWith(String prefix) {
        return Arrays.stream(CASES).map(c -> Arguments.of(c[0].replace("@", prefix), c[1], c[2].replace("@", prefix)));
    }
}
