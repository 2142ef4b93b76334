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

/** get of a present key in a map of {@code size} entries: one lookup per op. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx12g"})
public class GetHit {
    /** The map under test, as {@link LongLongPeer#create} names it. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** Entries in the map: 1000 fits in cache; 1M and 10M take tens and hundreds of MiB. */
    @Param({"1000", "1000000", "10000000"})
    public int size;

    /** The key distribution, as {@link Keys#named} names it. */
    @Param({"random", "sequential", "shifted"})
    public String keys;

    private LongLongPeer peer;
    private long[] lookups;
    private int next;

    /** Fills the map in one shuffled order; lookups follow another. */
    @Setup(Level.Trial)
    public void fill() {
        long[] present = Keys.named(keys).shuffled(0, size, 1);
        peer = LongLongPeer.create(map, size);
        Keys.putAll(peer, present);
        lookups = Keys.reshuffled(present, 2);
    }

    /** Frees the map. */
    @TearDown(Level.Trial)
    public void free() {
        peer.close();
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
