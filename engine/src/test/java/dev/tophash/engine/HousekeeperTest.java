package dev.tophash.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one background thread: when it starts, whose factory makes it, and that it ends. */
@ExtendWith(NoLeaks.class)
class HousekeeperTest {
    /** Entries that grow a map past a generation of several MiB, so a grow retires a large one. */
    private static final long LARGE = 400_000;

    /** A thread factory that keeps every thread it makes. */
    private static final class RecordingFactory implements ThreadFactory {
        final List<Thread> made = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, "test-housekeeper-" + made.size());
            t.setDaemon(true);
            made.add(t);
            return t;
        }
    }

    private static void fill(LongLongMap m, long n) {
        for (long k = 0; k < n; k++) {
            m.put(k, ~k);
        }
        while (m.stats().growing()) {
            m.put(0, ~0L);
        }
        for (long k = 0; k < n; k++) {
            assertEquals(~k, m.get(k), "key " + k);
        }
    }

    @Test
    void aSmallMapStartsNoThread() {
        RecordingFactory factory = new RecordingFactory();
        try (LongLongMap m = LongLongMap.builder().threadFactory(factory).build()) {
            fill(m, 20_000);
            for (long k = 0; k < 20_000; k += 2) {
                m.remove(k);
            }
            m.clear();
        }
        assertEquals(List.of(), factory.made, "a map that never held a region of a huge page started a thread");
    }

    @Test
    void aGrowingMapsThreadComesFromTheUsersFactoryAndEndsWhenTheMapCloses() throws InterruptedException {
        RecordingFactory factory = new RecordingFactory();
        try (LongLongMap m = LongLongMap.builder().threadFactory(factory).build()) {
            fill(m, LARGE);
            assertEquals(1, factory.made.size(), "one thread, made by the given factory, freed the retired generations");
            assertTrue(factory.made.get(0).isAlive() || factory.made.get(0).getState() == Thread.State.TERMINATED);
        }
        Thread thread = factory.made.get(0);
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the housekeeper thread outlived the last map that used it");
    }

    @Test
    void mapsBuiltWithOneFactoryShareOneThreadUntilTheLastCloses() throws InterruptedException {
        RecordingFactory factory = new RecordingFactory();
        LongLongMap first = LongLongMap.builder().threadFactory(factory).build();
        try (LongLongMap second = LongLongMap.builder().threadFactory(factory).build()) {
            fill(first, LARGE);
            fill(second, LARGE);
            assertEquals(1, factory.made.size(), "two maps on one factory made " + factory.made.size() + " threads");
            first.close();
            Thread thread = factory.made.get(0);
            thread.join(300);
            assertEquals(second.size(), LARGE);
            second.put(-1, 1);
            assertEquals(1, second.get(-1));
        } finally {
            first.close();
        }
        Thread thread = factory.made.get(0);
        thread.join(10_000);
        assertFalse(thread.isAlive());
    }

    @Test
    void withoutBackgroundThreadsTheWriterFreesRetiredMemoryItselfAndNoThreadIsMade() {
        ThreadFactory refuses = task -> {
            throw new AssertionError("a map built with backgroundThreads(false) asked for a thread");
        };
        FailingAllocator allocator = new FailingAllocator();
        try (LongLongMap m = LongLongMap.builder().threadFactory(refuses).backgroundThreads(false).allocator(allocator).build()) {
            fill(m, LARGE);
            assertEquals(allocator.allocations - OffHeapMemory.allocatedSegments(), allocator.frees.get(),
                "every retired segment went back to the allocator by the time the grow ended");
            assertEquals(Housekeeper.ON_WRITER, m.table().owner().housekeeper());
        }
        assertEquals(allocator.allocations, allocator.frees.get());
    }

    @Test
    void anOffHeapMapTakesTheSameThreadOptions() throws InterruptedException {
        RecordingFactory factory = new RecordingFactory();
        try (OffHeapMap<Long, Long> m = OffHeapMap.builder(dev.tophash.codecs.Codecs.int64(), dev.tophash.codecs.Codecs.int64())
                 .threadFactory(factory).build()) {
            for (long k = 0; k < LARGE; k++) {
                m.put(k, k);
            }
            assertEquals(1, factory.made.size());
        }
        Thread thread = factory.made.get(0);
        thread.join(10_000);
        assertFalse(thread.isAlive());
    }
}
