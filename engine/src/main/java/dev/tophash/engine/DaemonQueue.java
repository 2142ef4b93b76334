package dev.tophash.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * One daemon thread that hands each queued item to one piece of work, oldest first: the
 * background half of {@link Reclaimer} (segments to free) and {@link Prefault} (memory to
 * allocate and fault in). The thread outlives any interrupt
 * (memory would leak otherwise), and work that throws is reported to the thread's uncaught
 * exception handler without stopping the thread.
 *
 * <p>Two kinds. An {@link #unbounded} queue never refuses an item, and allocates a node for
 * each. A {@link #bounded} one, Agrona's many-to-one array queue, allocates nothing to take an
 * item, so a map's writer can hand work over without garbage. It refuses items when it is full,
 * so it suits work that may be skipped. Either way, an idle thread parks and a producer unparks
 * it, which allocates nothing either.
 */
final class DaemonQueue<T> {
    private final Queue<T> queue;
    private final Consumer<T> work;
    private final Thread thread;

    private DaemonQueue(String name, Queue<T> queue, Consumer<T> work) {
        this.queue = queue;
        this.work = work;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the thread, named {@code name}, that runs {@code work} on each item of an unbounded queue. */
    static <T> DaemonQueue<T> unbounded(String name, Consumer<T> work) {
        return new DaemonQueue<>(name, new ConcurrentLinkedQueue<>(), work);
    }

    /**
     * Starts the thread, named {@code name}, that runs {@code work} on each item of a queue of
     * at least {@code capacity} items that allocates nothing per item.
     */
    static <T> DaemonQueue<T> bounded(String name, int capacity, Consumer<T> work) {
        return new DaemonQueue<>(name, new ManyToOneConcurrentArrayQueue<>(capacity), work);
    }

    /**
     * offer queues an item for the work, or returns false when a bounded queue is full (an
     * unbounded one always takes it). O(1); never blocks; a bounded queue allocates nothing.
     */
    boolean offer(T item) {
        if (!queue.offer(item)) {
            return false;
        }
        LockSupport.unpark(thread);
        return true;
    }

    private void run() {
        while (true) {
            // Interrupts are cleared, not obeyed, before every item as before every park.
            Thread.interrupted();
            T item = queue.poll();
            if (item == null) {
                // An unpark that came after the poll but before this park makes it return at
                // once, so no item waits for the next one.
                LockSupport.park(this);
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
