package dev.tophash.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A full pass over a map of {@code size} entries with the map's own primitive iteration
 * ({@link Iteration}): one op is one whole pass, reported in microseconds; divide by
 * {@code size} for the cost per entry.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Iterate extends SuiteSettings {
    /** The map under test, as {@link Iteration#create} names it. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** Entries in the map. */
    @Param({"1000", "1000000", "10000000"})
    public int size;

    /** The key distribution, as {@link Keys#named} names it. */
    @Param({"random", "sequential", "shifted"})
    public String keys;

    private Iteration iteration;

    /** Fills the map in a shuffled order. */
    @Setup(Level.Trial)
    public void fill() {
        iteration = Iteration.create(map, size);
        for (long k : Keys.named(keys).shuffled(0, size, 8)) {
            iteration.put(k, k);
        }
        if (iteration.size() != size) {
            throw new IllegalStateException(map + " holds " + iteration.size() + " entries, expected " + size);
        }
    }

    /** Frees the map. */
    @TearDown(Level.Trial)
    public void free() {
        iteration.close();
    }

    /**
     * Visits every entry.
     *
     * @return the sum of keys and values, consumed by JMH
     */
    @Benchmark
    public long forEach() {
        return iteration.sumAll();
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(Iterate.class, args);
    }
}
