package dev.tophash.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One daemon thread that hands each queued segment to one piece of work, oldest first: the
 * background half of {@link Reclaimer} and {@link Prefault}. The thread outlives any interrupt
 * (memory would leak otherwise), and work that throws is reported to the thread's uncaught
 * exception handler without stopping the thread.
 */
final class DaemonQueue {
    private final LinkedBlockingQueue<Segment> queue = new LinkedBlockingQueue<>();
    private final Consumer<Segment> work;

    /** Starts the thread, named {@code name}, that runs {@code work} on each queued segment. */
    DaemonQueue(String name, Consumer<Segment> work) {
        this.work = work;
        Thread thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** add queues a segment for the work. O(1); never blocks. */
    void add(Segment segment) {
        queue.add(segment);
    }

    private void run() {
        while (true) {
            Segment segment;
            try {
                segment = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            try {
                work.accept(segment);
            } catch (RuntimeException | Error e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
    }
}
