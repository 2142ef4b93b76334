package dev.tophash.bench.streams;

/**
 * What one {@code streams} run does, already validated.
 *
 * @param records records counted per round on the store path
 * @param keys distinct keys those records spread over, which is also the number of entries the
 *     restart measurement reopens or restores
 * @param commitEvery records between two commits on the store path
 * @param topologyRecords records per round through the topology in {@code TopologyTestDriver},
 *     which commits after every record
 * @param rounds timed rounds of each measurement, after one untimed round
 * @param seed seeds the keys, so runs repeat
 */
public record StreamsSettings(int records, int keys, int commitEvery, int topologyRecords, int rounds, long seed) {
    /** Untimed rounds before the timed ones, so class loading and the JIT are not timed. */
    public static final int WARMUP_ROUNDS = 1;
}
