package dev.tophash.engine;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Where a map's memory housekeeping runs: the one background thread tophash may start, or the
 * map's own writer.
 *
 * <h2>The thread</h2>
 * Named {@code tophash-housekeeper} when tophash makes it (a daemon), or whatever the user's
 * {@link ThreadFactory} makes. It does three kinds of work, all of it about memory, none of it
 * about entries:
 * <ul>
 *   <li>returns retired table generations and overflow chunks to their allocator (freeing a large
 *       region takes the kernel milliseconds, and a grow ends inside an ordinary {@code put});</li>
 *   <li>allocates and faults in a large in-memory table's next generation and next overflow
 *       chunk ahead of need ({@link Prefault});</li>
 *   <li>loads the native binding for huge pages, once per JVM ({@link HugePages}).</li>
 * </ul>
 * It starts when an open map first has work for it (a region of at least
 * {@link #INLINE_FREE_BYTES} to free or to prepare), not before, and ends once every map that
 * uses it is closed (or freed by the Cleaner) and its queue is empty. Maps built with the same
 * factory share one housekeeper; maps built without one share tophash's own.
 *
 * <h2>Without a thread</h2>
 * {@link #ON_WRITER} runs no thread: a retired region is freed by the write that retires it,
 * nothing is prepared ahead (a grow allocates its generation and its pages fault in as the
 * grow writes them, on the writer), and the huge-page binding loads when the map is built.
 *
 * <p>Handing work over allocates nothing for prefault tasks (a bounded array queue; a task that
 * finds it full is dropped, since every prefault task is optional) and one queue node for a
 * region to free, which is rare. Work that throws is reported to the thread's uncaught exception
 * handler and the thread goes on.
 */
final class Housekeeper {
    /** Runs no thread: reclaiming happens on the writer and nothing is prepared ahead. */
    static final Housekeeper ON_WRITER = new Housekeeper(null);

    /**
     * Smaller segments are freed on the thread that retires them: cheap, and so a map that never
     * grows large never starts the thread.
     */
    static final long INLINE_FREE_BYTES = HugePages.SIZE;

    private static final ThreadFactory OWN_THREADS = task -> {
        Thread thread = new Thread(task, "tophash-housekeeper");
        thread.setDaemon(true);
        return thread;
    };
    /** The live housekeeper of each thread factory; tophash's own under {@link #OWN_THREADS}. */
    private static final Map<ThreadFactory, Housekeeper> LIVE = new IdentityHashMap<>();

    private final ThreadFactory factory;
    private final Queue<Segment> toFree = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> tasks = new ManyToOneConcurrentArrayQueue<>(1024);
    /** Open maps using this housekeeper; guarded by {@link #LIVE}. */
    private int users;
    /** Started at the first work, null before; guarded by {@link #LIVE}. */
    private Thread thread;
    /** Set once {@link #users} fell to 0: the thread ends when its queues are empty. */
    private volatile boolean retiring;

    /** The thread's body, made with the housekeeper so that the put which starts the thread links no lambda. */
    private final Runnable body = this::run;

    private Housekeeper(ThreadFactory factory) {
        this.factory = factory;
    }

    /**
     * join registers one more open map with the housekeeper that runs on {@code factory}
     * (tophash's own daemon thread when null), making it if none is live. O(1); starts no
     * thread. Each join is matched by one {@link #leave()}.
     */
    static Housekeeper join(ThreadFactory factory) {
        ThreadFactory f = factory == null ? OWN_THREADS : factory;
        synchronized (LIVE) {
            Housekeeper h = LIVE.computeIfAbsent(f, Housekeeper::new);
            h.users++;
            return h;
        }
    }

    /**
     * leave is a map's close: when it was the last map, the thread (if any) finishes what is
     * queued and ends, and a later map gets a new housekeeper. O(1).
     */
    void leave() {
        if (this == ON_WRITER) {
            return;
        }
        synchronized (LIVE) {
            if (--users > 0) {
                return;
            }
            LIVE.remove(factory);
            retiring = true;
            if (thread == null) {
                return; // never started: nothing to end
            }
        }
        wake();
    }

    /** runsThread says whether work handed here runs on a background thread, not on the caller. */
    boolean runsThread() {
        return this != ON_WRITER;
    }

    /**
     * free returns {@code segment} to its allocator: queued for the thread, or at once on the
     * calling thread for {@link #ON_WRITER} and for a segment smaller than
     * {@link #INLINE_FREE_BYTES}. The segment is already marked freed and uncounted.
     */
    void free(Segment segment) {
        if (!runsThread() || segment.bytes < INLINE_FREE_BYTES) {
            segment.allocator.free(segment.address, segment.bytes);
            return;
        }
        toFree.offer(segment); // unbounded: always taken
        wake();
    }

    /**
     * offer queues an optional task; false (and the task is not run) when there is no thread or
     * the queue is full. O(1); allocates nothing.
     */
    boolean offer(Runnable task) {
        if (!runsThread() || !tasks.offer(task)) {
            return false;
        }
        wake();
        return true;
    }

    /**
     * drain waits until the thread has run every task queued before the call. For tests, which
     * check what the thread did; map operations never wait for it.
     */
    void drain() {
        if (!runsThread()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!offer(done::countDown)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the housekeeper's queue has been full for 60 s");
            }
            Thread.yield();
        }
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the housekeeper has not finished its queue in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the housekeeper", e);
        }
    }

    /** thread is the housekeeper's thread, or null while it has not started or has ended. For tests. */
    Thread thread() {
        synchronized (LIVE) {
            return thread;
        }
    }

    private void wake() {
        Thread t;
        synchronized (LIVE) {
            if (thread == null) {
                thread = factory.newThread(body);
                if (thread == null) {
                    throw new IllegalStateException("the ThreadFactory given to tophash returned no thread");
                }
                thread.start();
                return;
            }
            t = thread;
        }
        LockSupport.unpark(t);
    }

    private void run() {
        while (true) {
            // Interrupts are cleared, not obeyed: memory would leak otherwise.
            Thread.interrupted();
            Segment segment = toFree.poll();
            if (segment != null) {
                attempt(() -> segment.allocator.free(segment.address, segment.bytes));
                continue;
            }
            Runnable task = tasks.poll();
            if (task != null) {
                attempt(task);
                continue;
            }
            if (retiring && toFree.isEmpty() && tasks.isEmpty()) {
                synchronized (LIVE) {
                    thread = null;
                }
                return;
            }
            // An unpark that came after the polls but before this park makes it return at once.
            LockSupport.park(this);
        }
    }

    private static void attempt(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }
}
