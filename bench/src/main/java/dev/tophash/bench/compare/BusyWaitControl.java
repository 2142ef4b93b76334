package dev.tophash.bench.compare;

/**
 * The control for the put-latency table: no map at all, only a busy-wait as long as the
 * fastest growing map's mean timed put, repeated as many times as there were puts and timed the
 * same way.
 *
 * <p>Nothing in it allocates, faults or touches memory, so its tail is what the machine adds to
 * any operation of that length: the scheduler, timer interrupts, and on a virtual machine the
 * host taking the CPU away. A map's p99.99 or max cannot be read below the control's at the same
 * size. Its length matters, because a pause lands on an operation with a probability in
 * proportion to how long the operation runs: the control takes the fastest map's, so it is a
 * lower bound, and slower maps' tails hold more of the machine's pauses than it shows.
 *
 * @param size the number of puts it stands in for
 * @param busyNs how long each busy-wait runs, in nanoseconds (without the clock read that times it)
 * @param latency its percentiles, with the collector's pauses during the run
 */
public record BusyWaitControl(int size, long busyNs, GrowthLatency latency) {
    /** The control's name where a map's name would stand: in the table, the CSV and the chart. */
    public static final String NAME = "busy-wait";
}
