package dev.tophash.bench.compare;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Counts the garbage collector's stop-the-world pauses, from the JVM's
 * {@link GarbageCollectorMXBean}s.
 *
 * <p>Some collectors also publish a bean for their concurrent cycles (G1's "G1 Concurrent GC"
 * from JDK 20, ZGC's and Shenandoah's "... Cycles"); its time runs alongside the application
 * and is not a pause, so those beans are left out.
 */
public final class GcPauses {
    private final List<GarbageCollectorMXBean> pauseBeans;

    /** Finds the pause beans of the running JVM. */
    public GcPauses() {
        pauseBeans = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(b -> !b.getName().contains("Concurrent") && !b.getName().contains("Cycles"))
                .collect(Collectors.toList());
    }

    /**
     * The pauses so far, since the JVM started.
     *
     * @return {@code {count, milliseconds}}
     */
    public long[] snapshot() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : pauseBeans) {
            // -1 means "not available" for this collector; count it as nothing.
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * The names of the beans counted, for the report's header.
     *
     * @return the collector names, comma separated
     */
    public String names() {
        return pauseBeans.stream().map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
    }
}
