package dev.tophash.bench.compare;

/** The timed operations of the comparison, in the order they are printed. */
public enum Op {
    /** {@code get} of a key that is in the map. */
    GET_HIT("get-hit"),
    /** {@code get} of a key that is not in the map. */
    GET_MISS("get-miss"),
    /**
     * {@code k = get(k)}: each lookup's key is the previous lookup's answer, so lookups cannot
     * overlap and each costs its whole latency, as a single lookup on a request path does.
     */
    GET_DEPENDENT("get-dependent"),
    /** {@code put} of fresh keys into a map that starts empty and grows (no presizing). */
    PUT_GROWING("put-growing"),
    /** {@code remove} of every key of a full map. */
    REMOVE("remove");

    private final String label;

    Op(String label) {
        this.label = label;
    }

    /**
     * The name used in tables, CSV columns and file names.
     *
     * @return a short lower-case name, such as {@code get-hit}
     */
    public String label() {
        return label;
    }
}
