package dev.tophash.bench.compare;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap in use after a full collection: what is live, with the garbage gone. The difference
 * between a reading before a map is built and one after it is filled is what the map holds on
 * the heap.
 */
public final class HeapMeter {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /**
     * Collects twice (the second pass frees what the first left for finalisation and reference
     * processing) and reads the heap in use.
     *
     * @return bytes in use on the heap
     */
    public long usedAfterFullGc() {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
