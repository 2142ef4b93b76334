package dev.tophash.bench.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One map's turn: its workers, each on a new thread, started together and stopped together by a
 * {@link TurnClock}.
 */
final class Turn {
    /** How long a thread may take to notice the end of its turn before the turn fails. */
    private static final long STOP_GRACE_SECONDS = 60;

    private Turn() {
    }

    /**
     * Runs the workers for {@code nanos}, each on its own new thread, and waits for all of them:
     * none is left running on the map when this returns, but for one that ignored the clock for
     * a minute.
     *
     * @param workers the turn's threads' parts
     * @param nanos how long the turn runs
     * @return one sample per worker, in order
     * @throws IllegalStateException with the first worker's failure (the others are stopped at once),
     *     or when a thread did not stop
     */
    static List<Sample> run(List<Worker> workers, long nanos) {
        TurnClock clock = new TurnClock(workers.size());
        List<FutureTask<Sample>> tasks = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Worker worker = workers.get(i);
            FutureTask<Sample> task = new FutureTask<>(() -> {
                try {
                    clock.awaitStart();
                    return worker.run(clock);
                } catch (RuntimeException | Error | InterruptedException e) {
                    clock.stop();
                    throw e;
                }
            });
            Thread thread = new Thread(task, String.format(Locale.ROOT, "shared-worker-%d", i + 1));
            thread.setDaemon(true);
            thread.start();
            tasks.add(task);
        }
        try {
            clock.run(nanos);
        } catch (InterruptedException e) {
            clock.stop();
            Thread.currentThread().interrupt();
        }
        List<Sample> samples = new ArrayList<>();
        RuntimeException failure = null;
        for (FutureTask<Sample> task : tasks) {
            try {
                samples.add(task.get(STOP_GRACE_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                failure = failure != null ? failure : asRuntime(e.getCause());
            } catch (TimeoutException e) {
                failure = failure != null ? failure : new IllegalStateException(
                        "a thread of the turn did not stop within " + STOP_GRACE_SECONDS + " s of its end");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure
                        : new IllegalStateException("interrupted while waiting for the turn", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return samples;
    }

    private static RuntimeException asRuntime(Throwable cause) {
        // An Error (out of memory, a library that does not link) fails this map's run as a wrong answer does.
        return cause instanceof RuntimeException ? (RuntimeException) cause
                : new IllegalStateException(cause.toString(), cause);
    }
}
