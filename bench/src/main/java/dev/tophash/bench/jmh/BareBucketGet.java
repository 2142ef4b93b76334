package dev.tophash.bench.jmh;

import dev.tophash.engine.LongLongMap;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * get-hit and get-miss on {@link BareBuckets}: Go's bucket format with no engine around it,
 * filled and read exactly as {@link GetHit} and {@link GetMiss} fill and read the maps (random
 * keys only). Read {@link #get} next to {@code GetHit} and {@link #miss} next to
 * {@code GetMiss} at the same size: tophash's figure minus this one is what the engine adds;
 * this one against fastutil's is what the format itself costs.
 */
public class BareBucketGet extends SuiteSettings {
    /** Entries in the table, as in {@link FullMap#size}. */
    @Param({"1000", "1000000", "10000000"})
    public int size;

    private BareBuckets table;
    private long[] lookups;
    private int next;
    private long[] absent;
    private int nextAbsent;

    /**
     * Fills the table in one shuffled order of the random keys; lookups follow another. First
     * checks that a real map of this size has the B the table takes, so the two cannot drift.
     */
    @Setup(Level.Trial)
    public void setUp() {
        try (LongLongMap map = LongLongMap.builder().expectedSize(size).build()) {
            int b = map.stats().log2Buckets();
            if (b != MemoryFloor.log2Buckets(size)) {
                throw new IllegalStateException("a map for " + size + " entries has B=" + b
                    + ", BareBuckets assumes B=" + MemoryFloor.log2Buckets(size));
            }
        }
        long[] present = Keys.RANDOM.shuffled(0, size, 1);
        table = new BareBuckets(size);
        for (long key : present) {
            table.put(key, key | 1);
        }
        lookups = Keys.reshuffled(present, 2);
        absent = Keys.RANDOM.shuffled(size, size, 2);
    }

    /** Frees the table. */
    @TearDown(Level.Trial)
    public void free() {
        table.close();
    }

    /**
     * Looks up the next present key.
     *
     * @return the value, consumed by JMH
     */
    @Benchmark
    public long get() {
        int i = next;
        next = i + 1 == lookups.length ? 0 : i + 1;
        return table.get(lookups[i]);
    }

    /**
     * Looks up the next absent key, as {@link GetMiss} does.
     *
     * @return 0, consumed by JMH
     */
    @Benchmark
    public long miss() {
        int i = nextAbsent;
        nextAbsent = i + 1 == absent.length ? 0 : i + 1;
        return table.get(absent[i]);
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(BareBucketGet.class, args);
    }
}
