package dev.tophash.bench.compare;

/**
 * The time per operation of one operation on one map, over several timed passes.
 *
 * @param medianNs the median pass's nanoseconds per operation: the figure the tables show
 * @param bestNs the fastest pass's nanoseconds per operation
 * @param passes how many passes were timed
 * @param opsPerPass how many operations each pass timed
 */
public record Timing(double medianNs, double bestNs, int passes, long opsPerPass) {
}
