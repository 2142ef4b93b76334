package dev.tophash.bench.compare;

/**
 * The time per operation of one operation on one map, over several timed rounds.
 *
 * @param medianNs the median round's nanoseconds per operation: the figure the tables show and
 *     the ratios compare
 * @param minNs the fastest round's nanoseconds per operation
 * @param rounds how many rounds were timed
 * @param opsPerRound how many operations each round timed
 */
public record Timing(double medianNs, double minNs, int rounds, long opsPerRound) {
}
