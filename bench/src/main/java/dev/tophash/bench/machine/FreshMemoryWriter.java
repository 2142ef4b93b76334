package dev.tophash.bench.machine;

import dev.tophash.engine.Allocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread's work that takes fresh memory 64 MiB at a time and writes every page of it, at a
 * steady rate, until stopped or at its cap, as {@code tophash-prefault} does while a table grows
 * (it backs about 0.65 GiB over a fill to 10M entries). Everything it took stays held until
 * {@link #freeAll}, so each page it writes is one the process has not had before.
 */
final class FreshMemoryWriter implements Runnable {
    /** How much it takes at a time. */
    static final long PIECE = 64L << 20;

    private final long capBytes;
    private final double bytesPerNano;
    private final List<Long> held;
    private volatile long writtenBytes;
    private volatile long startNs;
    private volatile long endNs;
    private volatile boolean capReached;
    private volatile boolean stop;
    private volatile Throwable failure;
    private volatile Thread runner;

    /**
     * Makes the work; nothing is taken until a thread runs it.
     *
     * @param capBytes the most it writes, rounded down to whole 64 MiB pieces; at least one piece
     * @param bytesPerSecond how fast it writes, at most; at least 1
     */
    FreshMemoryWriter(long capBytes, long bytesPerSecond) {
        if (capBytes < PIECE || bytesPerSecond < 1) {
            throw new IllegalArgumentException("fresh memory needs a cap of at least 64 MiB and a positive rate, not "
                    + capBytes + " bytes at " + bytesPerSecond + " bytes/s");
        }
        this.capBytes = capBytes - capBytes % PIECE;
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.held = new ArrayList<>((int) (this.capBytes / PIECE));
    }

    /**
     * When {@code writtenBytes} are due, for a writer that started at {@code startNs} and goes
     * at {@code bytesPerNano}.
     *
     * @param startNs when writing started, or last caught up
     * @param writtenBytes how much is written
     * @param bytesPerNano the rate
     * @return the {@link System#nanoTime()} at which that much is due
     */
    static long dueNs(long startNs, long writtenBytes, double bytesPerNano) {
        return startNs + (long) (writtenBytes / bytesPerNano);
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        long start = System.nanoTime();
        startNs = start;
        long chunkNs = (long) (FirstTouch.CHUNK / bytesPerNano);
        long written = 0;
        try {
            while (!stop && written + PIECE <= capBytes) {
                long address = Allocator.NATIVE.allocate(PIECE);
                synchronized (held) {
                    held.add(address);
                }
                for (long part = 0; part < PIECE && !stop; part += FirstTouch.CHUNK) {
                    FirstTouch.touch(address + part, FirstTouch.CHUNK);
                    written += FirstTouch.CHUNK;
                    writtenBytes = written;
                    long now = System.nanoTime();
                    long behind = now - dueNs(start, written, bytesPerNano) - chunkNs;
                    if (behind > 0) {
                        // After a pause, fall back to one chunk behind rather than catch up in a burst.
                        start += behind;
                    }
                    long ahead = dueNs(start, written, bytesPerNano) - now;
                    if (ahead > 0 && !stop) {
                        LockSupport.parkNanos(this, ahead);
                    }
                }
            }
            capReached = !stop;
        } catch (Throwable e) {
            failure = e;
        } finally {
            endNs = System.nanoTime();
        }
    }

    /** Asks the thread to stop, waking it if it is pacing itself. */
    void stop() {
        stop = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * How much it has written.
     *
     * @return bytes
     */
    long writtenBytes() {
        return writtenBytes;
    }

    /**
     * How long it wrote: from its start until it stopped, reached its cap or failed.
     *
     * @return nanoseconds, 0 when it never ran
     */
    long writingNs() {
        long s = startNs;
        long e = endNs;
        return s == 0 || e == 0 ? 0 : e - s;
    }

    /**
     * Whether it stopped because it had written its cap.
     *
     * @return true when the cap ended it
     */
    boolean capReached() {
        return capReached;
    }

    /**
     * What made it fail, if anything.
     *
     * @return the error, or null
     */
    Throwable failure() {
        return failure;
    }

    /** Frees everything it took. Call once its thread has ended. */
    void freeAll() {
        synchronized (held) {
            for (long address : held) {
                Allocator.NATIVE.free(address, PIECE);
            }
            held.clear();
        }
    }
}
