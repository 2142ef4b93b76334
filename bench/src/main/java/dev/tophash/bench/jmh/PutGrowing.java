package dev.tophash.bench.jmh;

import dev.tophash.bench.LongLongPeer;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * put into a map growing from empty (made unsized) to a target size: the cost per put,
 * including every resize (on-heap peers) or incremental evacuation (tophash), and the map's
 * creation and release, amortised.
 *
 * <p>{@code @OperationsPerInvocation} is a constant, so the target size is not a
 * {@code @Param} here: each size has its own method whose constant is its size ({@code to1k},
 * {@code to1m}, {@code to10m}), and its own key state, so a run draws only the keys it uses.
 * Select a size by method name, e.g. {@code 'PutGrowing.to1m'}; {@code -p size=...} does not
 * apply to this class.
 */
public class PutGrowing extends SuiteSettings {
    /** The small target: cache-resident. */
    public static final int SMALL = 1_000;
    /** The medium target. */
    public static final int MEDIUM = 1_000_000;
    /** The large target. */
    public static final int LARGE = 10_000_000;

    /** The map under test, as {@link LongLongPeer#create} names it. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** The keys one fill puts, in a shuffled order. */
    @State(Scope.Thread)
    public abstract static class KeySet {
        /** The key distribution, as {@link Keys#named} names it. */
        @Param({"random", "sequential", "shifted"})
        public String keys;

        long[] puts;

        /**
         * The number of keys a fill puts.
         *
         * @return the target size
         */
        protected abstract int size();

        /** Draws the keys once. */
        @Setup(Level.Trial)
        public void draw() {
            puts = Keys.named(keys).shuffled(0, size(), 3);
        }
    }

    /** {@value PutGrowing#SMALL} keys. */
    public static class Small extends KeySet {
        @Override
        protected int size() {
            return SMALL;
        }
    }

    /** {@value PutGrowing#MEDIUM} keys. */
    public static class Medium extends KeySet {
        @Override
        protected int size() {
            return MEDIUM;
        }
    }

    /** {@value PutGrowing#LARGE} keys. */
    public static class Large extends KeySet {
        @Override
        protected int size() {
            return LARGE;
        }
    }

    /**
     * Fills a new map with {@value #SMALL} keys.
     *
     * @param keys the keys
     * @return the final size, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(SMALL)
    public long to1k(Small keys) {
        return fill(keys.puts);
    }

    /**
     * Fills a new map with {@value #MEDIUM} keys.
     *
     * @param keys the keys
     * @return the final size, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(MEDIUM)
    public long to1m(Medium keys) {
        return fill(keys.puts);
    }

    /**
     * Fills a new map with {@value #LARGE} keys.
     *
     * @param keys the keys
     * @return the final size, consumed by JMH
     */
    @Benchmark
    @OperationsPerInvocation(LARGE)
    public long to10m(Large keys) {
        return fill(keys.puts);
    }

    private long fill(long[] puts) {
        try (LongLongPeer peer = LongLongPeer.create(map, 0)) {
            for (long k : puts) {
                peer.put(k, k);
            }
            return peer.size();
        }
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(PutGrowing.class, args);
    }
}
