package dev.tophash.bench.shared;

import dev.tophash.bench.LongLongPeer;

/**
 * The one writer of the one-writer scenario, as a market-data or reference-data feed writes: at
 * a steady rate, it updates present keys and inserts new ones, and removes the oldest new key
 * once {@link FreshKeys}' window is full, so the map stays between {@code N} and
 * {@code N + window} entries. Of every ten writes, eight update, one inserts and one removes
 * (an update instead while the window is not full, and an update instead of an insert when it
 * is). Every write is timed; every answer is checked: an update must return a value of its key,
 * an insert nothing, a remove a value of its key.
 *
 * <p>Pacing: write {@code i} is due {@code i / rate} seconds after the start. The writer
 * busy-waits until then, as a feed thread spinning on its input does; a writer that falls
 * behind (descheduled, or held by a lock) writes at once until it has caught up, so the rate it
 * achieved tells whether it kept up. Rate 0 writes as fast as the map lets it.
 */
final class PacedWriter implements Worker {
    /** Writes per cycle of the pattern: eight updates, one insert, one remove. */
    private static final int CYCLE = 10;
    private static final int INSERT_AT = 0;
    private static final int REMOVE_AT = 5;

    private final SharedMap map;
    private final long[] keys;
    private final int start;
    private final FreshKeys fresh;
    private final long rate;

    /**
     * A writer for one turn.
     *
     * @param map the map
     * @param keys the present keys, updated in this order (wrapping), only read
     * @param start where in {@code keys} the updates begin
     * @param fresh the map's window of inserted keys, kept from turn to turn
     * @param rate writes per second, or 0 for as fast as it can
     */
    PacedWriter(SharedMap map, long[] keys, int start, FreshKeys fresh, long rate) {
        if (rate < 0 || start < 0 || start >= keys.length) {
            throw new IllegalArgumentException("rate " + rate + " must be at least 0, and start " + start
                    + " inside the " + keys.length + " keys");
        }
        this.map = map;
        this.keys = keys;
        this.start = start;
        this.fresh = fresh;
        this.rate = rate;
    }

    @Override
    public Sample run(TurnClock clock) {
        LatencyRecorder latency = new LatencyRecorder();
        final double nanosPerWrite = rate == 0 ? 0 : 1e9 / rate;
        int next = start;
        long writes = 0;
        long began = System.nanoTime();
        // At least one write (due at once), so a writer kept off its core for a whole short turn still has a sample.
        while (writes == 0 || clock.running()) {
            if (rate != 0 && !awaitDue(began + (long) (writes * nanosPerWrite), clock)) {
                break;
            }
            int slot = (int) (writes % CYCLE);
            long t0 = System.nanoTime();
            if (slot == INSERT_AT && !fresh.full()) {
                insert(writes);
            } else if (slot == REMOVE_AT && fresh.full()) {
                remove();
            } else {
                update(keys[next], writes);
                next = next + 1 == keys.length ? 0 : next + 1;
            }
            latency.record(System.nanoTime() - t0);
            writes++;
        }
        return new Sample(Role.WRITE, writes, System.nanoTime() - began, latency);
    }

    /** Spins until {@code due}; false when the turn ended meanwhile. */
    private static boolean awaitDue(long due, TurnClock clock) {
        while (System.nanoTime() - due < 0) {
            if (!clock.running()) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private void update(long key, long version) {
        long previous = map.put(key, Values.of(key, version));
        if (!Values.belongs(key, previous)) {
            throw Values.wrongAnswer(map.name(), "put", key, previous);
        }
    }

    private void insert(long version) {
        long key = fresh.insert();
        long previous = map.put(key, Values.of(key, version));
        if (previous != LongLongPeer.MISSING) {
            throw new IllegalStateException(map.name() + " answered put(" + key + ") of a key that was absent with the"
                    + " previous value " + previous);
        }
    }

    private void remove() {
        long key = fresh.remove();
        long removed = map.remove(key);
        if (!Values.belongs(key, removed)) {
            throw Values.wrongAnswer(map.name(), "remove", key, removed);
        }
    }
}
