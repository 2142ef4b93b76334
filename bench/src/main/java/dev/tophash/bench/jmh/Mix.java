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
 * A read-mostly mix on a full map: each op is a get (90%) or a put (10%) of a present key, a
 * value update, so the size stays {@code size}. Which ops are puts is a shuffled pattern of
 * {@value #PATTERN} ops, read with its own counter so it does not repeat in step with the
 * keys, and its branch is as unpredictable as a real mix's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx12g"})
public class Mix {
    /** Length of the get/put pattern; a power of two. */
    public static final int PATTERN = 1 << 16;

    /** The map under test, as {@link LongLongPeer#create} names it. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** Entries in the map. */
    @Param({"1000", "1000000", "10000000"})
    public int size;

    /** The key distribution, as {@link Keys#named} names it. */
    @Param({"random", "sequential", "shifted"})
    public String keys;

    private LongLongPeer peer;
    private long[] targets;
    private boolean[] isPut;
    private int nextKey;
    private int nextOp;

    /** Fills the map; draws the targets (another shuffle) and the 10% put pattern. */
    @Setup(Level.Trial)
    public void fill() {
        long[] present = Keys.named(keys).shuffled(0, size, 5);
        peer = LongLongPeer.create(map, size);
        Keys.putAll(peer, present);
        targets = Keys.reshuffled(present, 6);
        isPut = new boolean[PATTERN];
        for (int i = 0; i < (PATTERN + 5) / 10; i++) {
            isPut[i] = true;
        }
        Keys.shuffle(isPut, 7);
    }

    /** Checks that the size held, then frees the map. */
    @TearDown(Level.Trial)
    public void free() {
        long held = peer.size();
        peer.close();
        if (held != size) {
            throw new IllegalStateException(map + " holds " + held + " entries after the mix, expected " + size);
        }
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
