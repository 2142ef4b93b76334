package dev.tophash.bench.jmh;

import dev.tophash.bench.KeyCycle;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * get of a present key that the previous get returned, in a map of {@code size} entries whose
 * values are its own keys in one random cycle ({@link KeyCycle}): one lookup per op, and none
 * can start before the one before it has answered. So this is the latency of a single get, the
 * figure a request path pays, where {@link GetHit}'s independent lookups overlap and measure
 * throughput.
 */
public class GetDependent extends FullMap {
    private long key;

    /**
     * Fills the map in one shuffled order, each key with its successor in a cycle drawn in
     * another, and checks that a chain as long as the map comes back to its start.
     */
    @Setup(Level.Trial)
    public void setUp() {
        long[] present = Keys.named(keys).shuffled(0, size, 1);
        KeyCycle cycle = KeyCycle.random(present, 2);
        fill(present, cycle.successors());
        key = cycle.order()[0];
        long end = peer.getDependent(key, size);
        if (end != key) {
            throw new IllegalStateException(map + " is wrong: a chain of " + size + " gets from " + key + " ended at "
                + end + ", not where it began");
        }
    }

    /**
     * Looks up the key the previous lookup returned.
     *
     * @return the value, the next key, consumed by JMH
     */
    @Benchmark
    public long get() {
        long next = peer.get(key);
        key = next;
        return next;
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(GetDependent.class, args);
    }
}
