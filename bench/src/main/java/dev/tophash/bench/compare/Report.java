package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A finished comparison: what was asked, the machine it ran on, and every map's figures.
 *
 * @param settings what was asked
 * @param environment lines describing the JVM and the machine
 * @param skipped one line per map left out of the whole run, with the reason
 * @param results one per size and map that ran, sizes in order, maps in order
 * @param controls the put-latency control of each size where some map grew, sizes in order
 * @param timerFloorNs the median cost of two back-to-back {@code System.nanoTime()} calls
 * @param checksum the sum of every result the timed loops returned (they are checked as well)
 * @param elapsed the run's wall-clock time
 */
public record Report(Settings settings, List<String> environment, List<String> skipped, List<MapResult> results,
                     List<BusyWaitControl> controls, long timerFloorNs, long checksum, Duration elapsed) {
    /**
     * Copies the lists.
     *
     * @param settings what was asked
     * @param environment the environment lines
     * @param skipped the skipped maps
     * @param results the results
     * @param controls the busy-wait controls
     * @param timerFloorNs the timer's floor
     * @param checksum the checksum
     * @param elapsed the run time
     */
    public Report {
        environment = List.copyOf(environment);
        skipped = List.copyOf(skipped);
        results = List.copyOf(results);
        controls = List.copyOf(controls);
    }

    /**
     * The put-latency control of one size.
     *
     * @param size the size
     * @return the control, absent when no growing map succeeded at that size
     */
    public Optional<BusyWaitControl> control(int size) {
        return controls.stream().filter(c -> c.size() == size).findFirst();
    }

    /**
     * The results of one size, in map order.
     *
     * @param size the size
     * @return the results, possibly empty
     */
    public List<MapResult> forSize(int size) {
        return results.stream().filter(r -> r.size() == size).collect(Collectors.toList());
    }

    /**
     * The map the tables' ratios are taken against: {@code java.util.HashMap} at that size,
     * when it ran.
     *
     * @param size the size
     * @return HashMap's result, if it was compared and did not fail
     */
    public Optional<MapResult> baseline(int size) {
        return measured(size, LongLongPeer.HASH_MAP);
    }

    /**
     * One map's figures at one size.
     *
     * @param size the size
     * @param map the map's canonical name
     * @return its result, if it was compared and did not fail
     */
    public Optional<MapResult> measured(int size, String map) {
        return results.stream()
                .filter(r -> r.size() == size && r.map().equals(map) && !r.isFailed())
                .findFirst();
    }

    /**
     * Whether some map failed part-way through (maps skipped up front do not count).
     *
     * @return true when any result is a failure
     */
    public boolean anyFailed() {
        return results.stream().anyMatch(MapResult::isFailed);
    }
}
