package dev.tophash.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many writers and readers on one {@link ConcurrentLongLongMap}, more threads than cores, few
 * shards so that writers meet on them. Every value encodes its key, the writer and a version
 * ({@link #value}), so a reader detects on its own a torn value, another key's value, or a value
 * older than one it has already seen from that writer. Writers read too, between their writes:
 * the thread that wrote a table last may read it while another thread writes it.
 */
@ExtendWith(NoLeaks.class)
class ConcurrentLongLongMapStressTest {
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1_200);
    private static final int WRITERS = 3;
    private static final int READERS = 3;
    private static final long MISSING = -1;

    /** A value of {@code key}: its hash's top 32 bits, then the writer (8 bits) and a 24-bit version. */
    static long value(long key, int writer, long version) {
        return (Hashing.mix(key) & 0xFFFF_FFFF_0000_0000L) | ((long) writer << 24) | (version & 0xFF_FFFF);
    }

    static boolean belongs(long key, long value) {
        return value != MISSING && (value & 0xFFFF_FFFF_0000_0000L) == (Hashing.mix(key) & 0xFFFF_FFFF_0000_0000L)
            && writerOf(value) < WRITERS;
    }

    static int writerOf(long value) {
        return (int) (value >>> 24) & 0xFF;
    }

    static long versionOf(long value) {
        return value & 0xFF_FFFF;
    }

    /** Runs {@code bodies} on threads of their own, then joins them all. */
    private static void runAll(List<Runnable> bodies) throws InterruptedException {
        joinAll(startAll(bodies));
    }

    private static List<Thread> startAll(List<Runnable> bodies) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Thread t = new Thread(bodies.get(i), "stress-" + i);
            threads.add(t);
            t.start();
        }
        return threads;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
    }

    private static Runnable guarded(AtomicReference<String> wrong, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable e) {
                wrong.compareAndSet(null, Thread.currentThread().getName() + " threw " + e);
            }
        };
    }

    @Test
    void writersOfDisjointKeysAndReadersSeeOnlyTheKeysOwnValuesAndNeverAnOlderOne() throws InterruptedException {
        final int stable = 3_000;
        final int churn = 60_000;
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).missingValue(MISSING).build()) {
            for (long k = 0; k < stable; k++) {
                m.put(k, value(k, (int) (k % WRITERS), 0));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> wrong = new AtomicReference<>();
            long[] progress = new long[WRITERS + READERS];
            List<Runnable> bodies = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                bodies.add(guarded(wrong, () -> {
                    SplittableRandom random = new SplittableRandom(writer);
                    long version = 1;
                    while (!stop.get() && wrong.get() == null) {
                        // Own keys only: k % WRITERS == writer. Churn keys over doubling and same-size grows.
                        for (long c = stable + writer; c < stable + churn; c += WRITERS) {
                            m.put(c, value(c, writer, version));
                            long k = random.nextInt(stable / WRITERS) * (long) WRITERS + writer;
                            m.put(k, value(k, writer, version));
                            long other = random.nextInt(stable);
                            long v = m.get(other);
                            if (!belongs(other, v)) {
                                wrong.compareAndSet(null, "writer " + writer + " read " + Long.toHexString(v) + " for stable key " + other);
                            }
                        }
                        for (long c = stable + writer; c < stable + churn; c += WRITERS) {
                            if (random.nextInt(8) != 0) {
                                m.remove(c);
                            }
                        }
                        version++;
                        progress[writer]++;
                    }
                }));
            }
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                bodies.add(guarded(wrong, () -> {
                    SplittableRandom random = new SplittableRandom(100 + reader);
                    long[] seen = new long[stable];
                    while (!stop.get() && wrong.get() == null) {
                        int k = random.nextInt(stable);
                        long v = m.get(k);
                        if (!belongs(k, v) || writerOf(v) != k % WRITERS) {
                            wrong.compareAndSet(null, "stable key " + k + " read " + Long.toHexString(v));
                        } else if (versionOf(v) < seen[k]) {
                            wrong.compareAndSet(null, "stable key " + k + " went back from version " + seen[k] + " to " + versionOf(v));
                        } else {
                            seen[k] = versionOf(v);
                        }
                        long c = stable + random.nextInt(churn);
                        long w = m.get(c);
                        if (w != MISSING && !belongs(c, w)) {
                            wrong.compareAndSet(null, "churn key " + c + " read " + Long.toHexString(w) + ", another key's value");
                        }
                        if (!m.containsKey(k)) {
                            wrong.compareAndSet(null, "stable key " + k + " absent");
                        }
                        progress[WRITERS + reader]++;
                    }
                }));
            }
            stopAfter(stop, bodies);
            runAll(bodies);
            assertNull(wrong.get(), wrong::get);
            for (int i = 0; i < progress.length; i++) {
                assertTrue(progress[i] > 0, "thread " + i + " made no progress");
            }
            assertEquals(stable + churnLeft(m, stable, churn), m.size(), "size once the writers stopped");
        }
    }

    private static long churnLeft(ConcurrentLongLongMap m, int stable, int churn) {
        long n = 0;
        for (long c = stable; c < stable + churn; c++) {
            n += m.containsKey(c) ? 1 : 0;
        }
        return n;
    }

    /** stopAfter adds a body that sets {@code stop} after {@link #RUN_NANOS}. */
    private static void stopAfter(AtomicBoolean stop, List<Runnable> bodies) {
        bodies.add(() -> {
            long deadline = System.nanoTime() + RUN_NANOS;
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    break;
                }
            }
            stop.set(true);
        });
    }

    @Test
    void writersOfTheSameKeysLeaveEachKeyWithTheLastValueOneOfThemWrote() throws InterruptedException {
        final int keys = 20_000;
        final int rounds = 12;
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(2).missingValue(MISSING).build()) {
            AtomicReference<String> wrong = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Runnable> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(guarded(wrong, () -> {
                    for (int version = 1; version <= rounds && wrong.get() == null; version++) {
                        for (long k = 0; k < keys; k++) {
                            if (version % 4 == 0 && (k + writer) % 5 == 0) {
                                m.remove(k); // deletes race inserts of the same keys
                            } else {
                                m.put(k, value(k, writer, version));
                            }
                        }
                    }
                    for (long k = 0; k < keys; k++) {
                        m.put(k, value(k, writer, rounds + 1));
                    }
                }));
            }
            List<Runnable> bodies = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                bodies.add(guarded(wrong, () -> {
                    SplittableRandom random = new SplittableRandom(reader);
                    long[][] seen = new long[WRITERS][keys];
                    while (!stop.get() && wrong.get() == null) {
                        int k = random.nextInt(keys);
                        long v = m.get(k);
                        if (v == MISSING) {
                            continue;
                        }
                        if (!belongs(k, v)) {
                            wrong.compareAndSet(null, "key " + k + " read " + Long.toHexString(v));
                        } else if (versionOf(v) < seen[writerOf(v)][k]) {
                            wrong.compareAndSet(null, "key " + k + " went back to an older value of writer " + writerOf(v));
                        } else {
                            seen[writerOf(v)][k] = versionOf(v);
                        }
                    }
                }));
            }
            List<Thread> readers = startAll(bodies);
            runAll(writers);
            stop.set(true);
            joinAll(readers);
            assertNull(wrong.get(), wrong::get);
            assertEquals(keys, m.size());
            for (long k = 0; k < keys; k++) {
                long v = m.get(k);
                assertTrue(belongs(k, v) && versionOf(v) == rounds + 1, "key " + k + " ended with " + Long.toHexString(v));
            }
        }
    }

    @Test
    void addToAndMergeFromManyThreadsCountEveryAdditionAndReadersSeeCountsOnlyRise() throws InterruptedException {
        final int keys = 4_000;
        final int rounds = 40;
        final int adders = 4;
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).build()) {
            ConcurrentMap<Long, Long> view = m.asMap();
            AtomicReference<String> wrong = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Runnable> bodies = new ArrayList<>();
            for (int a = 0; a < adders; a++) {
                boolean boxed = a == adders - 1;
                int start = a * keys / adders;
                bodies.add(guarded(wrong, () -> {
                    for (int round = 0; round < rounds; round++) {
                        for (int i = 0; i < keys; i++) {
                            long k = (start + i) % keys;
                            if (boxed && i % 2 == 0) {
                                view.merge(k, 1L, Long::sum);
                            } else {
                                m.addTo(k, 1);
                            }
                        }
                    }
                }));
            }
            Runnable watcher = guarded(wrong, () -> {
                SplittableRandom random = new SplittableRandom(7);
                long[] seen = new long[keys];
                while (!stop.get() && wrong.get() == null) {
                    int k = random.nextInt(keys);
                    long v = m.get(k);
                    if (v < seen[k] || v > (long) adders * rounds) {
                        wrong.compareAndSet(null, "counter " + k + " read " + v + " after " + seen[k]);
                    }
                    seen[k] = v;
                }
            });
            List<Thread> watchers = startAll(List.of(watcher));
            runAll(bodies);
            stop.set(true);
            joinAll(watchers);
            assertNull(wrong.get(), wrong::get);
            for (long k = 0; k < keys; k++) {
                assertEquals((long) adders * rounds, m.get(k), "counter " + k + " lost additions");
            }
        }
    }

    @Test
    void putIfAbsentRacesHaveExactlyOneWinnerPerKeyAndTheLosersSeeItsValue() throws InterruptedException {
        final int keys = 30_000;
        final int racers = 4;
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(2).missingValue(MISSING).build()) {
            ConcurrentMap<Long, Long> view = m.asMap();
            AtomicIntegerArray wins = new AtomicIntegerArray(keys);
            long[][] answers = new long[racers][keys];
            AtomicReference<String> wrong = new AtomicReference<>();
            CyclicBarrier start = new CyclicBarrier(racers);
            List<Runnable> bodies = new ArrayList<>();
            for (int r = 0; r < racers; r++) {
                int racer = r;
                bodies.add(guarded(wrong, () -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int k = 0; k < keys; k++) {
                        long mine = value(k, racer, 1);
                        long answer;
                        if (racer % 2 == 1) {
                            Long current = view.putIfAbsent((long) k, mine);
                            answer = current == null ? MISSING : current;
                        } else {
                            answer = m.putIfAbsent(k, mine);
                        }
                        if (answer == MISSING) {
                            wins.incrementAndGet(k);
                            answer = mine;
                        }
                        answers[racer][k] = answer;
                    }
                }));
            }
            runAll(bodies);
            assertNull(wrong.get(), wrong::get);
            for (int k = 0; k < keys; k++) {
                assertEquals(1, wins.get(k), "winners of key " + k);
                long v = m.get(k);
                for (int r = 0; r < racers; r++) {
                    assertEquals(v, answers[r][k], "racer " + r + " saw another value of key " + k + " than the winner's");
                }
            }
            assertEquals(keys, m.size());
        }
    }

    @Test
    void clearsAndDeletesOfEveryKeyUnderReadersNeverShowAForeignValue() throws InterruptedException {
        final int keys = 30_000;
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).missingValue(MISSING).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> wrong = new AtomicReference<>();
            List<Runnable> bodies = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                bodies.add(guarded(wrong, () -> {
                    for (long version = 1; !stop.get() && wrong.get() == null; version++) {
                        for (long k = writer; k < keys; k += 2) {
                            m.put(k, value(k, writer, version));
                        }
                        if (version % 3 == 0) {
                            m.clear(); // clears the other writer's keys too
                        } else {
                            for (long k = writer; k < keys; k += 2) {
                                m.remove(k);
                            }
                        }
                    }
                }));
            }
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                bodies.add(guarded(wrong, () -> {
                    SplittableRandom random = new SplittableRandom(reader);
                    while (!stop.get() && wrong.get() == null) {
                        int k = random.nextInt(keys);
                        long v = m.get(k);
                        if (v != MISSING && (!belongs(k, v) || writerOf(v) != k % 2)) {
                            wrong.compareAndSet(null, "key " + k + " read " + Long.toHexString(v));
                        }
                        long size = m.size();
                        if (size < 0 || size > keys) {
                            wrong.compareAndSet(null, "size " + size);
                        }
                    }
                }));
            }
            stopAfter(stop, bodies);
            runAll(bodies);
            assertNull(wrong.get(), wrong::get);
        }
    }

    /**
     * Stable keys are only updated in place, so a walk must return each exactly once. Churn keys
     * are inserted and deleted over and over, each insert with a new version: a walk may return
     * such a key twice only as two entries (Go's rule: a key deleted and put back during a walk
     * is a new entry, which may or may not be returned), so never twice with one version.
     */
    @Test
    void walksWhileWritersWriteReturnNoEntryTwiceAndEveryKeyPresentThroughoutOnce() throws InterruptedException {
        final int stable = 5_000;
        final int churn = 40_000;
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).missingValue(MISSING).build()) {
            for (long k = 0; k < stable; k++) {
                m.put(k, value(k, 0, 0));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> wrong = new AtomicReference<>();
            long[] walks = new long[2];
            List<Runnable> bodies = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                bodies.add(guarded(wrong, () -> {
                    SplittableRandom random = new SplittableRandom(writer);
                    for (long version = 1; !stop.get() && wrong.get() == null; version++) {
                        for (long c = stable + writer; c < stable + churn; c += 2) {
                            m.put(c, value(c, writer, version));
                            long k = random.nextInt(stable);
                            m.put(k, value(k, writer, version));
                        }
                        for (long c = stable + writer; c < stable + churn; c += 2) {
                            m.remove(c);
                        }
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                boolean useView = r == 1;
                int walker = r;
                bodies.add(guarded(wrong, () -> {
                    while (!stop.get() && wrong.get() == null) {
                        Walk walk = new Walk(stable, churn, wrong);
                        if (useView) {
                            for (Map.Entry<Long, Long> e : m.asMap().entrySet()) {
                                walk.returned(e.getKey(), e.getValue());
                            }
                        } else {
                            m.forEach(walk::returned);
                        }
                        walk.end();
                        walks[walker]++;
                    }
                }));
            }
            stopAfter(stop, bodies);
            runAll(bodies);
            assertNull(wrong.get(), wrong::get);
            assertTrue(walks[0] > 0 && walks[1] > 0, "a walker never finished a walk");
        }
    }

    /** What one walk returned, checked as it goes. */
    private static final class Walk {
        private final int stable;
        private final BitSet stableSeen;
        /** The values each churn key was returned with, one per entry (most keys: none or one). */
        private final Map<Long, List<Long>> churnSeen = new HashMap<>();
        private final int keys;
        private final AtomicReference<String> wrong;

        Walk(int stable, int churn, AtomicReference<String> wrong) {
            this.stable = stable;
            this.stableSeen = new BitSet(stable);
            this.keys = stable + churn;
            this.wrong = wrong;
        }

        void returned(long key, long value) {
            if (key < 0 || key >= keys || !belongs(key, value)) {
                wrong.compareAndSet(null, "walk returned key " + key + " with " + Long.toHexString(value));
            } else if (key < stable) {
                if (stableSeen.get((int) key)) {
                    wrong.compareAndSet(null, "walk returned stable key " + key + " twice");
                }
                stableSeen.set((int) key);
            } else {
                List<Long> entries = churnSeen.computeIfAbsent(key, k -> new ArrayList<>(1));
                if (entries.contains(value)) {
                    wrong.compareAndSet(null, "walk returned the entry " + key + "=" + Long.toHexString(value) + " twice");
                }
                entries.add(value);
            }
        }

        void end() {
            int missing = stable - stableSeen.cardinality();
            if (missing != 0) {
                wrong.compareAndSet(null, missing + " keys present throughout were not returned");
            }
        }
    }

    @Test
    void closeWhileThreadsReadAndWriteFreesEverythingAndTheirLaterCallsFail() throws InterruptedException {
        ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(4).missingValue(MISSING).build();
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicIntegerArray closedSeen = new AtomicIntegerArray(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            boolean writer = t < 2;
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(id);
                try {
                    for (long version = 1; ; version++) {
                        long k = random.nextInt(50_000);
                        if (writer) {
                            m.put(k, value(k, id, version));
                            if (version % 3 == 0) {
                                m.remove(random.nextInt(50_000));
                            }
                        } else {
                            long v = m.get(k);
                            if (v != MISSING && !belongs(k, v)) {
                                wrong.compareAndSet(null, "key " + k + " read " + Long.toHexString(v));
                            }
                        }
                    }
                } catch (IllegalStateException e) {
                    closedSeen.set(id, 1);
                } catch (Throwable e) {
                    wrong.compareAndSet(null, "thread " + id + " threw " + e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(300);
        m.close();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), "a thread kept running on a closed map");
        }
        assertNull(wrong.get(), wrong::get);
        for (int t = 0; t < 4; t++) {
            assertEquals(1, closedSeen.get(t), "thread " + t + " did not meet IllegalStateException");
        }
    }
}
