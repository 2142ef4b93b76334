package dev.tophash.bench;

import java.util.SplittableRandom;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * get-hit, get-miss and put (into a map growing from empty) at one size, for tophash and its
 * peers. Keys are uniform random longs read sequentially from a pre-shuffled array, so the
 * only cache misses are the maps' own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx8g"})
public class GetPutBenchmark {
    /** The map under test. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** Entries in the map. */
    @Param({"1000000"})
    public int size;

    private LongLongPeer peer;
    private long[] present;
    private long[] absent;
    private int next;

    /** Fills the map with {@code size} random keys; a second key set is absent. */
    @Setup(Level.Trial)
    public void fill() {
        SplittableRandom random = new SplittableRandom(7);
        present = new long[size];
        absent = new long[size];
        for (int i = 0; i < size; i++) {
            present[i] = random.nextLong();
            absent[i] = random.nextLong();
        }
        peer = LongLongPeer.create(map, size);
        for (long k : present) {
            peer.put(k, k);
        }
        shuffle(present, random);
    }

    /** Frees the map. */
    @TearDown(Level.Trial)
    public void free() {
        peer.close();
    }

    /**
     * Looks up a present key.
     *
     * @return the value, consumed by JMH
     */
    @Benchmark
    public long getHit() {
        int i = next;
        next = i + 1 == present.length ? 0 : i + 1;
        return peer.get(present[i]);
    }

    /**
     * Looks up an absent key.
     *
     * @return the missing value, consumed by JMH
     */
    @Benchmark
    public long getMiss() {
        int i = next;
        next = i + 1 == absent.length ? 0 : i + 1;
        return peer.get(absent[i]);
    }

    static void shuffle(long[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Runs this benchmark with its annotations' settings.
     *
     * @param args unused
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(GetPutBenchmark.class.getSimpleName()).build()).run();
    }
}
