package dev.tophash.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The busy-wait control really waits, and refuses a length or count it cannot run. */
class GrowthRecorderTest {
    private final GrowthRecorder recorder = new GrowthRecorder(new GcPauses(), new HeapMeter(), 0);

    @Test
    void everyBusyWaitLastsAtLeastItsLength() {
        BusyWaitControl control = recorder.recordBusyWait(2_000, 20_000);
        assertEquals(2_000, control.size());
        assertEquals(20_000, control.busyNs());
        // HdrHistogram reads a percentile back as the highest value of its bucket, never lower.
        assertTrue(control.latency().p50Ns() >= 20_000, control.toString());
        assertTrue(control.latency().meanNs() >= 20_000, control.toString());
        assertTrue(control.latency().maxNs() >= control.latency().p9999Ns(), control.toString());
    }

    @Test
    void aControlOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> recorder.recordBusyWait(10, 0));
        assertThrows(IllegalArgumentException.class, () -> recorder.recordBusyWait(0, 100));
    }
}
