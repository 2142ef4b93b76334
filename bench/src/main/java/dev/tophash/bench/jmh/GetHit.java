package dev.tophash.bench.jmh;

import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/** get of a present key in a map of {@code size} entries: one lookup per op. */
public class GetHit extends FullMap {
    private long[] lookups;
    private int next;

    /** Fills the map in one shuffled order; lookups follow another. */
    @Setup(Level.Trial)
    public void setUp() {
        lookups = Keys.reshuffled(fill(1), 2);
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
        return peer.get(lookups[i]);
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(GetHit.class, args);
    }
}
