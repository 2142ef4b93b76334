package dev.tophash.engine;

import java.util.HashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.datastructures.LongGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Linearizability of {@link ConcurrentLongLongMap} with every thread writing and reading (issue 13,
 * part 3), checked by Lincheck against a {@link HashMap}: the primitive operations and the
 * {@code ConcurrentMap} view's atomic ones. Two shards, so that keys share shards and writers meet
 * on their locks, and keys prefilled so that a scenario's inserts cross a grow of each shard.
 *
 * <p>{@code size()} and {@code clear()} are left out: they visit the shards one after another
 * and are documented as not linearizable (a size read while writes run is an estimate).
 *
 * <p>Stress mode, not the model checker, for the reason {@link LincheckLongLongMapTest} gives:
 * the model checker does not see the off-heap (Unsafe) accesses the tables are made of.
 */
@ExtendWith(NoLeaks.class)
class LincheckConcurrentLongLongMapTest {

    /** Keys the map holds before each scenario (never drawn by it), about six per shard. */
    static final long[] PREFILLED = {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011};

    /** The operations; one instance per run of a scenario, each closing the one before. */
    @Param(name = "key", gen = LongGen.class, conf = "1:5")
    @Param(name = "value", gen = LongGen.class, conf = "-1:2")
    public static class ManyWriters {
        static final AtomicReference<ConcurrentLongLongMap> LAST = new AtomicReference<>();
        private final ConcurrentLongLongMap map = ConcurrentLongLongMap.builder().shards(2).missingValue(-9).build();
        private final ConcurrentMap<Long, Long> view = map.asMap();

        public ManyWriters() {
            for (long k : PREFILLED) {
                map.put(k, k);
            }
            ConcurrentLongLongMap before = LAST.getAndSet(map);
            if (before != null) {
                before.close();
            }
        }

        @Operation
        public long put(@Param(name = "key") long key, @Param(name = "value") long value) {
            return map.put(key, value);
        }

        @Operation
        public long remove(@Param(name = "key") long key) {
            return map.remove(key);
        }

        @Operation
        public long addTo(@Param(name = "key") long key, @Param(name = "value") long delta) {
            return map.addTo(key, delta);
        }

        @Operation
        public long putIfAbsent(@Param(name = "key") long key, @Param(name = "value") long value) {
            return map.putIfAbsent(key, value);
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
        public Long viewGet(@Param(name = "key") long key) {
            return view.get(key);
        }

        @Operation
        public boolean viewReplace(@Param(name = "key") long key, @Param(name = "value") long expected) {
            return view.replace(key, expected, expected + 1);
        }

        @Operation
        public boolean viewRemove(@Param(name = "key") long key, @Param(name = "value") long expected) {
            return view.remove(key, expected);
        }

        @Operation
        public Long viewMerge(@Param(name = "key") long key, @Param(name = "value") long value) {
            return view.merge(key, value, Long::sum);
        }
    }

    /** The sequential specification: the same operations on a {@link HashMap} ({@link LongLongModel}). */
    public static class Sequential extends LongLongModel {
        public Sequential() {
            super(-9, PREFILLED);
        }

        public Long viewGet(long key) {
            return map.get(key);
        }

        public boolean viewReplace(long key, long expected) {
            return map.replace(key, expected, expected + 1);
        }

        public boolean viewRemove(long key, long expected) {
            return map.remove(key, expected);
        }

        public Long viewMerge(long key, long value) {
            return map.merge(key, value, Long::sum);
        }
    }

    @AfterEach
    void closeTheLastMap() {
        ConcurrentLongLongMap last = ManyWriters.LAST.getAndSet(null);
        if (last != null) {
            last.close();
        }
    }

    @Test
    void manyWritersAndReadersAreLinearizable() {
        new StressOptions()
            .sequentialSpecification(Sequential.class)
            .threads(LincheckLongLongMapTest.threads())
            .actorsPerThread(4)
            .actorsBefore(0) // the prefilled keys are the state before; an init part costs a thread hand-off per run
            .actorsAfter(2)
            .iterations(20)
            .invocationsPerIteration(250)
            .check(ManyWriters.class);
    }
}
