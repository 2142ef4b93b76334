package dev.tophash.bench.jmh;

import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * get of an absent key in a map of {@code size} entries: one lookup per op. The absent keys
 * come from the same distribution (the {@code size} indexes after the present ones).
 */
public class GetMiss extends FullMap {
    private long[] lookups;
    private int next;

    /** Fills the map; lookups are {@code size} absent keys of the same distribution, shuffled. */
    @Setup(Level.Trial)
    public void setUp() {
        fill(1);
        lookups = Keys.named(keys).shuffled(size, size, 2);
    }

    /**
     * Looks up the next absent key.
     *
     * @return the missing value, consumed by JMH
     */
    @Benchmark
    public long get() {
        int i = next;
        next = i + 1 == lookups.length ? 0 : i + 1;
        return peer.get(lookups[i]);
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(GetMiss.class, args);
    }
}
