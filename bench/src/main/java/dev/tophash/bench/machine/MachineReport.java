package dev.tophash.bench.machine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The printed result of a {@code machine} run: the first-touch table, then one row per phase
 * with its totals over the rounds and each round's count of operations over 1 ms.
 */
final class MachineReport {
    private MachineReport() {
    }

    /**
     * Renders the run.
     *
     * @param settings what was asked
     * @param touch the fresh and the reused first-touch measurements
     * @param stalls every phase of every round, in the order run
     * @return the lines to print
     */
    static List<String> render(MachineSettings settings, FirstTouch.Result[] touch, List<StallProbe.Stalls> stalls) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT,
                "first write to newly allocated memory, %,d MiB from Allocator.NATIVE, one byte per 4 KiB page",
                settings.freshMiB()));
        lines.add(String.format(Locale.ROOT, "%-16s %9s %14s %10s %10s", "memory", "MB/s", "2 MiB: median", "p90", "max"));
        for (FirstTouch.Result r : touch) {
            lines.add(String.format(Locale.ROOT, "%-16s %9.0f %14s %10s %10s", r.what(), r.megabytesPerSecond(),
                    millis(r.chunkNsAt(50)), millis(r.chunkNsAt(90)), millis(r.chunkNsAt(100))));
        }
        lines.add("Fresh is memory the process has not had before. Where it costs many times 'reused at once', the");
        lines.add("machine (on a VM, its host) backs freed memory again on first touch; a growing table pays that.");
        lines.add("");
        lines.add(String.format(Locale.ROOT,
                "pauses in timed operations of at least %d ns: %d round(s) of %,d per phase, alternated, every one timed",
                settings.opNs(), settings.rounds(), settings.ops()));
        lines.add(String.format(Locale.ROOT, "%-24s %9s %9s %9s %9s %8s %7s %9s %10s  %s", "phase", "mean", "p99.9*",
                "p99.99*", "max", ">0.5 ms", ">1 ms", "time", ">1 ms/min", ">1 ms per round"));
        Map<StallProbe.Phase, List<StallProbe.Stalls>> byPhase = new EnumMap<>(StallProbe.Phase.class);
        for (StallProbe.Stalls s : stalls) {
            byPhase.computeIfAbsent(s.phase(), p -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<StallProbe.Phase, List<StallProbe.Stalls>> e : byPhase.entrySet()) {
            lines.add(phaseRow(e.getKey(), e.getValue()));
        }
        List<StallProbe.Stalls> faulting = byPhase.getOrDefault(StallProbe.Phase.WRITE_WHILE_FAULTING, List.of());
        long faulted = faulting.stream().mapToLong(StallProbe.Stalls::faultedBytes).sum();
        double writing = faulting.stream().mapToLong(StallProbe.Stalls::faultingNs).sum() / 1e9;
        double phases = faulting.stream().mapToLong(StallProbe.Stalls::wallNs).sum() / 1e9;
        long capped = faulting.stream().filter(StallProbe.Stalls::capReached).count();
        lines.add(String.format(Locale.ROOT,
                "Phases: busy-wait touches no memory; random-write rewrites random words of a resident %,d MiB region;", settings.regionMiB()));
        lines.add(String.format(Locale.ROOT,
                "'faulting' does the same while another thread writes fresh memory, as tophash-prefault does while a table"));
        lines.add(String.format(Locale.ROOT,
                "grows: it wrote %,d MiB at %.0f MB/s (asked: %d), for %.1f s of the phases' %.1f s; it reached its cap in %d of %d.",
                faulted >> 20, faulted / 1e6 / Math.max(writing, 1e-9), settings.faultRate(), writing, phases, capped,
                faulting.size()));
        lines.add("Compare the phases per minute: a pause lands in proportion to time, and the writes run longer.");
        lines.add("* the highest of the rounds' p99.9 and p99.99");
        return lines;
    }

    private static String phaseRow(StallProbe.Phase phase, List<StallProbe.Stalls> rounds) {
        long ops = 0;
        long wallNs = 0;
        double meanSum = 0;
        long p999 = 0;
        long p9999 = 0;
        long max = 0;
        long overHalf = 0;
        long overOne = 0;
        StringBuilder perRound = new StringBuilder();
        for (StallProbe.Stalls s : rounds) {
            ops += s.ops();
            wallNs += s.wallNs();
            meanSum += s.meanNs() * s.ops();
            p999 = Math.max(p999, s.p999Ns());
            p9999 = Math.max(p9999, s.p9999Ns());
            max = Math.max(max, s.maxNs());
            overHalf += s.overHalfMs();
            overOne += s.overOneMs();
            perRound.append(perRound.length() == 0 ? "" : " ").append(s.overOneMs());
        }
        double seconds = wallNs / 1e9;
        return String.format(Locale.ROOT, "%-24s %9s %9s %9s %9s %8d %7d %8.1fs %10.1f  %s", phase.label(),
                nanos(meanSum / ops), micros(p999), micros(p9999), millis(max), overHalf, overOne, seconds,
                overOne * 60 / Math.max(seconds, 1e-9), perRound);
    }

    private static String nanos(double ns) {
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }

    private static String micros(long ns) {
        return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
    }

    private static String millis(long ns) {
        return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
}
