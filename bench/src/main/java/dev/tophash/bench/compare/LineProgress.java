package dev.tophash.bench.compare;

import java.io.PrintStream;

/**
 * Progress as one plain line per step, with the step number and the elapsed time: readable in
 * a CI log, a pipe or a file, where a redrawn bar would garble.
 */
public final class LineProgress implements Progress {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long total;
    private long current;

    /**
     * Writes to {@code out}.
     *
     * @param out usually standard error
     */
    public LineProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(long totalSteps) {
        total = totalSteps;
    }

    @Override
    public void step(String what) {
        current++;
        print(what);
    }

    @Override
    public void skip(int steps, String why) {
        current += steps - 1;
        print(why);
    }

    private void print(String what) {
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        int width = Long.toString(total).length();
        out.printf("[%" + width + "d/%d %d:%02d] %s%n", current, total, seconds / 60, seconds % 60, what);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
