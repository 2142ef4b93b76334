package dev.tophash.bench.machine;

import dev.tophash.engine.Allocator;
import org.HdrHistogram.Histogram;
import org.agrona.UnsafeApi;

/**
 * Times short operations one by one, as {@code compare} times every put of a growing map, to
 * count the pauses this machine puts into them. Three kinds of operation, each run for the same
 * count:
 * <ul>
 *   <li>{@link Phase#BUSY_WAIT}: a spin on the clock. Nothing touches memory, so its pauses are
 *       the scheduler's, timer interrupts', and on a virtual machine the host's taking the CPU
 *       away. This is {@code compare}'s control.</li>
 *   <li>{@link Phase#RANDOM_WRITE}: read-modify-writes of random 8-byte words in a region that
 *       is already written (resident), repeated until the operation's length is reached: the
 *       memory traffic of a map's put, without a map. A write can run past the length, so
 *       these operations are longer than the spin's; the report gives each phase's time.</li>
 *   <li>{@link Phase#WRITE_WHILE_FAULTING}: the same, while a {@link FreshMemoryWriter} on a
 *       second thread takes fresh memory and writes every page of it, as tophash's
 *       {@code tophash-prefault} thread does while a table grows.</li>
 * </ul>
 * A pause lands on whatever runs, so comparing the phases' counts of slow operations, in one
 * JVM and alternated, tells the machine's share of a map's slow puts from the map's own.
 */
final class StallProbe {
    /** The slowest operation recordable: a minute. */
    private static final long HIGHEST_NS = 60_000_000_000L;
    /** Slow operations are counted exactly, not from the histogram's buckets. */
    static final long HALF_MS = 500_000;
    static final long ONE_MS = 1_000_000;

    /** The three operations, in the order each round runs them. */
    enum Phase {
        /** Spin on the clock; touches no memory. */
        BUSY_WAIT("busy-wait"),
        /** Random read-modify-writes in a resident region. */
        RANDOM_WRITE("random-write"),
        /** Random-write while another thread writes fresh memory. */
        WRITE_WHILE_FAULTING("random-write, faulting");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /**
         * The phase's name in the printed table.
         *
         * @return a short label
         */
        String label() {
            return label;
        }
    }

    private final long region;
    private final long regionWords;
    private final long opNs;
    private final long faultCapBytes;
    private final long faultBytesPerSecond;
    private final Histogram histogram = new Histogram(1, HIGHEST_NS, 3);
    private long overHalfMs;
    private long overOneMs;
    /** Counts the random words drawn; its mix picks the word and is what the write adds. */
    private long sequence;

    /**
     * Allocates the resident region (from {@link Allocator#NATIVE}, on the pages tables use)
     * and writes all of it. Costs the time to back {@code regionBytes}; {@link #close} frees it.
     *
     * @param regionBytes the random-write region, at least 8 bytes and below 32 GiB
     * @param opNs how long each timed operation runs at least, at least 1
     * @param faultCapBytes the most fresh memory the second thread writes in one phase, at
     *     least 64 MiB (used in whole 64 MiB pieces)
     * @param faultBytesPerSecond how fast the second thread writes fresh memory, at most
     */
    StallProbe(long regionBytes, long opNs, long faultCapBytes, long faultBytesPerSecond) {
        if (regionBytes < Long.BYTES || regionBytes >= (1L << 35) || opNs < 1 || faultCapBytes < FreshMemoryWriter.PIECE
                || faultBytesPerSecond < 1) {
            throw new IllegalArgumentException("a stall probe needs a region of 8 bytes to 32 GiB, an operation of at"
                    + " least 1 ns, a fault cap of at least 64 MiB and a positive fault rate; got " + regionBytes
                    + " bytes, " + opNs + " ns, " + faultCapBytes + " bytes, " + faultBytesPerSecond + " bytes/s");
        }
        this.faultBytesPerSecond = faultBytesPerSecond;
        this.regionWords = regionBytes / Long.BYTES;
        this.opNs = opNs;
        this.faultCapBytes = faultCapBytes;
        this.region = Allocator.NATIVE.allocate(regionWords * Long.BYTES);
        UnsafeApi.setMemory(region, regionWords * Long.BYTES, (byte) 0x5A);
    }

    /**
     * Runs one phase: an untimed warm-up of up to 100,000 operations (so the loop is compiled),
     * then {@code ops} timed ones. Costs about {@code ops * (opNs + one clock read)}, more for
     * the writing phases; for {@link Phase#WRITE_WHILE_FAULTING}, also the fresh memory the
     * second thread backs, up to the cap, which is freed before this returns.
     *
     * @param phase which operation
     * @param ops how many to time, at least 1
     * @return the counts and percentiles
     * @throws IllegalStateException when the second thread failed to take or write memory
     */
    Stalls run(Phase phase, int ops) {
        time(phase, Math.min(ops, 100_000));
        histogram.reset();
        overHalfMs = 0;
        overOneMs = 0;
        if (phase != Phase.WRITE_WHILE_FAULTING) {
            long t0 = System.nanoTime();
            time(phase, ops);
            return stalls(phase, System.nanoTime() - t0, null);
        }
        FreshMemoryWriter writer = new FreshMemoryWriter(faultCapBytes, faultBytesPerSecond);
        Thread thread = new Thread(writer, "stall-probe-fresh-memory");
        thread.setDaemon(true);
        long t0 = System.nanoTime();
        long wallNs;
        thread.start();
        try {
            time(phase, ops);
        } finally {
            wallNs = System.nanoTime() - t0;
            writer.stop();
            joinQuietly(thread);
            writer.freeAll();
        }
        if (writer.failure() != null) {
            throw new IllegalStateException("the thread writing fresh memory failed: " + writer.failure(),
                    writer.failure());
        }
        return stalls(phase, wallNs, writer);
    }

    /** Frees the region. */
    void close() {
        Allocator.NATIVE.free(region, regionWords * Long.BYTES);
    }

    /**
     * Which word of a region of {@code regionWords} a random 64-bit {@code r} picks: the high
     * half of {@code r} scaled to the word count, uniform and without a division.
     *
     * @param r a random value
     * @param regionWords the region's size in words, 1 to 2^32
     * @return 0 to {@code regionWords - 1}
     */
    static long wordIndex(long r, long regionWords) {
        return ((r >>> 32) * regionWords) >>> 32;
    }

    private void time(Phase phase, int ops) {
        if (phase == Phase.BUSY_WAIT) {
            spin(ops);
        } else {
            write(ops);
        }
    }

    /** The spin and the writes are separate loops, so that neither compiles on the other's profile. */
    private void spin(int ops) {
        final long length = opNs;
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            long t1;
            do {
                t1 = System.nanoTime();
            } while (t1 - t0 < length);
            record(t1 - t0);
        }
    }

    private void write(int ops) {
        final long length = opNs;
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            long t1;
            do {
                long r = mix(++sequence);
                long address = region + wordIndex(r, regionWords) * Long.BYTES;
                UnsafeApi.putLong(address, UnsafeApi.getLong(address) + r);
                t1 = System.nanoTime();
            } while (t1 - t0 < length);
            record(t1 - t0);
        }
    }

    /**
     * Records one operation's time.
     *
     * @param ns nanoseconds
     */
    void record(long ns) {
        histogram.recordValue(Math.min(HIGHEST_NS, ns));
        if (ns > HALF_MS) {
            overHalfMs++;
            if (ns > ONE_MS) {
                overOneMs++;
            }
        }
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The operations recorded since the last phase began (or, in a test, since the probe was
     * made), as a result.
     *
     * @param phase which operation
     * @param wallNs the phase's wall-clock time
     * @param writer the fresh-memory thread's work, or null
     * @return the counts and percentiles
     */
    Stalls stalls(Phase phase, long wallNs, FreshMemoryWriter writer) {
        return new Stalls(phase, histogram.getTotalCount(), wallNs, histogram.getMean(),
                histogram.getValueAtPercentile(99.9), histogram.getValueAtPercentile(99.99), histogram.getMaxValue(), overHalfMs, overOneMs,
                writer == null ? 0 : writer.writtenBytes(), writer == null ? 0 : writer.writingNs(),
                writer != null && writer.capReached());
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One phase's result.
     *
     * @param phase which operation
     * @param ops how many were timed
     * @param wallNs the phase's wall-clock time
     * @param meanNs the mean operation, clock reads included
     * @param p999Ns the 99.9th percentile
     * @param p9999Ns the 99.99th percentile
     * @param maxNs the slowest
     * @param overHalfMs how many took over 0.5 ms
     * @param overOneMs how many took over 1 ms
     * @param faultedBytes fresh memory the second thread wrote (0 but in the faulting phase)
     * @param faultingNs how long the second thread wrote
     * @param capReached whether the second thread stopped at its cap before the phase ended
     */
    record Stalls(Phase phase, long ops, long wallNs, double meanNs, long p999Ns, long p9999Ns, long maxNs, long overHalfMs,
                  long overOneMs, long faultedBytes, long faultingNs, boolean capReached) {
    }
}
