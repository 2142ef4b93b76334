package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.engine.HugePages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The JVM the comparison runs in: the properties it needs set first, and its description. */
public final class RunEnvironment {
    private RunEnvironment() {
    }

    /**
     * Sets what must be set before the libraries involved read it, so this runs first:
     * charts are drawn without a display (AWT reads {@code java.awt.headless} once, when it
     * loads), Chronicle's usage analytics are off (read when Chronicle's classes initialise),
     * and SLF4J's simple logger, which Chronicle logs through, shows warnings only. Values the
     * user passed with {@code -D} are kept.
     */
    public static void prepare() {
        setIfAbsent("java.awt.headless", "true");
        LongLongPeer.switchOffChronicleAnalytics();
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    /**
     * Describes the JVM and the machine, for the report's header.
     *
     * @param gc the collector's pause beans
     * @return a few lines
     */
    public static List<String> describe(GcPauses gc) {
        Runtime rt = Runtime.getRuntime();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "JVM: %s %s (%s); collector: %s; max heap %.1f GiB",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), gc.names(), rt.maxMemory() / (double) (1L << 30)));
        lines.add(String.format(Locale.ROOT, "machine: %s %s, %d CPUs",
                System.getProperty("os.name"), System.getProperty("os.arch"), rt.availableProcessors()));
        HugePages.enabled();
        lines.add("tophash huge pages: " + HugePages.status());
        return lines;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
