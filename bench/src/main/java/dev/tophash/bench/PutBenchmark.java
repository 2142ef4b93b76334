package dev.tophash.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * put into a map growing from empty to {@code size} entries: the cost per put including every
 * resize (on-heap peers) or incremental evacuation (tophash).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx8g"})
public class PutBenchmark {
    /** The map under test. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** Entries put per invocation. */
    static final int SIZE = 1_000_000;

    private long[] keys;

    /** Draws the keys once. */
    @Setup(Level.Trial)
    public void keys() {
        SplittableRandom random = new SplittableRandom(11);
        keys = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            keys[i] = random.nextLong();
        }
    }

    /**
     * Fills a new, unsized map with every key.
     *
     * @return the final size, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public long putGrowing() {
        try (LongLongPeer peer = LongLongPeer.create(map, 0)) {
            for (long k : keys) {
                peer.put(k, k);
            }
            return peer.size();
        }
    }
}
