package dev.tophash.bench.machine;

import dev.tophash.engine.Allocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.agrona.UnsafeApi;

/**
 * Times short operations one by one, as {@code compare} times every put of a growing map, to
 * count the pauses this machine puts into them. Three kinds of operation, each run for the same
 * count and length:
 * <ul>
 *   <li>{@link Phase#BUSY_WAIT}: a spin on the clock. Nothing touches memory, so its pauses are
 *       the scheduler's, timer interrupts', and on a virtual machine the host's taking the CPU
 *       away. This is {@code compare}'s control.</li>
 *   <li>{@link Phase#RANDOM_WRITE}: read-modify-writes of random 8-byte words in a region that
 *       is already written (resident), repeated until the length is reached: the memory traffic
 *       of a map's put, without a map.</li>
 *   <li>{@link Phase#WRITE_WHILE_FAULTING}: the same, while a second thread takes fresh memory
 *       and writes every page of it at a steady rate, as tophash's {@code tophash-prefault}
 *       thread does while a table grows. On a machine where backing a page is cheap, this reads like the phase
 *       before; where it is not, the writer pauses although it touches no fresh memory itself.</li>
 * </ul>
 * A pause lands on whatever runs, so comparing the phases' counts of slow operations, in one
 * JVM and alternated, tells the machine's share of a map's slow puts from the map's own.
 */
final class StallProbe {
    /** The slowest operation recordable: a minute. */
    private static final long HIGHEST_NS = 60_000_000_000L;
    /** How much the faulting thread takes at a time. */
    private static final long FAULT_CHUNK = 64L << 20;
    private static final long PAGE = 4096;

    /** The three operations, in the order each round runs them. */
    enum Phase {
        /** Spin on the clock; touches no memory. */
        BUSY_WAIT("busy-wait"),
        /** Random read-modify-writes in a resident region. */
        RANDOM_WRITE("random-write"),
        /** Random-write while another thread faults fresh memory in. */
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
    /** Where the next random word is drawn from; also what the writes add, so no write is dead. */
    private long sequence;

    /**
     * Allocates the resident region (from {@link Allocator#NATIVE}, on the pages tables use)
     * and writes all of it. Costs the time to back {@code regionBytes}; {@link #close} frees it.
     *
     * @param regionBytes the random-write region, at least 8 bytes and below 32 GiB
     * @param opNs how long each timed operation runs, at least 1
     * @param faultCapBytes the most fresh memory the faulting thread writes in one phase
     * @param faultBytesPerSecond how fast the faulting thread writes fresh memory, at most
     */
    StallProbe(long regionBytes, long opNs, long faultCapBytes, long faultBytesPerSecond) {
        if (regionBytes < Long.BYTES || regionBytes >= (1L << 35) || opNs < 1 || faultCapBytes < FAULT_CHUNK
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
     * then {@code ops} timed ones. Costs about {@code ops * (opNs + one clock read)}; for
     * {@link Phase#WRITE_WHILE_FAULTING}, also the fresh memory the second thread backs, up to
     * the cap, which is freed before this returns.
     *
     * @param phase which operation
     * @param ops how many to time, at least 1
     * @return the counts and percentiles
     */
    Stalls run(Phase phase, int ops) {
        time(phase, Math.min(ops, 100_000));
        histogram.reset();
        if (phase != Phase.WRITE_WHILE_FAULTING) {
            long t0 = System.nanoTime();
            time(phase, ops);
            return stalls(phase, ops, System.nanoTime() - t0, 0);
        }
        Faulter faulter = new Faulter(faultCapBytes, faultBytesPerSecond);
        Thread thread = new Thread(faulter, "stall-probe-faulter");
        thread.setDaemon(true);
        long t0 = System.nanoTime();
        thread.start();
        try {
            time(phase, ops);
        } finally {
            faulter.stop = true;
            joinQuietly(thread);
            faulter.freeAll();
        }
        if (faulter.failure != null) {
            throw new IllegalStateException("the faulting thread could not take fresh memory: " + faulter.failure,
                    faulter.failure);
        }
        return stalls(phase, ops, System.nanoTime() - t0, faulter.writtenBytes());
    }

    /** Frees the region. */
    void close() {
        Allocator.NATIVE.free(region, regionWords * Long.BYTES);
    }

    private void time(Phase phase, int ops) {
        final Histogram h = histogram;
        final boolean writes = phase != Phase.BUSY_WAIT;
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            long t1;
            do {
                if (writes) {
                    writeRandomWord();
                }
                t1 = System.nanoTime();
            } while (t1 - t0 < opNs);
            h.recordValue(Math.min(HIGHEST_NS, t1 - t0));
        }
    }

    private void writeRandomWord() {
        long r = mix(++sequence);
        // The high half of the hash times the word count, scaled down: uniform, no division.
        long word = ((r >>> 32) * regionWords) >>> 32;
        long address = region + word * Long.BYTES;
        UnsafeApi.putLong(address, UnsafeApi.getLong(address) + r);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Stalls stalls(Phase phase, int ops, long wallNs, long faultedBytes) {
        long over1 = histogram.getCountBetweenValues(1_000_001, HIGHEST_NS);
        long overHalf = histogram.getCountBetweenValues(500_001, HIGHEST_NS);
        return new Stalls(phase, ops, wallNs, histogram.getMean(), histogram.getValueAtPercentile(99.99),
                histogram.getMaxValue(), overHalf, over1, faultedBytes);
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
     * Takes fresh memory 64 MiB at a time and writes every page, at a steady rate, until
     * stopped or at its cap. The rate stands for a growing table's: its prefault thread backs
     * about 0.65 GiB over a fill to 10M entries, which takes a few seconds.
     */
    private static final class Faulter implements Runnable {
        private final long capBytes;
        private final double bytesPerNano;
        private final List<Long> held = new ArrayList<>();
        private volatile long writtenBytes;
        volatile boolean stop;
        volatile Throwable failure;

        Faulter(long capBytes, long bytesPerSecond) {
            this.capBytes = capBytes;
            this.bytesPerNano = bytesPerSecond / 1e9;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try {
                while (!stop && writtenBytes + FAULT_CHUNK <= capBytes) {
                    long address = Allocator.NATIVE.allocate(FAULT_CHUNK);
                    synchronized (held) {
                        held.add(address);
                    }
                    for (long part = 0; part < FAULT_CHUNK && !stop; part += FirstTouch.CHUNK) {
                        for (long o = 0; o < FirstTouch.CHUNK; o += PAGE) {
                            UnsafeApi.putByte(address + part + o, (byte) 1);
                        }
                        writtenBytes += FirstTouch.CHUNK;
                        long due = start + (long) (writtenBytes / bytesPerNano);
                        long ahead = due - System.nanoTime();
                        if (ahead > 0) {
                            LockSupport.parkNanos(ahead);
                        }
                    }
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                failure = e;
            }
        }

        /** How much fresh memory it has written so far. */
        long writtenBytes() {
            return writtenBytes;
        }

        void freeAll() {
            synchronized (held) {
                for (long address : held) {
                    Allocator.NATIVE.free(address, FAULT_CHUNK);
                }
                held.clear();
            }
        }
    }

    /**
     * One phase's result.
     *
     * @param phase which operation
     * @param ops how many were timed
     * @param wallNs the phase's wall-clock time
     * @param meanNs the mean operation, clock reads included
     * @param p9999Ns the 99.99th percentile
     * @param maxNs the slowest
     * @param overHalfMs how many took over 0.5 ms
     * @param overOneMs how many took over 1 ms
     * @param faultedBytes fresh memory the second thread wrote (0 but in the faulting phase)
     */
    record Stalls(Phase phase, int ops, long wallNs, double meanNs, long p9999Ns, long maxNs, long overHalfMs,
                  long overOneMs, long faultedBytes) {
    }
}
