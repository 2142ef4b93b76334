package dev.tophash.bench.shared;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The figures of one role (the readers, the writer, the mixed writers) in a turn, or over the
 * timed rounds.
 *
 * @param role the role
 * @param opsPerSecond the role's threads' rates added up
 * @param latency the latencies they sampled, together
 */
record RoleFigures(Role role, long opsPerSecond, Percentiles latency) {
    /**
     * One turn's figures for a role.
     *
     * @param role the role
     * @param samples the turn's samples, of any roles; at least one of {@code role}
     * @return the figures
     * @throws IllegalArgumentException when no thread had the role
     */
    static RoleFigures of(Role role, List<Sample> samples) {
        double rate = 0;
        Histogram latencies = LatencyRecorder.newTotal();
        int threads = 0;
        for (Sample s : samples) {
            if (s.role() == role) {
                rate += s.opsPerSecond();
                s.latency().addTo(latencies);
                threads++;
            }
        }
        if (threads == 0 || latencies.getTotalCount() == 0) {
            throw new IllegalArgumentException("no thread of the turn sampled a " + role.singular());
        }
        return new RoleFigures(role, Math.round(rate), Percentiles.of(latencies));
    }

    /**
     * Sums up a role's figures over the rounds: the median rate, and the percentiles as
     * {@link Percentiles#overRounds} takes them.
     *
     * @param rounds one per timed round, at least one, all of one role
     * @return the summary
     */
    static RoleFigures overRounds(List<RoleFigures> rounds) {
        long[] rates = new long[rounds.size()];
        List<Percentiles> latencies = new ArrayList<>();
        for (int r = 0; r < rates.length; r++) {
            rates[r] = rounds.get(r).opsPerSecond();
            latencies.add(rounds.get(r).latency());
        }
        return new RoleFigures(rounds.get(0).role(), Percentiles.median(rates), Percentiles.overRounds(latencies));
    }
}
