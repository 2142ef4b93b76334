package dev.tophash.bench.compare;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * Tells the user how far a command (the comparison, the mapped-table run) has got, on standard
 * error (standard output carries only the tables).
 */
public interface Progress extends AutoCloseable {
    /** Shows nothing. */
    Progress NONE = new Progress() {
        @Override public void start(long totalSteps) { }
        @Override public void step(String what) { }
        @Override public void skip(int steps, String why) { }
        @Override public void close() { }
    };

    /**
     * Announces the number of steps.
     *
     * @param totalSteps how many times {@link #step} will be called
     */
    void start(long totalSteps);

    /**
     * Marks the previous step done and names the one starting now.
     *
     * @param what the step, such as {@code "1,000,000 tophash get-hit"}
     */
    void step(String what);

    /**
     * Marks the step under way and the {@code steps - 1} after it done without running them,
     * because the map they belong to failed.
     *
     * @param steps the step under way plus the ones that will not run
     * @param why the reason, shown in place of the step's name
     */
    void skip(int steps, String why);

    /** Marks the last step done and releases the display. */
    @Override
    void close();

    /**
     * Makes the display the mode asks for. {@link ProgressMode#AUTO} draws a bar only on an
     * interactive terminal: a bar redraws itself with carriage returns, which in a CI log or a
     * file turns into one endless line, so anything else gets plain lines.
     *
     * @param mode the mode
     * @param err where to write
     * @return the display
     */
    static Progress create(ProgressMode mode, PrintStream err) {
        return create(mode, err, "compare");
    }

    /**
     * Makes the display the mode asks for, as {@link #create(ProgressMode, PrintStream)} does,
     * for the named command.
     *
     * @param mode the mode
     * @param err where to write
     * @param task the name a bar shows before itself, such as {@code compare}
     * @return the display
     */
    static Progress create(ProgressMode mode, PrintStream err, String task) {
        switch (mode) {
            case NONE: return NONE;
            case LINES: return new LineProgress(err);
            case BAR: return new BarProgress(err, task);
            default: return onTerminal() ? new BarProgress(err, task) : new LineProgress(err);
        }
    }

    /**
     * Whether the JVM talks to an interactive terminal.
     *
     * @return true on a terminal that can redraw a line
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // From JDK 22, System.console() can return a console even when the streams are
            // redirected; Console.isTerminal() (JDK 22+) tells. On JDK 17 a console means a terminal.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
