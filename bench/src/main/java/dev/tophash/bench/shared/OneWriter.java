package dev.tophash.bench.shared;

import dev.tophash.bench.compare.KeySet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One writer, readers: each map is filled with {@code N} keys; in a turn one {@link PacedWriter}
 * writes at a steady rate while {@code R} reader threads ({@link KeyWalker#reader}) get present
 * keys as fast as they can. The readers' keys are never removed, so every get must find a value
 * of its key. Each map is built for the most entries it holds, {@code N} plus the writer's window.
 */
final class OneWriter implements Scenario {
    private final SharedSettings settings;
    private final KeySet keys;
    private final List<String> maps;
    /** Each map's window of inserted keys, kept from turn to turn. */
    private final Map<String, FreshKeys> fresh = new HashMap<>();

    /**
     * The scenario over the maps of {@code settings} (all of {@link SharedMap#NAMES} take one writer).
     *
     * @param settings the run's settings
     * @param keys the run's keys: the present ones are filled in, the absent ones inserted by the writer
     */
    OneWriter(SharedSettings settings, KeySet keys) {
        this.settings = settings;
        this.keys = keys;
        this.maps = List.copyOf(settings.maps());
    }

    @Override
    public String title() {
        int r = settings.readers();
        return String.format(Locale.ROOT, "One writer, %d reader%s", r, r == 1 ? "" : "s");
    }

    @Override
    public List<String> notes() {
        String rate = settings.writeRate() == 0 ? "as fast as it can"
                : String.format(Locale.ROOT, "%,d writes/s, paced (it busy-waits between writes)",
                        settings.writeRate());
        return List.of(
                "The writer: " + rate + "; every write is timed.",
                String.format(Locale.ROOT, "Of every 10 writes, 8 update a present key, 1 inserts a new key, and 1"
                        + " removes the oldest new key once %,d are in.", settings.window()),
                String.format(Locale.ROOT, "%s: gets of present keys in a random order, every answer checked; one get"
                        + " in %d timed.", settings.readers() == 1 ? "The reader" : "The " + settings.readers()
                        + " readers", settings.sampleEvery()));
    }

    @Override
    public List<Role> roles() {
        return List.of(Role.READ, Role.WRITE);
    }

    @Override
    public List<String> maps() {
        return maps;
    }

    @Override
    public SharedMap build(String name) {
        long most = (long) keys.size() + settings.window();
        SharedMap map = SharedMap.filled(name, most, settings.seed(), keys.insertOrder());
        fresh.put(name, new FreshKeys(keys.absent(), settings.window()));
        return map;
    }

    @Override
    public List<Worker> workers(SharedMap map) {
        long[] order = keys.lookupOrder();
        int n = order.length;
        List<Worker> workers = new ArrayList<>();
        for (int r = 0; r < settings.readers(); r++) {
            int start = (int) ((long) r * n / settings.readers());
            workers.add(KeyWalker.reader(map, order, start, settings.sampleEvery()));
        }
        workers.add(new PacedWriter(map, order, n / 2, fresh.get(map.name()), settings.writeRate()));
        return workers;
    }

    @Override
    public void check(SharedMap map) {
        long expected = keys.size() + fresh.get(map.name()).present();
        if (map.size() != expected) {
            throw new IllegalStateException(map.name() + " holds " + map.size() + " entries after the turn, not "
                    + expected + " (the filled keys and the writer's inserted keys still present)");
        }
    }
}
