package dev.tophash.bench.mapped;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.bench.compare.GcPauses;
import dev.tophash.bench.compare.KeySet;
import dev.tophash.bench.compare.PeerCheck;
import dev.tophash.bench.compare.Progress;
import dev.tophash.bench.compare.RoundTimer;
import dev.tophash.bench.compare.RunEnvironment;
import dev.tophash.bench.compare.Timing;
import dev.tophash.engine.LongLongMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures a file-backed {@link LongLongMap} against the structures it saves rebuilding. In order:
 * <ol>
 *   <li>generates N keys and values ({@link KeySet}, as {@code compare} does);</li>
 *   <li>builds the file-backed table presized for N, puts every entry and closes it (the
 *       setup, timed once);</li>
 *   <li>reopens it, with {@code open} and with {@code openReadOnly}, and gets one key, round
 *       after round (the file stays in the OS page cache between rounds);</li>
 *   <li>rebuilds a presized {@code HashMap<Long,Long>} and an in-memory {@code LongLongMap}
 *       from the arrays, round after round, freeing each before the next;</li>
 *   <li>opens the table once more, touches every page, builds the same table in memory, and
 *       times get over every key in shuffled order on both, taking turns round by round.</li>
 * </ol>
 * Each measurement has {@value MappedSettings#WARMUP_ROUNDS} untimed round first. Every
 * result the timed code gets is checked and added to a checksum that is printed, so nothing is
 * dead code and a wrong answer fails the run instead of looking fast.
 */
public final class MappedRun {
    /** Steps reported to {@link Progress}: keys, build, two reopens, two rebuilds, touch, get-hit. */
    static final int STEPS = 8;

    private final MappedSettings settings;
    private final Path file;
    private final Progress progress;
    private final Map<Measure, Timing> timings = new EnumMap<>(Measure.class);
    private final GcPauses gc = new GcPauses();
    /** Per rebuild measure: {@code {rounds, pause milliseconds}} inside its timed part, warm-up included. */
    private final Map<Measure, long[]> rebuildGc = new EnumMap<>(Measure.class);
    private long fileBytes = -1;
    private long memoryBytes = -1;
    private long checksum;
    private String step = "start";

    /**
     * Prepares a run.
     *
     * @param settings what to run
     * @param file the table file to create, which must not exist; the caller deletes it
     * @param progress where to report progress
     */
    public MappedRun(MappedSettings settings, Path file, Progress progress) {
        this.settings = settings;
        this.file = file;
        this.progress = progress;
    }

    /**
     * Runs every step. A failure part-way ends the run; what was measured before it is kept.
     *
     * @return the report
     */
    public MappedReport run() {
        long start = System.nanoTime();
        String failure = null;
        progress.start(STEPS);
        try {
            measure();
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            failure = "failed at '" + step + "': " + PeerCheck.withFlagsHint(PeerCheck.describe(e), "mapped");
        } finally {
            progress.close();
        }
        Map<Measure, Double> gcMillis = new EnumMap<>(Measure.class);
        rebuildGc.forEach((m, g) -> gcMillis.put(m, (double) g[1] / g[0]));
        return new MappedReport(settings, RunEnvironment.describe(gc), file, fileSystem(file.getParent()), timings,
                gcMillis, fileBytes, memoryBytes, checksum, Duration.ofNanos(System.nanoTime() - start), failure);
    }

    private void measure() {
        int n = settings.size();
        long seed = settings.seed();
        step(String.format(Locale.ROOT, "generate %,d keys", n));
        long t0 = System.nanoTime();
        KeySet keys = KeySet.generate(n, seed);
        once(Measure.SETUP_KEYS, System.nanoTime() - t0);

        step("build the file-backed table");
        t0 = System.nanoTime();
        long filled;
        try (LongLongPeer table = LongLongPeer.wrap(LongLongMap.builder().file(file).expectedSize(n).seed(seed).build())) {
            expect("size after filling the file-backed table", table.putAll(keys.insertOrder(), keys.values()), n);
            filled = System.nanoTime();
            once(Measure.SETUP_BUILD_FILE, filled - t0);
        }
        once(Measure.SETUP_CLOSE_FILE, System.nanoTime() - filled);
        fileBytes = size(file);

        RoundTimer rounds = new RoundTimer(MappedSettings.WARMUP_ROUNDS, settings.rounds(), 1);
        long probeKey = keys.insertOrder()[0];
        long probeValue = keys.values()[0];
        step("reopen with open(file)");
        timings.put(Measure.REOPEN, rounds.time(1, () -> reopen(() -> LongLongMap.open(file), probeKey, probeValue)));
        step("reopen with openReadOnly(file)");
        timings.put(Measure.REOPEN_READ_ONLY,
                rounds.time(1, () -> reopen(() -> LongLongMap.openReadOnly(file), probeKey, probeValue)));

        step("rebuild HashMap<Long,Long>");
        timings.put(Measure.REBUILD_HASH_MAP,
                rounds.time(1, () -> rebuild(Measure.REBUILD_HASH_MAP, LongLongPeer.HASH_MAP, keys)));
        step("rebuild LongLongMap in memory");
        timings.put(Measure.REBUILD_MEMORY,
                rounds.time(1, () -> rebuild(Measure.REBUILD_MEMORY, LongLongPeer.TOPHASH, keys)));

        step("touch every page of the reopened table");
        LongLongMap reopened = LongLongMap.open(file);
        try (LongLongPeer mapped = LongLongPeer.wrap(reopened)) {
            t0 = System.nanoTime();
            long[] sum = {0};
            reopened.forEach((key, value) -> sum[0] += value);
            once(Measure.TOUCH_FILE, System.nanoTime() - t0);
            expect("sum of the values the reopened table holds", sum[0], keys.valueSum());

            step("get-hit, file-backed and in memory");
            try (LongLongPeer memory = LongLongPeer.create(LongLongPeer.TOPHASH, n, seed)) {
                expect("size after filling the in-memory table", memory.putAll(keys.insertOrder(), keys.values()), n);
                memoryBytes = memory.offHeapBytes();
                RoundTimer gets = new RoundTimer(MappedSettings.WARMUP_ROUNDS, settings.rounds(),
                        MappedSettings.MIN_GETS_PER_ROUND);
                List<Timing> both = gets.timeTogether(n, List.of(gets(mapped, keys), gets(memory, keys)));
                timings.put(Measure.GET_HIT_FILE, both.get(0));
                timings.put(Measure.GET_HIT_MEMORY, both.get(1));
            }
        }
    }

    /** Opens the table, gets one key, and closes it (the close untimed). */
    private long reopen(Supplier<LongLongMap> opener, long key, long value) {
        long t0 = System.nanoTime();
        try (LongLongMap map = opener.get()) {
            long got = map.get(key);
            long nanos = System.nanoTime() - t0;
            expect("the first get after reopening", got, value);
            return nanos;
        }
    }

    /**
     * Builds a presized map from the arrays, counting the collector's pauses meanwhile, then
     * frees it (untimed) before the next round.
     */
    private long rebuild(Measure measure, String map, KeySet keys) {
        long nanos;
        long pausedBefore = gc.snapshot()[1];
        long t0 = System.nanoTime();
        try (LongLongPeer peer = LongLongPeer.create(map, keys.size(), settings.seed())) {
            long size = peer.putAll(keys.insertOrder(), keys.values());
            nanos = System.nanoTime() - t0;
            long[] g = rebuildGc.computeIfAbsent(measure, m -> new long[2]);
            g[0]++;
            g[1] += gc.snapshot()[1] - pausedBefore;
            expect("size after rebuilding " + map, size, keys.size());
        }
        // The peer is closed and unreachable: a HashMap's nodes go now, not in the next round's time.
        System.gc();
        return nanos;
    }

    private RoundTimer.Sweep gets(LongLongPeer peer, KeySet keys) {
        return () -> {
            long t0 = System.nanoTime();
            long sum = peer.sumGets(keys.lookupOrder());
            long nanos = System.nanoTime() - t0;
            expect("sum of get-hit results", sum, keys.valueSum());
            return nanos;
        };
    }

    private void once(Measure measure, long nanos) {
        timings.put(measure, new Timing(nanos, nanos, 1, 1));
    }

    private void step(String what) {
        step = what;
        progress.step(what);
    }

    private void expect(String what, long actual, long expected) {
        checksum += actual;
        if (actual != expected) {
            throw new IllegalStateException("wrong result: " + what + " is " + actual + ", expected " + expected);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileSystem(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException | RuntimeException e) {
            return "unknown file system";
        }
    }
}
