package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.bench.compare.RoundTimer.Contender;
import dev.tophash.bench.compare.RoundTimer.Outcome;
import dev.tophash.bench.compare.RoundTimer.Sweep;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Runs the comparison. For each size, with the same keys for every map, in this JVM:
 * <ol>
 *   <li>builds each map presized for the size, fills it (each key's value is another key, see
 *       {@link KeySet}) and reads the memory it holds; the full maps then stand side by side;</li>
 *   <li>times them in interleaved rounds ({@link RoundTimer}): on its turn a map runs each
 *       {@link Op} once, as one pass: get-hit, get-miss, get-dependent, put into a map that
 *       starts empty and grows, and remove (each removal sweep followed by an untimed refill);</li>
 *   <li>frees them, then records every put's latency while one more map of each kind grows,
 *       and the collector's pauses;</li>
 *   <li>records the {@link BusyWaitControl}: what the machine alone adds to an operation as long
 *       as the fastest growing map's put.</li>
 * </ol>
 *
 * <p>Every timed loop returns what the map answered (a sum, or where a chain of lookups ended);
 * it is checked against what it must be (so a map that answers wrongly fails loudly rather than
 * looking fast) and added to a checksum that is printed, so nothing the maps compute is dead code.
 */
public final class Comparison {
    /** Steps per size and map reported to {@link Progress} besides its turns: fill, latency. */
    private static final int STEPS_PER_MAP = 2;
    /** Steps per size besides the maps': the busy-wait control. */
    private static final int STEPS_PER_SIZE = 1;

    private final Settings settings;
    private final Progress progress;
    private final RoundTimer timer;
    private final HeapMeter heap = new HeapMeter();
    private final GcPauses gcPauses = new GcPauses();
    private final GrowthRecorder growth;
    private long checksum;

    /**
     * Prepares a run.
     *
     * @param settings what to run
     * @param progress where to report progress
     */
    public Comparison(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
        this.timer = new RoundTimer(settings.warmupRounds(), settings.rounds(), settings.minOpsPerPass());
        // One untimed growth run warms the put path unless the user asked for no warm-up.
        this.growth = new GrowthRecorder(gcPauses, heap, settings.warmupRounds() > 0 ? 1 : 0);
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
        int stepsPerMap = STEPS_PER_MAP + timer.turnsPerContender();
        progress.start((long) settings.sizes().size() * (maps.size() * stepsPerMap + STEPS_PER_SIZE));
        for (int size : settings.sizes()) {
            List<MapResult> atSize = measure(maps, KeySet.generate(size, settings.seed()));
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

    /** A map built and filled for the rounds, with what it holds. */
    private record Filled(String map, LongLongPeer peer, long heapBytes, long offHeapBytes, boolean grows) {
    }

    /** One size: fills every map, times them in rounds, frees them, records their growth. */
    private List<MapResult> measure(List<String> maps, KeySet keys) {
        int size = keys.size();
        Map<String, MapResult> failed = new HashMap<>();
        Map<String, Filled> filled = new HashMap<>();
        Map<String, Outcome> outcomes = new HashMap<>();
        try {
            long heapBefore = heap.usedAfterFullGc();
            for (String map : maps) {
                progress.step(label(size, map) + "fill and memory");
                try {
                    Filled f = fill(map, keys, heapBefore);
                    filled.put(map, f);
                    // The maps stay full, so this one's reading is where the next one's starts.
                    heapBefore += f.heapBytes();
                } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                    failed.put(map, failure(size, map, e, STEPS_PER_MAP + timer.turnsPerContender()));
                    heapBefore = heap.usedAfterFullGc();
                }
            }
            List<Contender> contenders = new ArrayList<>();
            for (String map : maps) {
                if (filled.containsKey(map)) {
                    contenders.add(new Contender(map, sweeps(filled.get(map), keys)));
                }
            }
            for (Outcome outcome : timer.run(size, contenders, turns(size))) {
                outcomes.put(outcome.name(), outcome);
            }
        } finally {
            for (Filled f : filled.values()) {
                f.peer().close();
            }
        }
        List<MapResult> results = new ArrayList<>();
        for (String map : maps) {
            Outcome outcome = outcomes.get(map);
            if (failed.containsKey(map)) {
                results.add(failed.get(map));
            } else if (outcome.failed()) {
                results.add(MapResult.failed(size, map, PeerCheck.describe(outcome.failure())));
            } else {
                results.add(withGrowth(filled.get(map), outcome, keys));
            }
        }
        return results;
    }

    /** Builds the map presized for the keys, fills it, and reads the heap it added. */
    private Filled fill(String map, KeySet keys, long heapBefore) {
        LongLongPeer peer = LongLongPeer.create(map, keys.size(), settings.seed());
        try {
            expect(map, "size after filling", peer.putAll(keys.insertOrder(), keys.values()), keys.size());
            long heapBytes = heap.usedAfterFullGc() - heapBefore;
            // The map must still be reachable when the heap is read, or the collector may free it
            // before the reading and the difference comes out near zero.
            Reference.reachabilityFence(peer);
            return new Filled(map, peer, heapBytes, peer.offHeapBytes(), peer.grows());
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            peer.close();
            throw e;
        }
    }

    /** The map's timed operations, in the order of {@link Op}, each checking what it got. */
    private List<Sweep> sweeps(Filled f, KeySet keys) {
        List<Sweep> sweeps = new ArrayList<>();
        for (Op op : Op.values()) {
            sweeps.add(sweep(op, f, keys));
        }
        return sweeps;
    }

    private Sweep sweep(Op op, Filled f, KeySet keys) {
        String map = f.map();
        LongLongPeer peer = f.peer();
        int size = keys.size();
        switch (op) {
            case GET_HIT:
                return () -> {
                    long t0 = System.nanoTime();
                    long sum = peer.sumGets(keys.lookupOrder());
                    long nanos = System.nanoTime() - t0;
                    expect(map, "sum of get-hit results", sum, keys.valueSum());
                    return nanos;
                };
            case GET_MISS:
                long missingSum = LongLongPeer.MISSING * size;
                return () -> {
                    long t0 = System.nanoTime();
                    long sum = peer.sumGets(keys.absent());
                    long nanos = System.nanoTime() - t0;
                    expect(map, "sum of get-miss results", sum, missingSum);
                    return nanos;
                };
            case GET_DEPENDENT:
                long first = keys.lookupOrder()[0];
                return () -> {
                    long t0 = System.nanoTime();
                    long last = peer.getDependent(first, size);
                    long nanos = System.nanoTime() - t0;
                    expect(map, "key a chain of " + size + " dependent gets ends at", last, first);
                    return nanos;
                };
            case PUT_GROWING:
                // A map that cannot grow (Chronicle Map) is sized for the final count up front.
                long capacity = f.grows() ? 0 : size;
                return () -> {
                    try (LongLongPeer fresh = LongLongPeer.create(map, capacity, settings.seed())) {
                        long t0 = System.nanoTime();
                        long n = fresh.putAll(keys.insertOrder(), keys.values());
                        long nanos = System.nanoTime() - t0;
                        expect(map, "size after growing", n, size);
                        return nanos;
                    }
                };
            case REMOVE:
                return () -> {
                    long t0 = System.nanoTime();
                    long sum = peer.sumRemoves(keys.lookupOrder());
                    long nanos = System.nanoTime() - t0;
                    expect(map, "sum of removed values", sum, keys.valueSum());
                    expect(map, "size after refilling", peer.putAll(keys.insertOrder(), keys.values()), size);
                    return nanos;
                };
            default:
                throw new IllegalArgumentException("no sweep for " + op);
        }
    }

    /** Shows each turn as a step; a map that fails skips its remaining turns and its latency step. */
    private RoundTimer.Turns turns(int size) {
        return new RoundTimer.Turns() {
            @Override
            public void starting(String map, int round, boolean warmup) {
                progress.step(String.format(Locale.ROOT, "%s%s %d/%d", label(size, map),
                        warmup ? "warm-up round" : "round", round, warmup ? settings.warmupRounds() : settings.rounds()));
            }

            @Override
            public void failed(String map, int turnsLost, Throwable failure) {
                progress.skip(turnsLost + 1, label(size, map) + "failed: " + PeerCheck.describe(failure));
            }
        };
    }

    /** The timed figures with the put latency while one more map grows, or the failure of that. */
    private MapResult withGrowth(Filled f, Outcome outcome, KeySet keys) {
        int size = keys.size();
        Map<Op, Timing> timings = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            timings.put(op, outcome.timings().get(op.ordinal()));
        }
        long capacity = f.grows() ? 0 : size;
        progress.step(label(size, f.map()) + "put latency while growing");
        try {
            GrowthLatency latency = growth.record(() -> LongLongPeer.create(f.map(), capacity, settings.seed()), keys);
            return new MapResult(size, f.map(), timings, f.heapBytes(), f.offHeapBytes(), latency, f.grows(), null);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            return failure(size, f.map(), e, 1);
        }
    }

    /** Records a map's failure, skipping the step under way and the map's later steps at this size. */
    private MapResult failure(int size, String map, Throwable e, int stepsLost) {
        String why = PeerCheck.describe(e);
        progress.skip(stepsLost, label(size, map) + "failed: " + why);
        return MapResult.failed(size, map, why);
    }

    private static String label(int size, String map) {
        return String.format(Locale.ROOT, "%,d %s ", size, map);
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

    private void expect(String map, String what, long actual, long expected) {
        checksum += actual;
        if (actual != expected) {
            throw new IllegalStateException(map + " is wrong: " + what + " is " + actual + ", expected " + expected);
        }
    }
}
