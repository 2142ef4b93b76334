package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Runs the comparison: for each size, the same keys for every map, one map after another in
 * this JVM. Per size and map it
 * <ol>
 *   <li>builds the map presized for the size, fills it, and reads the memory it holds;</li>
 *   <li>times get-hit, get-miss and remove on it (a removal sweep is followed by an untimed
 *       refill);</li>
 *   <li>times put into maps that start empty and grow;</li>
 *   <li>records every put's latency while one more map grows, and the collector's pauses.</li>
 * </ol>
 * Then, once per size, it records the {@link BusyWaitControl}: what the machine alone adds to
 * an operation as long as the fastest growing map's put.
 *
 * <p>Every timed loop returns a sum of what the map returned; the sum is checked against what
 * it must be (so a map that answers wrongly fails loudly rather than looking fast) and added to
 * a checksum that is printed, so nothing the maps compute is dead code.
 */
public final class Comparison {
    /** Steps per size and map reported to {@link Progress}: fill, four operations, latency. */
    private static final int STEPS_PER_MAP = 6;
    /** Steps per size besides the maps': the busy-wait control. */
    private static final int STEPS_PER_SIZE = 1;

    private final Settings settings;
    private final Progress progress;
    private final PassTimer timer;
    private final HeapMeter heap = new HeapMeter();
    private final GcPauses gcPauses = new GcPauses();
    private final GrowthRecorder growth;
    private long checksum;
    /** Steps of the current size and map reported so far, so a failure can skip the rest. */
    private int mapSteps;

    /**
     * Prepares a run.
     *
     * @param settings what to run
     * @param progress where to report progress
     */
    public Comparison(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
        this.timer = new PassTimer(settings.warmupPasses(), settings.timedPasses(), settings.minOpsPerPass());
        // One untimed growth run warms the put path unless the user asked for no warm-up.
        this.growth = new GrowthRecorder(gcPauses, heap, settings.warmupPasses() > 0 ? 1 : 0);
    }

    /**
     * Runs every size and map.
     *
     * @return the report
     */
    public Report run() {
        long start = System.nanoTime();
        List<String> skipped = new ArrayList<>();
        List<String> maps = new ArrayList<>();
        for (String map : settings.maps()) {
            String problem = PeerCheck.problem(map, settings.seed());
            if (problem == null) {
                maps.add(map);
            } else {
                skipped.add(map + ": skipped, " + problem);
            }
        }
        long floor = growth.timerFloorNs();
        List<MapResult> results = new ArrayList<>();
        List<BusyWaitControl> controls = new ArrayList<>();
        progress.start((long) settings.sizes().size() * (maps.size() * STEPS_PER_MAP + STEPS_PER_SIZE));
        for (int size : settings.sizes()) {
            KeySet keys = KeySet.generate(size, settings.seed());
            List<MapResult> atSize = new ArrayList<>();
            for (String map : maps) {
                atSize.add(measure(map, keys));
            }
            results.addAll(atSize);
            String label = String.format(Locale.ROOT, "%,d %s control", size, BusyWaitControl.NAME);
            if (atSize.stream().anyMatch(r -> !r.isFailed() && r.grows())) {
                progress.step(label);
                control(size, atSize, floor).ifPresent(controls::add);
            } else {
                progress.skip(1, label + ": no growing map to time it against");
            }
        }
        progress.close();
        return new Report(settings, RunEnvironment.describe(gcPauses), skipped, results, controls, floor, checksum,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private MapResult measure(String map, KeySet keys) {
        int size = keys.size();
        String label = String.format(Locale.ROOT, "%,d %s ", size, map);
        mapSteps = 0;
        try {
            Map<Op, Timing> timings = new EnumMap<>(Op.class);
            step(label + "fill and memory");
            long heapBefore = heap.usedAfterFullGc();
            long heapBytes;
            long offHeapBytes;
            boolean grows;
            try (LongLongPeer peer = LongLongPeer.create(map, size, settings.seed())) {
                expect(map, "size after filling", peer.putAll(keys.insertOrder(), keys.values()), size);
                heapBytes = heap.usedAfterFullGc() - heapBefore;
                offHeapBytes = peer.offHeapBytes();
                grows = peer.grows();
                // The map must still be reachable when the heap is read, or the collector
                // may free it before the reading and the difference comes out near zero.
                Reference.reachabilityFence(peer);

                step(label + Op.GET_HIT.label());
                timings.put(Op.GET_HIT, timer.time(size, () -> {
                    long t0 = System.nanoTime();
                    long sum = peer.sumGets(keys.lookupOrder());
                    long nanos = System.nanoTime() - t0;
                    expect(map, "sum of get-hit results", sum, keys.valueSum());
                    return nanos;
                }));

                step(label + Op.GET_MISS.label());
                long missingSum = LongLongPeer.MISSING * size;
                timings.put(Op.GET_MISS, timer.time(size, () -> {
                    long t0 = System.nanoTime();
                    long sum = peer.sumGets(keys.absent());
                    long nanos = System.nanoTime() - t0;
                    expect(map, "sum of get-miss results", sum, missingSum);
                    return nanos;
                }));

                step(label + Op.REMOVE.label());
                timings.put(Op.REMOVE, timer.time(size, () -> {
                    long t0 = System.nanoTime();
                    long sum = peer.sumRemoves(keys.lookupOrder());
                    long nanos = System.nanoTime() - t0;
                    expect(map, "sum of removed values", sum, keys.valueSum());
                    expect(map, "size after refilling", peer.putAll(keys.insertOrder(), keys.values()), size);
                    return nanos;
                }));
            }

            // A map that cannot grow (Chronicle Map) is sized for the final count up front.
            long growingCapacity = grows ? 0 : size;
            step(label + Op.PUT_GROWING.label());
            timings.put(Op.PUT_GROWING, timer.time(size, () -> {
                try (LongLongPeer peer = LongLongPeer.create(map, growingCapacity, settings.seed())) {
                    long t0 = System.nanoTime();
                    long n = peer.putAll(keys.insertOrder(), keys.values());
                    long nanos = System.nanoTime() - t0;
                    expect(map, "size after growing", n, size);
                    return nanos;
                }
            }));

            step(label + "put latency while growing");
            GrowthLatency latency = growth.record(() -> LongLongPeer.create(map, growingCapacity, settings.seed()), keys);
            return new MapResult(size, map, timings, heapBytes, offHeapBytes, latency, grows, null);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            // One map failing (a wrong answer, a library that breaks on this JVM, a size that
            // does not fit the heap) must not lose the others' results.
            String why = PeerCheck.describe(e);
            progress.skip(STEPS_PER_MAP - mapSteps + 1, label + "failed: " + why);
            return MapResult.failed(size, map, why);
        }
    }

    /**
     * The busy-wait control for one size: each busy-wait as long as the fastest growing map's
     * mean timed put, less the clock read the control's own timing adds. A pause lands on an
     * operation in proportion to its length, so this is the lowest floor; slower maps' tails hold
     * more of the machine's pauses than the control shows. Empty when no growing map succeeded.
     */
    private Optional<BusyWaitControl> control(int size, List<MapResult> atSize, long timerFloorNs) {
        OptionalDouble fastest = atSize.stream().filter(r -> !r.isFailed() && r.grows())
                .mapToDouble(r -> r.growth().meanNs()).min();
        if (fastest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(growth.recordBusyWait(size, Math.max(1, Math.round(fastest.getAsDouble()) - timerFloorNs)));
    }

    private void step(String what) {
        mapSteps++;
        progress.step(what);
    }

    private void expect(String map, String what, long actual, long expected) {
        checksum += actual;
        if (actual != expected) {
            throw new IllegalStateException(map + " is wrong: " + what + " is " + actual + ", expected " + expected);
        }
    }
}
