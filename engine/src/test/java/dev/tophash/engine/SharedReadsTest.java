package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer and reader threads on one map, more threads than cores. Every value encodes its key
 * and a version, so a reader detects on its own a torn value, another key's value, or a value
 * older than one it has already seen.
 */
@ExtendWith(NoLeaks.class)
class SharedReadsTest {
    /** Keys the writer only ever updates, with rising versions: never absent, never older. */
    private static final int STABLE = 4_096;
    /** Keys the writer inserts and deletes, over doubling and same-size grows. */
    private static final int CHURN = 200_000;
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

    static long value(long key, long version) {
        return (Hashing.mix(key) & 0xFFFF_FFFF_0000_0000L) | version;
    }

    static boolean belongs(long key, long value) {
        return (value & 0xFFFF_FFFF_0000_0000L) == (Hashing.mix(key) & 0xFFFF_FFFF_0000_0000L);
    }

    @Test
    void readersSeeOnlyValuesTheWriterWroteForThatKeyAndNeverAnOlderOne() throws InterruptedException {
        try (LongLongMap m = LongLongMap.builder().missingValue(-1).build()) {
            for (long k = 0; k < STABLE; k++) {
                m.put(k, value(k, 0));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> wrong = new AtomicReference<>();
            // Odd from just before a clear until the stable keys are back: only then may one be absent.
            AtomicLong clearing = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            long[] reads = new long[3];
            for (int r = 0; r < 3; r++) {
                int id = r;
                Thread t = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(id);
                    long[] seen = new long[STABLE];
                    long n = 0;
                    while (!stop.get() && wrong.get() == null) {
                        long k = random.nextInt(STABLE);
                        long before = clearing.get();
                        long v = m.get(k);
                        boolean mayBeAbsent = (before & 1) != 0 || clearing.get() != before;
                        if (v == -1 && !mayBeAbsent) {
                            wrong.compareAndSet(null, "stable key " + k + " read absent with no clear under way");
                        } else if (v != -1 && (!belongs(k, v) || (v & 0xFFFF_FFFFL) < seen[(int) k])) {
                            wrong.compareAndSet(null, "stable key " + k + " read " + v + " after version " + seen[(int) k]);
                        } else if (v != -1) {
                            seen[(int) k] = v & 0xFFFF_FFFFL;
                        }
                        long c = STABLE + random.nextInt(CHURN);
                        long w = m.get(c);
                        if (w != -1 && !belongs(c, w)) {
                            wrong.compareAndSet(null, "churn key " + c + " read " + w + ", another key's value");
                        }
                        if (m.containsKey(c) && m.getOrDefault(c, value(c, 0)) == -1) {
                            wrong.compareAndSet(null, "getOrDefault answered the missing value");
                        }
                        n++;
                    }
                    reads[id] = n;
                }, "reader-" + r);
                readers.add(t);
                t.start();
            }
            SplittableRandom random = new SplittableRandom(99);
            long version = 1;
            long deadline = System.nanoTime() + RUN_NANOS;
            int phase = 0;
            while (System.nanoTime() < deadline && wrong.get() == null) {
                // Fill the churn keys (doubling grows), delete most (same-size grows on refill), clear now and then.
                for (long c = STABLE; c < STABLE + CHURN; c++) {
                    m.put(c, value(c, version));
                    long k = random.nextInt(STABLE);
                    m.put(k, value(k, version));
                }
                for (long c = STABLE; c < STABLE + CHURN; c++) {
                    if (random.nextInt(8) != 0) {
                        m.remove(c);
                    }
                }
                version++;
                if (++phase % 3 == 0) {
                    clearing.incrementAndGet();
                    m.clear();
                    for (long k = 0; k < STABLE; k++) {
                        m.put(k, value(k, version));
                    }
                    clearing.incrementAndGet();
                    version++;
                }
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertNull(wrong.get(), wrong::get);
            for (long n : reads) {
                assertTrue(n > 0, "a reader made no progress");
            }
        }
    }

    @Test
    void wideValuesAreNeverTorn() throws InterruptedException {
        try (OffHeapMap<Long, byte[]> m = OffHeapMap.builder(Codecs.int64(), Codecs.fixedBytes(40)).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> wrong = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(5);
                while (!stop.get() && wrong.get() == null) {
                    long k = random.nextInt(50_000);
                    byte[] v = m.get(k);
                    if (v != null) {
                        for (int i = 1; i < v.length; i++) {
                            if (v[i] != v[0] || (v[0] & 0xFF) != (k & 0x7F) + (v[0] & 0x80)) {
                                wrong.compareAndSet(null, "key " + k + " read a torn or foreign value");
                            }
                        }
                    }
                }
            });
            reader.start();
            long deadline = System.nanoTime() + RUN_NANOS;
            byte[] v = new byte[40];
            for (int round = 0; System.nanoTime() < deadline && wrong.get() == null; round++) {
                for (long k = 0; k < 50_000; k++) {
                    java.util.Arrays.fill(v, (byte) ((k & 0x7F) | ((round & 1) << 7)));
                    m.put(k, v);
                }
                for (long k = 0; k < 50_000; k += 3) {
                    m.remove(k);
                }
            }
            stop.set(true);
            reader.join();
            assertNull(wrong.get(), wrong::get);
        }
    }

    @Test
    void aReaderParkedMidReadAcrossTwoGrowsAnswersRightAndItsMemoryIsFreedAfter() throws InterruptedException {
        long before = OffHeapMemory.allocatedBytes();
        LongLongMap m = LongLongMap.builder().missingValue(-1).build();
        try {
            for (long k = 0; k < 1_000; k++) {
                m.put(k, value(k, 1));
            }
            CountDownLatch parked = new CountDownLatch(1);
            AtomicReference<Thread> victim = new AtomicReference<>();
            AtomicBoolean resume = new AtomicBoolean();
            Readers.pauseForTests = () -> {
                if (Thread.currentThread() == victim.get() && parked.getCount() > 0) {
                    parked.countDown();
                    while (!resume.get()) {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            };
            long[] answer = {0};
            Thread reader = new Thread(() -> answer[0] = m.get(500));
            victim.set(reader);
            reader.start();
            assertTrue(parked.await(10, TimeUnit.SECONDS));
            long bucketsBefore = m.stats().bucketCount();
            // Two doubling grows, each to its end, while the reader sits between two loads.
            long k = 1_000;
            while (m.stats().bucketCount() < 4 * bucketsBefore || m.stats().growing()) {
                m.put(k, value(k, 1));
                k++;
            }
            m.put(500, value(500, 2));
            assertTrue(m.table().owner().hasDeferredForTests(), "the generations the reader may read were freed under it");
            resume.set(true);
            reader.join();
            Readers.pauseForTests = null;
            long got = answer[0];
            assertTrue(got == value(500, 1) || got == value(500, 2), "the resumed reader answered " + got);
            m.put(0, value(0, 2)); // the next write gives back what the reader held
            assertFalse(m.table().owner().hasDeferredForTests(), "memory was still held after the reader left");
            assertEquals(m.stats().offHeapBytes(), OffHeapMemory.allocatedBytes() - before);
        } finally {
            Readers.pauseForTests = null;
            m.close();
        }
    }

    @Test
    void closeWaitsForReadsInProgressAndLaterReadsAreRefused() throws InterruptedException {
        LongLongMap m = LongLongMap.builder().missingValue(-1).build();
        for (long k = 0; k < 100_000; k++) {
            m.put(k, value(k, 1));
        }
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicBoolean refused = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom();
                try {
                    while (true) {
                        long key = random.nextInt(100_000);
                        long v = m.get(key);
                        if (!belongs(key, v)) {
                            unexpected.compareAndSet(null, new AssertionError("key " + key + " read " + v));
                        }
                    }
                } catch (IllegalStateException closed) {
                    refused.set(true);
                } catch (Throwable e) {
                    unexpected.compareAndSet(null, e);
                }
            });
            readers.add(t);
            t.start();
        }
        Thread.sleep(200);
        m.close();
        for (Thread t : readers) {
            t.join(10_000);
            assertFalse(t.isAlive());
        }
        assertNull(unexpected.get(), () -> String.valueOf(unexpected.get()));
        assertTrue(refused.get());
        assertThrows(IllegalStateException.class, () -> m.get(1));
    }

    @Test
    void iterationsOnReaderThreadsReturnEveryKeyPresentThroughoutExactlyOnce() throws InterruptedException {
        try (LongLongMap m = LongLongMap.builder().missingValue(-1).build()) {
            for (long k = 0; k < STABLE; k++) {
                m.put(k, value(k, 0));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<String> wrong = new AtomicReference<>();
            long[] passes = new long[2];
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int id = r;
                Thread t = new Thread(() -> {
                    java.util.HashSet<Long> seen = new java.util.HashSet<>();
                    while (!stop.get() && wrong.get() == null) {
                        seen.clear();
                        long[] stable = {0};
                        m.forEach((k, v) -> {
                            if (!belongs(k, v)) {
                                wrong.compareAndSet(null, "key " + k + " came with value " + v);
                            }
                            // A churn key deleted and put back is a new entry, which Go may return again.
                            if (k < STABLE && !seen.add(k)) {
                                wrong.compareAndSet(null, "key " + k + ", present throughout, returned twice");
                            }
                            if (k < STABLE) {
                                stable[0]++;
                            }
                        });
                        if (stable[0] != STABLE) {
                            wrong.compareAndSet(null, "an iteration returned " + stable[0] + " of the " + STABLE + " keys present throughout");
                        }
                        passes[id]++;
                    }
                });
                readers.add(t);
                t.start();
            }
            long deadline = System.nanoTime() + RUN_NANOS;
            long version = 1;
            while (System.nanoTime() < deadline && wrong.get() == null) {
                for (long c = STABLE; c < STABLE + CHURN; c++) {
                    m.put(c, value(c, version));
                    m.put(c % STABLE, value(c % STABLE, version));
                }
                for (long c = STABLE; c < STABLE + CHURN; c++) {
                    m.remove(c);
                }
                version++;
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertNull(wrong.get(), wrong::get);
            assertTrue(passes[0] > 0 && passes[1] > 0, "a reader finished no iteration");
        }
    }
}
