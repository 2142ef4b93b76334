package dev.tophash.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How long an iteration holds the generations it reads, and iterations from several threads. */
@ExtendWith(NoLeaks.class)
class IteratorLifetimeTest {

    @Test
    void iteratorsDroppedHalfWayDoNotKeepGenerationsOnceCollected() throws InterruptedException {
        try (LongLongMap m = LongLongMap.builder().seed(3).build()) {
            Map<Long, Long> view = m.asMap();
            Table t = m.table();
            long next = 0;
            for (; next < 5000; next++) {
                m.put(next, next);
            }
            // Before each doubling an iterator is started and dropped, as AbstractMap.containsValue
            // (which stops at the first match) or a loop with a break would do; each grow then
            // retires a generation such an iterator still pins.
            for (int round = 0; round < 5; round++) {
                assertTrue(view.keySet().iterator().hasNext());
                assertTrue(view.containsValue(0L));
                int b = t.log2Buckets();
                while (t.log2Buckets() == b || t.growing()) {
                    m.put(next, next);
                    next++;
                }
            }
            for (int i = 0; i < 500 && !retiredIsEmpty(t); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertTrue(retiredIsEmpty(t), "the Cleaner ended the dropped iterations and freed what they pinned");
            long live = t.buckets().offHeapBytes() + (t.oldbuckets() == null ? 0 : t.oldbuckets().offHeapBytes());
            assertEquals(live, m.stats().offHeapBytes());
            assertEquals(next, m.size());
        }
    }

    @Test
    void severalThreadsMayIterateOneMapWhileNoOneWrites() throws InterruptedException {
        try (LongLongMap m = LongLongMap.builder().build()) {
            long expected = 0;
            for (long k = 0; k < 3; k++) {
                m.put(k, k + 1);
                expected += k + 1;
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong wrongSums = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            long want = expected;
            for (int i = 0; i < 4; i++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        long[] sum = new long[1];
                        for (int round = 0; round < 20_000; round++) {
                            sum[0] = 0;
                            m.forEach((k, v) -> sum[0] += v);
                            if (sum[0] != want) {
                                wrongSums.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertNull(failure.get(), () -> "a reader failed: " + failure.get());
            assertEquals(0, wrongSums.get());
            assertEquals(0, m.table().buckets().pins.get(), "every pin was released");
        }
    }

    private static boolean retiredIsEmpty(Table t) {
        return t.retired().isEmpty();
    }
}
