package dev.tophash.bench.shared;

/**
 * What one thread did in one turn.
 *
 * @param role what the thread did
 * @param ops the operations it completed
 * @param nanos how long it ran, from the start of the turn to the last operation's end
 * @param latency the latencies it sampled
 */
record Sample(Role role, long ops, long nanos, LatencyRecorder latency) {
    /**
     * This thread's rate.
     *
     * @return operations per second
     */
    double opsPerSecond() {
        return nanos <= 0 ? 0 : ops * 1e9 / nanos;
    }
}
