package dev.tophash.bench.shared;

/** One thread's part in a turn: it runs from the clock's start until the clock stops. */
interface Worker {
    /**
     * Runs until {@code clock} stops, on the thread the turn gave it. Called once the turn has
     * started.
     *
     * @param clock says when to stop
     * @return what the thread did
     * @throws IllegalStateException when the map gave a wrong answer
     */
    Sample run(TurnClock clock);
}
