package dev.tophash.bench.shared;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The start and the end of one turn, shared by the turn's threads and the thread that runs it.
 * Every thread waits at the start line until all are there, so none runs alone for a while
 * (thread start-up takes longer than thousands of operations); the turn ends when its time is
 * up or, at once, when a thread fails.
 */
final class TurnClock {
    private final CountDownLatch ready;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    /**
     * A clock for {@code threads} threads.
     *
     * @param threads how many threads will call {@link #awaitStart}
     */
    TurnClock(int threads) {
        ready = new CountDownLatch(threads);
    }

    /**
     * Called by each thread of the turn: waits until every one is ready and the turn starts.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitStart() throws InterruptedException {
        ready.countDown();
        started.await();
    }

    /**
     * Whether the turn goes on: the threads check it between operations. One volatile read.
     *
     * @return false once the turn has ended
     */
    boolean running() {
        return running;
    }

    /** Ends the turn: at the end of its time, or early when a thread has failed. */
    void stop() {
        running = false;
        stopped.countDown();
    }

    /**
     * Called by the thread that runs the turn: waits for every thread to be ready, starts them,
     * and stops them after {@code nanos} or as soon as one fails.
     *
     * @param nanos how long the turn runs
     * @throws InterruptedException if interrupted while waiting
     */
    void run(long nanos) throws InterruptedException {
        ready.await();
        started.countDown();
        stopped.await(nanos, TimeUnit.NANOSECONDS);
        stop();
    }
}
