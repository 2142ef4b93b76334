package dev.tophash.bench.mapped;

import dev.tophash.bench.compare.ProgressMode;
import java.nio.file.Path;

/**
 * What one {@code mapped} run does, already validated.
 *
 * @param size the number of entries, at least 1
 * @param tableDir where the table file goes, or null for a new temporary folder inside
 *     {@code resultsDir} (removed at the end unless {@code keep})
 * @param keep whether the table file is left in place at the end
 * @param resultsDir where the CSV and the text summary go
 * @param rounds timed rounds of each measurement; the median and the minimum are reported
 * @param seed seeds the keys and the tables' hash function, so runs repeat
 * @param progress how progress is shown
 */
public record MappedSettings(int size, Path tableDir, boolean keep, Path resultsDir, int rounds, long seed,
                             ProgressMode progress) {
    /** Untimed rounds before each measurement's timed ones, so class loading and the JIT are not timed. */
    public static final int WARMUP_ROUNDS = 1;
    /** The least number of gets one timed get-hit round does (a small table repeats its sweep). */
    public static final long MIN_GETS_PER_ROUND = 1_000_000;
}
