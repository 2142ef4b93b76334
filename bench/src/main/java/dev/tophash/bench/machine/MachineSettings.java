package dev.tophash.bench.machine;

import dev.tophash.bench.compare.ProgressMode;

/**
 * What one {@code machine} run does, already validated.
 *
 * @param ops timed operations per phase and round, at least 1
 * @param rounds rounds of the three phases, at least 1
 * @param opNs how long each timed operation runs, in nanoseconds, at least 1
 * @param regionMiB the resident region the random writes go to, in MiB
 * @param freshMiB how much fresh memory the first-touch measurement takes, and the most the
 *     faulting thread holds in one phase, in MiB
 * @param faultRate how fast the faulting thread writes fresh memory, in MB/s
 * @param progress how progress is shown
 */
public record MachineSettings(int ops, int rounds, long opNs, int regionMiB, int freshMiB, int faultRate,
                              ProgressMode progress) {
    /**
     * The random-write region.
     *
     * @return bytes
     */
    public long regionBytes() {
        return (long) regionMiB << 20;
    }

    /**
     * The fresh memory taken by the first-touch measurement, and the faulting thread's cap.
     *
     * @return bytes
     */
    public long freshBytes() {
        return (long) freshMiB << 20;
    }

    /**
     * The faulting thread's rate.
     *
     * @return bytes per second
     */
    public long faultBytesPerSecond() {
        return faultRate * 1_000_000L;
    }
}
