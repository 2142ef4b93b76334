package dev.tophash.bench.streams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timed rounds of a {@code streams} run, per store, and the tables they print as: median
 * and best of the rounds, footprints from the last round.
 */
final class StreamsReport {
    private final StreamsSettings settings;
    private final Map<StoreUnderTest, List<StorePathRound.Result>> storePath = new EnumMap<>(StoreUnderTest.class);
    private final Map<StoreUnderTest, List<Long>> topology = new EnumMap<>(StoreUnderTest.class);

    StreamsReport(StreamsSettings settings) {
        this.settings = settings;
        for (StoreUnderTest kind : StoreUnderTest.values()) {
            storePath.put(kind, new ArrayList<>());
            topology.put(kind, new ArrayList<>());
        }
    }

    void addStorePath(StoreUnderTest kind, StorePathRound.Result result) {
        storePath.get(kind).add(result);
    }

    void addTopology(StoreUnderTest kind, long nanos) {
        topology.get(kind).add(nanos);
    }

    /** render is the report's lines: the store path table, then the topology table. */
    List<String> render() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "count-by-key, store path: %,d records over %,d keys, a commit every %,d records;"
            + " median and best of %d rounds", settings.records(), settings.keys(), settings.commitEvery(), settings.rounds()));
        lines.add(String.format(Locale.ROOT, "%-20s %14s %14s %12s %12s %12s %14s", "store", "records/s", "best",
            "on disk", "heap", "off-heap", "restart"));
        for (StoreUnderTest kind : StoreUnderTest.values()) {
            List<StorePathRound.Result> rounds = storePath.get(kind);
            long[] count = rounds.stream().mapToLong(StorePathRound.Result::countNanos).toArray();
            long[] restart = rounds.stream().mapToLong(StorePathRound.Result::restartNanos).toArray();
            StorePathRound.Result last = rounds.get(rounds.size() - 1);
            lines.add(String.format(Locale.ROOT, "%-20s %14s %14s %12s %12s %12s %14s", kind.label(),
                rate(settings.records(), median(count)), rate(settings.records(), min(count)),
                kind.persistent() ? bytes(last.diskBytes()) : "-", kind.persistent() ? "-" : bytes(last.heapBytes()),
                kind.persistent() || last.offHeapBytes() == 0 ? "-" : bytes(last.offHeapBytes()), millis(median(restart))));
        }
        lines.add("on disk: the files in the state directory after a clean close; heap: what the full store holds, after");
        lines.add("  garbage collection (rough); off-heap: what tophash's in-memory table holds outside the heap.");
        lines.add("restart: a persistent store reopened from its directory plus one get; an in-memory store built and");
        lines.add("  restored with putAll of every entry, as Kafka Streams restores it from the changelog.");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "count-by-key topology in TopologyTestDriver (record cache and changelog on,"
            + " a commit after every record): %,d records; median and best of %d rounds", settings.topologyRecords(), settings.rounds()));
        lines.add(String.format(Locale.ROOT, "%-20s %14s %14s", "store", "records/s", "best"));
        for (StoreUnderTest kind : StoreUnderTest.values()) {
            long[] nanos = topology.get(kind).stream().mapToLong(Long::longValue).toArray();
            lines.add(String.format(Locale.ROOT, "%-20s %14s %14s", kind.label(),
                rate(settings.topologyRecords(), median(nanos)), rate(settings.topologyRecords(), min(nanos))));
        }
        return lines;
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static String rate(long records, long nanos) {
        return String.format(Locale.ROOT, "%,.0f", records * 1e9 / nanos);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,.1f ms", nanos / 1e6);
    }

    private static String bytes(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20))
            : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
