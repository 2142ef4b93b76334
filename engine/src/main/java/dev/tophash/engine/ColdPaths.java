package dev.tophash.engine;

/**
 * Runs a table's rare paths once per JVM, in the first {@code build()}, so that no put pays for
 * their first run: the classes of a grow, an evacuation, a delete and a free are loaded and
 * initialised there, and their method-handle call sites (the {@code VarHandle} accesses) linked.
 * In a fresh JVM that first run takes milliseconds, interpreted, and without this it falls on
 * the put that starts the first grow and on the first grows after it.
 *
 * <p>It builds a small throwaway map in memory (a few kilobytes, far below any region that would
 * start the housekeeper thread or load the huge-page binding), fills it through several grows,
 * reads, deletes and clears it, and closes it. O(1): a few hundred operations, once.
 */
final class ColdPaths {
    /** Enough entries for five doubling grows (the fifth starts past 104 entries) and a finished evacuation. */
    private static final int ENTRIES = 200;

    private ColdPaths() {
    }

    /** run makes sure {@link #warm} has run in this JVM: the first call runs it, later ones return at once. */
    static void run() {
        Once.done();
    }

    /**
     * warm is the run itself: a small map in memory filled through five grows, read, half
     * emptied, cleared and closed. O(1); frees everything it allocated.
     */
    static void warm() {
        try (LongLongMap map = LongLongMap.builder().seed(1).build()) {
            for (long k = 0; k < ENTRIES; k++) {
                map.put(k, k);
            }
            long sum = 0;
            for (long k = 0; k < 2 * ENTRIES; k++) {
                sum += map.get(k);
            }
            for (long k = 0; k < ENTRIES; k += 2) {
                sum += map.remove(k);
            }
            map.clear();
            map.put(sum, sum);
        }
    }

    private static final class Once {
        static {
            try {
                warm();
            } catch (RuntimeException e) {
                // Optional: without it the first grows are slower, nothing else. A real failure
                // (no memory) shows again, with its message, in the build() that asked.
            }
        }

        private Once() {
        }

        static void done() {
        }
    }
}
