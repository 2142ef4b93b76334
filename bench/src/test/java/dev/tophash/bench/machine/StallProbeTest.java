package dev.tophash.bench.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stall probe's counting, its random word, and the fresh-memory thread's pacing, cap and stop. */
class StallProbeTest {
    private static final long MIB = 1L << 20;

    @Test
    void slowOperationsAreCountedExactlyAtTheirThresholds() {
        StallProbe probe = new StallProbe(MIB, 1, 64 * MIB, 1);
        try {
            for (long ns : new long[] {499_999, 500_000, 500_001, 999_999, 1_000_000, 1_000_001, 3_000_000}) {
                probe.record(ns);
            }
            StallProbe.Stalls s = probe.stalls(StallProbe.Phase.BUSY_WAIT, 1, null);
            assertEquals(7, s.ops());
            assertEquals(5, s.overHalfMs());
            assertEquals(2, s.overOneMs());
        } finally {
            probe.close();
        }
    }

    @Test
    void aPhaseReportsItsTimedOperationsOnlyNotItsWarmUp() {
        StallProbe probe = new StallProbe(MIB, 1, 64 * MIB, 1);
        try {
            for (StallProbe.Phase phase : new StallProbe.Phase[] {StallProbe.Phase.BUSY_WAIT, StallProbe.Phase.RANDOM_WRITE}) {
                StallProbe.Stalls s = probe.run(phase, 3_000);
                assertEquals(3_000, s.ops(), phase.label());
                assertEquals(0, s.faultedBytes(), phase.label());
                assertTrue(s.meanNs() >= 1 && s.maxNs() >= s.p9999Ns(), phase.label());
            }
        } finally {
            probe.close();
        }
    }

    @Test
    void theRandomWordStaysInsideTheRegionAndReachesItsEnds() {
        for (long words : new long[] {1, 2, 3, 1L << 31, 1L << 32}) {
            assertEquals(0, StallProbe.wordIndex(0, words));
            assertEquals(words - 1, StallProbe.wordIndex(-1L, words), "words " + words);
            assertEquals(words / 2, StallProbe.wordIndex(Long.MIN_VALUE, words), "words " + words);
        }
    }

    @Test
    void pacingDueTimesGrowWithTheBytesWritten() {
        double twoMiBPerMilli = 2.0 * MIB / 1e6;
        assertEquals(1_000, FreshMemoryWriter.dueNs(1_000, 0, twoMiBPerMilli));
        assertEquals(1_001_000, FreshMemoryWriter.dueNs(1_000, 2 * MIB, twoMiBPerMilli));
        assertEquals(10_001_000, FreshMemoryWriter.dueNs(1_000, 20 * MIB, twoMiBPerMilli));
    }

    @Test
    void theFreshMemoryThreadStopsAtItsCapInWholePieces() throws InterruptedException {
        // 100 MiB is one whole 64 MiB piece.
        FreshMemoryWriter writer = new FreshMemoryWriter(100 * MIB, Long.MAX_VALUE / 2);
        Thread t = new Thread(writer);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(120));
        writer.freeAll();
        assertFalse(t.isAlive());
        assertEquals(null, writer.failure());
        assertEquals(64 * MIB, writer.writtenBytes());
        assertTrue(writer.capReached());
        assertTrue(writer.writingNs() > 0);
    }

    @Test
    void stoppingWakesAThreadThatIsPacingItself() throws InterruptedException {
        // One byte a second: after its first 2 MiB it would wait for weeks.
        FreshMemoryWriter writer = new FreshMemoryWriter(64 * MIB, 1);
        Thread t = new Thread(writer);
        t.start();
        while (writer.writtenBytes() == 0 && t.isAlive()) {
            Thread.sleep(1);
        }
        writer.stop();
        t.join(TimeUnit.SECONDS.toMillis(120));
        writer.freeAll();
        assertFalse(t.isAlive(), "still pacing after stop()");
        assertFalse(writer.capReached());
        assertEquals(2 * MIB, writer.writtenBytes());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StallProbe(4, 1, 64 * MIB, 1));
        assertThrows(IllegalArgumentException.class, () -> new StallProbe(MIB, 0, 64 * MIB, 1));
        assertThrows(IllegalArgumentException.class, () -> new StallProbe(MIB, 1, 63 * MIB, 1));
        assertThrows(IllegalArgumentException.class, () -> new FreshMemoryWriter(64 * MIB, 0));
    }
}
