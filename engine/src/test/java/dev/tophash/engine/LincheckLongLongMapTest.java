package dev.tophash.engine;

import java.util.HashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.datastructures.LongGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.verifier.QuiescentConsistencyVerifier;
import org.jetbrains.lincheck.datastructures.verifier.QuiescentConsistent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Linearizability of {@link LongLongMap} with one writer thread and reader threads (issue 13,
 * part 1), checked by Lincheck against a {@link HashMap}.
 *
 * <p>The writes are one non-parallel group, so in each scenario one thread writes while the
 * others read. There are no writes before the parallel part ({@code actorsBefore(0)}): there,
 * another thread would write first and then read while the parallel writer writes, a map whose
 * writers take turns, which {@link LongLongMap} does not promise (that is
 * {@link ConcurrentLongLongMap}'s job).
 *
 * <p>{@code size()} is checked for quiescent consistency only (Lincheck may place it anywhere in
 * the order, so it must answer the size of some state of the scenario): a write publishes its
 * bucket change before it updates the count, so a reader can see a removed key gone and then a
 * size that still counts it. This test found that scenario: the writer removes key 3 while a
 * reader calls {@code containsKey(3)}, gets false, then {@code size()} and gets the size from
 * before the remove.
 *
 * <p>Stress mode, not the model checker: the model checker only switches threads at the
 * accesses it instruments, and it does not see the off-heap (Unsafe) loads and stores that hold
 * the table, nor can it run the reader protocol's fences, so it would explore none of the
 * interleavings that matter here. Stress mode runs the scenarios on real threads, many times.
 */
@ExtendWith(NoLeaks.class)
class LincheckLongLongMapTest {

    /** Keys the map holds before each scenario (never drawn by it): the scenario's inserts cross a grow. */
    static final long[] PREFILLED = {1000, 1001, 1002, 1003, 1004, 1005};

    /**
     * The operations Lincheck draws from. Lincheck makes one instance per run of a scenario; each
     * closes the one before, so a test leaves at most one map open, which it closes at the end.
     */
    @Param(name = "key", gen = LongGen.class, conf = "1:5")
    @Param(name = "value", gen = LongGen.class, conf = "-2:2")
    public static class OneWriter {
        static final AtomicReference<LongLongMap> LAST = new AtomicReference<>();
        private final LongLongMap map = LongLongMap.builder().missingValue(-1).build();

        public OneWriter() {
            for (long k : PREFILLED) {
                map.put(k, k);
            }
            LongLongMap before = LAST.getAndSet(map);
            if (before != null) {
                before.close();
            }
        }

        @Operation(nonParallelGroup = "writer")
        public long put(@Param(name = "key") long key, @Param(name = "value") long value) {
            return map.put(key, value);
        }

        @Operation(nonParallelGroup = "writer")
        public long remove(@Param(name = "key") long key) {
            return map.remove(key);
        }

        @Operation(nonParallelGroup = "writer")
        public long addTo(@Param(name = "key") long key, @Param(name = "value") long delta) {
            return map.addTo(key, delta);
        }

        @Operation(nonParallelGroup = "writer")
        public long putIfAbsent(@Param(name = "key") long key, @Param(name = "value") long value) {
            return map.putIfAbsent(key, value);
        }

        /** A clear draws a new hash seed: readers must find the keys put after it. */
        @Operation(nonParallelGroup = "writer")
        public void clear() {
            map.clear();
        }

        @Operation
        public long get(@Param(name = "key") long key) {
            return map.get(key);
        }

        @Operation
        public boolean containsKey(@Param(name = "key") long key) {
            return map.containsKey(key);
        }

        @Operation
        @QuiescentConsistent
        public long size() {
            return map.size();
        }
    }

    /** The sequential specification: the same operations on a {@link HashMap} ({@link LongLongModel}). */
    public static class Sequential extends LongLongModel {
        public Sequential() {
            super(-1, PREFILLED);
        }

        public void clear() {
            map.clear();
        }

        public long size() {
            return map.size();
        }
    }

    @AfterEach
    void closeTheLastMap() {
        LongLongMap last = OneWriter.LAST.getAndSet(null);
        if (last != null) {
            last.close();
        }
    }

    /**
     * As many threads as the machine runs at once (2 or 3): on 2 cores a third thread mostly
     * waits for its turn, which makes overlapping operations rarer, not more frequent.
     */
    static int threads() {
        return Math.max(2, Math.min(3, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void oneWriterAndReadersAreLinearizable() {
        new StressOptions()
            .sequentialSpecification(Sequential.class)
            .verifier(QuiescentConsistencyVerifier.class)
            .threads(threads())
            .actorsPerThread(4)
            .actorsBefore(0)
            .actorsAfter(2)
            .iterations(20)
            .invocationsPerIteration(500)
            .check(OneWriter.class);
    }
}
