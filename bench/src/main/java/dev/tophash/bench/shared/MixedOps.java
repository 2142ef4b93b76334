package dev.tophash.bench.shared;

/**
 * The many-writers workload: which operation a writer's {@code step}-th one is. Half are gets,
 * a quarter puts, a quarter {@code addTo(key, 1)}, spread by a Weyl sequence over the steps, so
 * the kind does not follow the key (a key is met at other steps on every lap) nor a short
 * period a branch predictor would learn.
 */
final class MixedOps {
    /** A get, checked. */
    static final int GET = 0;
    /** A put of a new value of the key; the previous value is checked. */
    static final int PUT = 1;
    /** An {@code addTo(key, 1)}; the new value is checked. */
    static final int ADD = 2;

    /** The golden-ratio increment: the top two bits of {@code step * WEYL} are spread evenly. */
    private static final long WEYL = 0x9E3779B97F4A7C15L;

    private MixedOps() {
    }

    /**
     * The kind of the {@code step}-th operation. O(1).
     *
     * @param step a writer's running operation count
     * @return {@link #GET}, {@link #PUT} or {@link #ADD}
     */
    static int of(long step) {
        int quarter = (int) ((step * WEYL) >>> 62);
        return quarter < 2 ? GET : quarter == 2 ? PUT : ADD;
    }

    /**
     * The call an operation kind makes, for messages.
     *
     * @param op {@link #GET}, {@link #PUT} or {@link #ADD}
     * @return {@code get}, {@code put} or {@code addTo}
     */
    static String name(int op) {
        return op == GET ? "get" : op == PUT ? "put" : "addTo";
    }
}
