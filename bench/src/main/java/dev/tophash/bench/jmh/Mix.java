package dev.tophash.bench.jmh;

import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * A read-mostly mix on a full map: each op is a get (90%) or a put (10%) of a present key, a
 * value update, so the size stays {@code size}. Which ops are puts is a shuffled pattern of
 * {@value #PATTERN} ops, read with its own counter so it does not repeat in step with the
 * keys, and its branch is as unpredictable as a real mix's.
 */
public class Mix extends FullMap {
    /** Length of the get/put pattern; a power of two. */
    public static final int PATTERN = 1 << 16;

    private long[] targets;
    private boolean[] isPut;
    private int nextKey;
    private int nextOp;

    /** Fills the map; draws the targets (another shuffle) and the 10% put pattern. */
    @Setup(Level.Trial)
    public void setUp() {
        targets = Keys.reshuffled(fill(5), 6);
        isPut = new boolean[PATTERN];
        for (int i = 0; i < (PATTERN + 5) / 10; i++) {
            isPut[i] = true;
        }
        Keys.shuffle(isPut, 7);
    }

    /**
     * Gets, or one time in ten updates, the next key.
     *
     * @return the value read or written, consumed by JMH
     */
    @Benchmark
    public long getOrPut() {
        int i = nextKey;
        nextKey = i + 1 == targets.length ? 0 : i + 1;
        int op = nextOp;
        nextOp = (op + 1) & (PATTERN - 1);
        long k = targets[i];
        if (isPut[op]) {
            long v = k + op;
            peer.put(k, v);
            return v;
        }
        return peer.get(k);
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(Mix.class, args);
    }
}
