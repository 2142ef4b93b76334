package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress without a terminal is plain lines, and counts skipped steps. */
class ProgressTest {
    @Test
    void linesNumberEveryStepAndSkipsJumpAhead() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new LineProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            p.start(12);
            p.step("a");
            p.step("b");
            p.skip(5, "b failed");
            p.step("c");
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(4, lines.length);
        assertEquals("[ 1/12 0:00] a", lines[0]);
        assertEquals("[ 2/12 0:00] b", lines[1]);
        assertEquals("[ 6/12 0:00] b failed", lines[2]);
        assertEquals("[ 7/12 0:00] c", lines[3]);
    }

    @Test
    void autoPrintsLinesWhenThereIsNoTerminal() {
        // Surefire's forked JVM has no console, as in CI.
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertInstanceOf(LineProgress.class, Progress.create(ProgressMode.AUTO, sink));
        assertInstanceOf(LineProgress.class, Progress.create(ProgressMode.LINES, sink));
        assertInstanceOf(BarProgress.class, Progress.create(ProgressMode.BAR, sink));
        assertSame(Progress.NONE, Progress.create(ProgressMode.NONE, sink));
    }
}
