package dev.tophash.bench.shared;

import dev.tophash.bench.compare.ProgressMode;
import java.util.List;

/**
 * What one run of the shared-access scenarios does ({@code shared}, or {@code compare}'s
 * shared-access section), already validated by {@link SharedAccessOptions#settings}.
 *
 * @param size the present keys every map is filled with, at least {@link #MIN_SIZE}
 * @param readers reader threads of the one-writer scenario, at least 1
 * @param writers writer threads of the many-writers scenario, at least 1
 * @param writeRate the one writer's writes per second, or 0 for as fast as it can
 * @param turnNanos how long each map's turn runs
 * @param warmupRounds untimed rounds first
 * @param rounds timed rounds, at least 1; figures are medians over them
 * @param sampleEvery one operation in this many is timed, 1 to {@code size}
 * @param maps the maps to run, from {@link SharedMap#NAMES}; each scenario runs those it takes
 * @param scenarios the scenarios to run, in order
 * @param seed seeds the keys and tophash's hash, so runs repeat
 * @param progress how progress is shown
 */
public record SharedSettings(int size, int readers, int writers, long writeRate, long turnNanos, int warmupRounds, int rounds,
                      int sampleEvery, List<String> maps, List<SharedScenario> scenarios, long seed,
                      ProgressMode progress) {
    /** The fewest keys: the writer's window of inserted keys is a tenth of them, from a pool of a fifth. */
    static final int MIN_SIZE = 100;

    /**
     * Copies the lists.
     *
     * @param size the keys
     * @param readers the readers
     * @param writers the writers
     * @param writeRate the rate
     * @param turnNanos the turn's length
     * @param warmupRounds the untimed rounds
     * @param rounds the timed rounds
     * @param sampleEvery the sampling
     * @param maps the maps
     * @param scenarios the scenarios
     * @param seed the seed
     * @param progress the progress display
     */
    public SharedSettings {
        maps = List.copyOf(maps);
        scenarios = List.copyOf(scenarios);
    }

    /**
     * The same run with other numbers of rounds, as {@code compare --quick} asks for.
     *
     * @param warmup untimed rounds, at least 0
     * @param timed timed rounds, at least 1
     * @return the new settings
     */
    public SharedSettings withRounds(int warmup, int timed) {
        return new SharedSettings(size, readers, writers, writeRate, turnNanos, warmup, timed, sampleEvery, maps,
                scenarios, seed, progress);
    }

    /**
     * The one writer's window: how many inserted keys are present at most, a tenth of the keys.
     *
     * @return at least 10
     */
    int window() {
        return size / 10;
    }
}
