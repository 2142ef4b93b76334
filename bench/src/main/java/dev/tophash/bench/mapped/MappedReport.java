package dev.tophash.bench.mapped;

import dev.tophash.bench.compare.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished {@code mapped} run: what was asked, where the table file was, and every figure
 * measured (all of them, unless the run failed part-way).
 *
 * @param settings what was asked
 * @param environment lines describing the JVM and the machine
 * @param tableFile the file-backed table's file
 * @param fileSystem the type of the file system holding it, such as {@code ext4} or {@code tmpfs}
 * @param timings the figures measured so far, in nanoseconds (per get for the get-hit ones)
 * @param rebuildGcMillis for each rebuild measured, the collector's stop-the-world milliseconds
 *     inside one rebuild's timed part, averaged over its rounds (warm-up included)
 * @param fileBytes the table file's size after the build, or -1 if not reached
 * @param memoryBytes the off-heap bytes of the in-memory table the gets were compared with, or -1
 * @param checksum the sum of every result the timed code returned (they are checked as well)
 * @param elapsed the run's wall-clock time
 * @param failure what went wrong part-way, or null
 */
public record MappedReport(MappedSettings settings, List<String> environment, Path tableFile, String fileSystem,
                           Map<Measure, Timing> timings, Map<Measure, Double> rebuildGcMillis, long fileBytes, long memoryBytes, long checksum,
                           Duration elapsed, String failure) {
    /**
     * Copies the lists and the figures.
     *
     * @param settings what was asked
     * @param environment the environment lines
     * @param tableFile the table file
     * @param fileSystem the file system type
     * @param timings the figures
     * @param rebuildGcMillis the collector's pauses per rebuild
     * @param fileBytes the file's size, or -1
     * @param memoryBytes the in-memory table's bytes, or -1
     * @param checksum the checksum
     * @param elapsed the run time
     * @param failure the failure, or null
     */
    public MappedReport {
        environment = List.copyOf(environment);
        timings = timings.isEmpty() ? Map.of() : new EnumMap<>(timings);
        rebuildGcMillis = rebuildGcMillis.isEmpty() ? Map.of() : new EnumMap<>(rebuildGcMillis);
    }

    /**
     * One figure.
     *
     * @param measure which
     * @return it, unless the run failed before measuring it
     */
    public Optional<Timing> timing(Measure measure) {
        return Optional.ofNullable(timings.get(measure));
    }

    /**
     * The get-hit cost of the file-backed table over the in-memory one's: the figure the issue
     * asks to be within {@value MappedOutput#TARGET_RATIO}.
     *
     * @param best false for the ratio of the medians, true for the ratio of the best rounds
     * @return the ratio, when both were measured
     */
    public Optional<Double> getHitRatio(boolean best) {
        Optional<Timing> file = timing(Measure.GET_HIT_FILE);
        Optional<Timing> memory = timing(Measure.GET_HIT_MEMORY);
        if (file.isEmpty() || memory.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(best ? file.get().minNs() / memory.get().minNs()
                : file.get().medianNs() / memory.get().medianNs());
    }

    /**
     * Whether the run failed part-way.
     *
     * @return true when there is a failure
     */
    public boolean isFailed() {
        return failure != null;
    }
}
