package dev.tophash.bench.compare;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a bar redrawn in place, with the step under way and an estimate of the time
 * left (me.tongfei:progressbar). Meant for a terminal; {@link Progress#create} picks
 * {@link LineProgress} elsewhere.
 */
public final class BarProgress implements Progress {
    /** Redraws per second: few enough that the drawing thread costs the timed loops nothing. */
    private static final int REDRAW_MILLIS = 500;

    private final PrintStream out;
    private final String task;
    private ProgressBar bar;
    private long current;

    /**
     * Draws on {@code out}, named {@code compare}.
     *
     * @param out usually standard error
     */
    public BarProgress(PrintStream out) {
        this(out, "compare");
    }

    /**
     * Draws on {@code out}.
     *
     * @param out usually standard error
     * @param task the name shown before the bar, such as the command's
     */
    public BarProgress(PrintStream out, String task) {
        this.out = out;
        this.task = task;
    }

    @Override
    public void start(long totalSteps) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalSteps)
                // ASCII: the Unicode blocks come out as mojibake on a terminal not set to UTF-8.
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .build();
    }

    @Override
    public void step(String what) {
        if (bar == null) {
            return;
        }
        // The step just named is under way: the bar counts the ones finished before it.
        bar.stepTo(current++);
        bar.setExtraMessage(what);
    }

    @Override
    public void skip(int steps, String why) {
        if (bar == null) {
            return;
        }
        current += steps - 1;
        bar.stepTo(current);
        bar.setExtraMessage(why);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.setExtraMessage("done");
            bar.close();
            bar = null;
        }
    }
}
