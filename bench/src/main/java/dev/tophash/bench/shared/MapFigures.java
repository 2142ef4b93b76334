package dev.tophash.bench.shared;

import java.util.List;

/**
 * One map's outcome in a scenario: its figures over the timed rounds, one per role, or why it
 * failed.
 *
 * @param name the map's name
 * @param figures one per role of the scenario, in its order; empty when the map failed
 * @param failure what went wrong, in words, or null
 */
record MapFigures(String name, List<RoleFigures> figures, String failure) {
    /**
     * Copies the figures.
     *
     * @param name the name
     * @param figures the figures
     * @param failure the failure, or null
     */
    MapFigures {
        figures = List.copyOf(figures);
    }

    /**
     * Whether the map failed.
     *
     * @return true when it has a failure and no figures
     */
    boolean failed() {
        return failure != null;
    }
}
