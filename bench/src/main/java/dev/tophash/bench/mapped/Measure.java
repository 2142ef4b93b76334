package dev.tophash.bench.mapped;

/**
 * The figures a {@code mapped} run measures, in the order it measures and prints them. Each
 * is a duration in nanoseconds: of the whole step for the setup, reopen and rebuild figures,
 * per {@code get} for the get-hit ones.
 */
public enum Measure {
    /** Generating the keys and values. */
    SETUP_KEYS("setup_keys", "generate keys and values"),
    /** {@code builder().file(f).expectedSize(N).build()} and N puts. */
    SETUP_BUILD_FILE("setup_build_file", "build the file-backed table (expectedSize N) + put all"),
    /** Closing the new file-backed table, which flushes it to disk. */
    SETUP_CLOSE_FILE("setup_close_file", "close it (flush to disk)"),
    /** {@code LongLongMap.open(file)} and one get. */
    REOPEN("reopen_open", "open(file) + first get"),
    /** {@code LongLongMap.openReadOnly(file)} and one get. */
    REOPEN_READ_ONLY("reopen_open_read_only", "openReadOnly(file) + first get"),
    /** A presized {@code HashMap<Long,Long>} filled from the arrays. */
    REBUILD_HASH_MAP("rebuild_hashmap", "rebuild new HashMap<Long,Long>(cap) + put all"),
    /** An in-memory {@code LongLongMap} with {@code expectedSize(N)} filled from the arrays. */
    REBUILD_MEMORY("rebuild_tophash_memory", "rebuild LongLongMap in memory + put all"),
    /** One {@code forEach} over the reopened file-backed table: every page touched once. */
    TOUCH_FILE("touch_file_pages", "touch every page of the reopened table (forEach)"),
    /** get of present keys, shuffled, on the file-backed table with its pages resident. */
    GET_HIT_FILE("get_hit_file", "file-backed (open)"),
    /** get of the same keys on the in-memory table. */
    GET_HIT_MEMORY("get_hit_memory", "in memory");

    private final String column;
    private final String label;

    Measure(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /**
     * The name in the CSV.
     *
     * @return a lower-case identifier, such as {@code reopen_open}
     */
    public String column() {
        return column;
    }

    /**
     * The name in the printed tables.
     *
     * @return a few words
     */
    public String label() {
        return label;
    }

    /**
     * Whether the figure is per get rather than for a whole step.
     *
     * @return true for the get-hit figures
     */
    public boolean perOperation() {
        return this == GET_HIT_FILE || this == GET_HIT_MEMORY;
    }
}
