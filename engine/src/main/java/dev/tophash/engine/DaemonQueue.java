package dev.tophash.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One daemon thread that hands each queued item to one piece of work, oldest first: the
 * background half of {@link Reclaimer} (segments to free) and {@link Prefault} (memory to
 * allocate and fault in). The thread outlives any interrupt
 * (memory would leak otherwise), and work that throws is reported to the thread's uncaught
 * exception handler without stopping the thread.
 */
final class DaemonQueue<T> {
    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final Consumer<T> work;

    /** Starts the thread, named {@code name}, that runs {@code work} on each queued item. */
    DaemonQueue(String name, Consumer<T> work) {
        this.work = work;
        Thread thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** add queues an item for the work. O(1); never blocks. */
    void add(T item) {
        queue.add(item);
    }

    private void run() {
        while (true) {
            T item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            try {
                work.accept(item);
            } catch (RuntimeException | Error e) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
    }
}
