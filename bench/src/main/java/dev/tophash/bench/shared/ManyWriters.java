package dev.tophash.bench.shared;

import dev.tophash.bench.compare.KeySet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many writers: each map that takes many writer threads is filled with {@code N} keys; in a turn
 * {@code W} threads ({@link KeyWalker#mixedWriter}) each run the {@link MixedOps} mix (half gets, a
 * quarter puts, a quarter {@code addTo}) on present keys as fast as they can. No key is inserted
 * or removed, so the size stays {@code N}.
 */
final class ManyWriters implements Scenario {
    /** Each writer's steps start this far apart, so no two run the same sequence of operations. */
    private static final long STEPS_APART = 1L << 40;

    private final SharedSettings settings;
    private final KeySet keys;
    private final List<String> maps = new ArrayList<>();

    /**
     * The scenario over the maps of {@code settings} that take many writers.
     *
     * @param settings the run's settings
     * @param keys the run's keys: the present ones are filled in
     */
    ManyWriters(SharedSettings settings, KeySet keys) {
        this.settings = settings;
        this.keys = keys;
        for (String name : settings.maps()) {
            if (SharedMap.MANY_WRITER_NAMES.contains(name)) {
                maps.add(name);
            }
        }
    }

    @Override
    public String title() {
        int w = settings.writers();
        return String.format(Locale.ROOT, "Many writers, %d thread%s", w, w == 1 ? "" : "s");
    }

    @Override
    public List<String> notes() {
        return List.of(
                String.format(Locale.ROOT, "%d writer thread%s, each as fast as it can on present keys in a random"
                        + " order.", settings.writers(), settings.writers() == 1 ? "" : "s"),
                "Half gets, a quarter puts, a quarter addTo(key, 1); every answer checked; one operation in "
                        + settings.sampleEvery() + " timed.");
    }

    @Override
    public List<Role> roles() {
        return List.of(Role.MIXED);
    }

    @Override
    public List<String> maps() {
        return List.copyOf(maps);
    }

    @Override
    public SharedMap build(String name) {
        return SharedMap.filled(name, keys.size(), settings.seed(), keys.insertOrder());
    }

    @Override
    public List<Worker> workers(SharedMap map) {
        long[] order = keys.lookupOrder();
        int n = order.length;
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < settings.writers(); w++) {
            int start = (int) ((long) w * n / settings.writers());
            workers.add(KeyWalker.mixedWriter(map, order, start, settings.sampleEvery(), w * STEPS_APART));
        }
        return workers;
    }

    @Override
    public void check(SharedMap map) {
        if (map.size() != keys.size()) {
            throw new IllegalStateException(map.name() + " holds " + map.size() + " entries after the turn, not "
                    + keys.size() + ": the mix neither inserts nor removes");
        }
    }
}
