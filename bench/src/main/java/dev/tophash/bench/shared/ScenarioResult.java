package dev.tophash.bench.shared;

import java.util.List;

/**
 * What a scenario measured.
 *
 * @param title the scenario's name
 * @param notes what its threads did
 * @param roles the roles, in the order of each map's figures
 * @param maps one outcome per map, in the order of the first round
 */
record ScenarioResult(String title, List<String> notes, List<Role> roles, List<MapFigures> maps) {
    /**
     * Copies the lists.
     *
     * @param title the title
     * @param notes the notes
     * @param roles the roles
     * @param maps the outcomes
     */
    ScenarioResult {
        notes = List.copyOf(notes);
        roles = List.copyOf(roles);
        maps = List.copyOf(maps);
    }

    /**
     * Whether any map failed.
     *
     * @return true when one did
     */
    boolean anyFailed() {
        return maps.stream().anyMatch(MapFigures::failed);
    }
}
