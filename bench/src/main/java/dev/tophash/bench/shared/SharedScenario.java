package dev.tophash.bench.shared;

import java.util.Locale;

/** The scenarios the {@code shared} command runs, by the names its {@code --scenarios} option takes. */
public enum SharedScenario {
    /** One writer at a steady rate, reader threads doing gets: {@link OneWriter}. */
    ONE_WRITER,
    /** Writer threads doing a mix of gets, puts and additions: {@link ManyWriters}. */
    MANY_WRITERS;

    /**
     * The name on the command line.
     *
     * @return {@code one-writer} or {@code many-writers}
     */
    public String option() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
