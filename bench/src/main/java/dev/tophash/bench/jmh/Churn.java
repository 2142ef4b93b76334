package dev.tophash.bench.jmh;

import dev.tophash.bench.LongLongPeer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

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
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx12g"})
public class Churn {
    /** The map under test, as {@link LongLongPeer#create} names it. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** Entries in the map at all times. */
    @Param({"1000", "1000000", "10000000"})
    public int size;

    /** The key distribution, as {@link Keys#named} names it. */
    @Param({"random", "sequential", "shifted"})
    public String keys;

    private LongLongPeer peer;
    private long[] pool;
    private int next;

    /** Fills the map with the first half of the pool. */
    @Setup(Level.Trial)
    public void fill() {
        pool = Keys.named(keys).shuffled(0, 2 * size, 4);
        peer = LongLongPeer.create(map, size);
        for (int i = 0; i < size; i++) {
            peer.put(pool[i], pool[i]);
        }
        next = 0;
    }

    /** Checks that the size held, then frees the map. */
    @TearDown(Level.Trial)
    public void free() {
        long held = peer.size();
        peer.close();
        if (held != size) {
            throw new IllegalStateException(map + " holds " + held + " entries after churn, expected " + size);
        }
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
