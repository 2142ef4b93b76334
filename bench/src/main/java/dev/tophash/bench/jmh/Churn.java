package dev.tophash.bench.jmh;

import dev.tophash.bench.LongLongPeer;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Churn at a steady size: each op removes a present key and inserts an absent one, so the map
 * always holds {@code size} entries. Exercises deletion (tombstones and same-size growth in
 * tophash, backward shifts in the open-addressing peers, node garbage in HashMap).
 *
 * <p>A pool of {@code 2 * size} shuffled keys is walked as a ring: before op {@code j} the map
 * holds {@code pool[j .. j+size)} (mod {@code 2 * size}); the op removes {@code pool[j]}, the
 * oldest, and inserts {@code pool[j+size]}. Keys are therefore removed in insertion order, a
 * sliding window, and the pool is read sequentially.
 */
public class Churn extends FullMap {
    private long[] pool;
    private int next;

    /** Fills the map with the first half of the pool. */
    @Setup(Level.Trial)
    public void setUp() {
        pool = Keys.named(keys).shuffled(0, 2 * size, 4);
        peer = LongLongPeer.create(map, size);
        for (int i = 0; i < size; i++) {
            peer.put(pool[i], pool[i]);
        }
        next = 0;
    }

    /**
     * Removes the oldest key and inserts a fresh one.
     *
     * @return the removed value, consumed by JMH
     */
    @Benchmark
    public long removePut() {
        long[] p = pool;
        int i = next;
        int fresh = i + size;
        if (fresh >= p.length) {
            fresh -= p.length;
        }
        next = i + 1 == p.length ? 0 : i + 1;
        long removed = peer.remove(p[i]);
        long k = p[fresh];
        peer.put(k, k);
        return removed;
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(Churn.class, args);
    }
}
