package dev.tophash.bench.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.compare.ProgressMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine report: totals over the rounds, each round's count, and the faulting thread's rate. */
class MachineReportTest {
    private static final MachineSettings SETTINGS = new MachineSettings(1000, 2, 250, 288, 1024, 200, ProgressMode.NONE);

    private static StallProbe.Stalls stalls(StallProbe.Phase phase, double meanNs, long maxNs, long overHalf,
                                            long overOne, long faulted) {
        return new StallProbe.Stalls(phase, 1000, 2_000_000_000L, meanNs, (long) meanNs * 10, 40_000, maxNs, overHalf, overOne, faulted,
                faulted == 0 ? 0 : 1_000_000_000L, faulted > (300L << 20));
    }

    @Test
    void aPhaseRowSumsItsRoundsAndListsEachRoundsSlowOperations() {
        FirstTouch.Result fresh = new FirstTouch.Result("fresh", 4L << 20, 8_000_000, new long[] {3_000_000, 5_000_000});
        FirstTouch.Result reused = new FirstTouch.Result("reused at once", 4L << 20, 250_000, new long[] {100_000, 150_000});
        List<StallProbe.Stalls> runs = List.of(
                stalls(StallProbe.Phase.BUSY_WAIT, 260, 200_000, 0, 0, 0),
                stalls(StallProbe.Phase.RANDOM_WRITE, 400, 2_500_000, 3, 2, 0),
                stalls(StallProbe.Phase.WRITE_WHILE_FAULTING, 420, 31_000_000, 5, 4, 400L << 20),
                stalls(StallProbe.Phase.BUSY_WAIT, 280, 1_200_000, 1, 1, 0),
                stalls(StallProbe.Phase.RANDOM_WRITE, 410, 300_000, 0, 0, 0),
                stalls(StallProbe.Phase.WRITE_WHILE_FAULTING, 430, 900_000, 1, 0, 400L << 20));
        List<String> lines = MachineReport.render(SETTINGS, new FirstTouch.Result[] {fresh, reused}, runs);
        String text = String.join("\n", lines);

        String freshRow = row(lines, "fresh ");
        // Nearest rank: the median of {3, 5} ms is 3 ms.
        assertTrue(freshRow.matches("fresh\\s+524\\s+3\\.00 ms\\s+5\\.00 ms\\s+5\\.00 ms"), freshRow);
        // Two rounds of 2 s each: 4 s per phase, so one slow operation is 15 a minute.
        assertTrue(row(lines, "busy-wait ")
                .matches("busy-wait\\s+270 ns\\s+2\\.8 us\\s+40\\.0 us\\s+1\\.20 ms\\s+1\\s+1\\s+4\\.0s\\s+15\\.0\\s+0 1"),
                row(lines, "busy-wait "));
        assertTrue(row(lines, "random-write ")
                .matches("random-write\\s+405 ns\\s+4\\.1 us\\s+40\\.0 us\\s+2\\.50 ms\\s+3\\s+2\\s+4\\.0s\\s+30\\.0\\s+2 0"),
                row(lines, "random-write "));
        assertTrue(row(lines, "random-write, faulting ")
                .matches("random-write, faulting\\s+425 ns\\s+4\\.3 us\\s+40\\.0 us\\s+31\\.00 ms\\s+6\\s+4\\s+4\\.0s\\s+60\\.0\\s+4 0"),
                row(lines, "random-write, faulting "));
        // 800 MiB written over 1 s in each of the two rounds, in phases of 2 s; both reached the cap.
        assertTrue(text.contains("it wrote 800 MiB at 419 MB/s (asked: 200), for 2.0 s of the phases' 4.0 s;"
                + " it reached its cap in 2 of 2."), text);
    }

    private static String row(List<String> lines, String start) {
        List<String> rows = lines.stream().filter(l -> l.startsWith(start)).toList();
        assertEquals(1, rows.size(), start + " in\n" + String.join("\n", lines));
        return rows.get(0);
    }
}
