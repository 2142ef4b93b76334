package dev.tophash.bench.shared;

import dev.tophash.bench.compare.PeerCheck;
import dev.tophash.bench.compare.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one scenario over its maps in interleaved rounds, as {@code compare} runs its maps: all the
 * maps are built and filled first and stand side by side; in each round every map takes one turn,
 * in an order that rotates by one each round (A B C, then B C A, ...), so whatever disturbs the
 * machine falls on every map alike. Untimed warm-up rounds come first. A map that fails (a wrong
 * answer, a library that does not work on this JVM) is out: its failure is its outcome, and the
 * others go on.
 */
final class ScenarioRun {
    private final Scenario scenario;
    private final SharedSettings settings;
    private final Progress progress;

    /**
     * A run of {@code scenario}.
     *
     * @param scenario the scenario
     * @param settings the rounds and the length of a turn
     * @param progress told of each map's build and each turn
     */
    ScenarioRun(Scenario scenario, SharedSettings settings, Progress progress) {
        this.scenario = scenario;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * How many progress steps {@link #run} takes for {@code maps} maps: a build per map and a turn
     * per map and round.
     *
     * @param maps the number of maps
     * @param settings the rounds
     * @return the steps
     */
    static long steps(int maps, SharedSettings settings) {
        return (long) maps * (1 + settings.warmupRounds() + settings.rounds());
    }

    /**
     * Builds the maps, runs the rounds, and closes the maps. Costs the builds plus
     * {@code maps * (warm-up + timed rounds)} turns.
     *
     * @return the figures, or failures, of every map
     */
    ScenarioResult run() {
        List<String> names = scenario.maps();
        int n = names.size();
        SharedMap[] maps = new SharedMap[n];
        String[] failures = new String[n];
        List<List<List<RoleFigures>>> perRound = new ArrayList<>();
        int turns = settings.warmupRounds() + settings.rounds();
        try {
            for (int c = 0; c < n; c++) {
                perRound.add(new ArrayList<>());
                progress.step(scenario.title() + ": " + names.get(c) + ", filling");
                try {
                    maps[c] = scenario.build(names.get(c));
                } catch (RuntimeException | Error e) {
                    failures[c] = "could not be built and filled: "
                            + PeerCheck.withFlagsHint(PeerCheck.describe(e), "shared");
                    progress.skip(1 + turns, names.get(c) + " failed");
                }
            }
            for (int r = 0; r < turns; r++) {
                boolean warmup = r < settings.warmupRounds();
                for (int t = 0; t < n; t++) {
                    int c = (r + t) % n;
                    if (failures[c] != null) {
                        continue;
                    }
                    progress.step(String.format(Locale.ROOT, "%s: %s, %s %d", scenario.title(), names.get(c),
                            warmup ? "warm-up round" : "round", warmup ? r + 1 : r - settings.warmupRounds() + 1));
                    try {
                        List<RoleFigures> figures = turn(maps[c]);
                        if (!warmup) {
                            perRound.get(c).add(figures);
                        }
                    } catch (RuntimeException | Error e) {
                        failures[c] = "failed in " + (warmup ? "warm-up " : "") + "round " + (r + 1) + ": "
                                + PeerCheck.describe(e);
                        progress.skip(turns - r, names.get(c) + " failed");
                    }
                }
            }
        } finally {
            for (SharedMap map : maps) {
                if (map != null) {
                    map.close();
                }
            }
        }
        List<MapFigures> outcomes = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            outcomes.add(failures[c] != null ? new MapFigures(names.get(c), List.of(), failures[c])
                    : new MapFigures(names.get(c), overRounds(perRound.get(c)), null));
        }
        return new ScenarioResult(scenario.title(), scenario.notes(), scenario.roles(), outcomes);
    }

    /** One turn of one map, checked afterwards: its figures per role. */
    private List<RoleFigures> turn(SharedMap map) {
        List<Sample> samples = Turn.run(scenario.workers(map), settings.turnNanos());
        scenario.check(map);
        List<RoleFigures> figures = new ArrayList<>();
        for (Role role : scenario.roles()) {
            figures.add(RoleFigures.of(role, samples));
        }
        return figures;
    }

    /** Each role's figures summed up over the timed rounds. */
    private List<RoleFigures> overRounds(List<List<RoleFigures>> rounds) {
        List<RoleFigures> summary = new ArrayList<>();
        for (int role = 0; role < scenario.roles().size(); role++) {
            List<RoleFigures> ofRole = new ArrayList<>();
            for (List<RoleFigures> round : rounds) {
                ofRole.add(round.get(role));
            }
            summary.add(RoleFigures.overRounds(ofRole));
        }
        return summary;
    }
}
