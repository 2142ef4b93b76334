package dev.tophash.bench.compare;

import java.util.EnumMap;
import java.util.Map;

/**
 * Everything measured for one map at one size, or why it could not be measured.
 *
 * @param size the number of keys
 * @param map the map's canonical name
 * @param timings nanoseconds per operation, for each operation; empty when the map failed
 * @param heapBytes what the map, presized and full, added to the heap after a full collection
 * @param offHeapBytes the native memory the full map holds, or -1 for an on-heap map
 * @param growth put latency while growing, or null when the map failed
 * @param grows false for a map with a fixed capacity, which the growing runs sized up front
 * @param failure why the map could not be measured, or null
 */
public record MapResult(int size, String map, Map<Op, Timing> timings, long heapBytes, long offHeapBytes,
                        GrowthLatency growth, boolean grows, String failure) {
    /**
     * Copies the timings.
     *
     * @param size the number of keys
     * @param map the map's name
     * @param timings the timings
     * @param heapBytes heap bytes
     * @param offHeapBytes off-heap bytes, or -1
     * @param growth the growth latencies
     * @param grows whether the map grows
     * @param failure why it failed, or null
     */
    public MapResult {
        timings = timings.isEmpty() ? Map.of() : new EnumMap<>(timings);
    }

    /**
     * A map that could not be measured at this size.
     *
     * @param size the number of keys
     * @param map the map's name
     * @param failure what went wrong
     * @return a result with no figures
     */
    public static MapResult failed(int size, String map, String failure) {
        return new MapResult(size, map, Map.of(), 0, -1, null, true, failure);
    }

    /**
     * Whether the map failed at this size.
     *
     * @return true when there are no figures
     */
    public boolean isFailed() {
        return failure != null;
    }

    /**
     * Whether the memory figure counts native memory rather than the heap.
     *
     * @return true for tophash and Chronicle Map
     */
    public boolean offHeap() {
        return offHeapBytes >= 0;
    }

    /**
     * The memory per entry: native bytes for an off-heap map, heap bytes for the others.
     *
     * @return bytes per entry of the presized, full map
     */
    public double bytesPerEntry() {
        return (double) (offHeap() ? offHeapBytes : heapBytes) / size;
    }

    /**
     * The nanoseconds per operation of one operation.
     *
     * @param op the operation
     * @return the median nanoseconds per operation
     */
    public double nsPerOp(Op op) {
        return timings.get(op).medianNs();
    }
}
