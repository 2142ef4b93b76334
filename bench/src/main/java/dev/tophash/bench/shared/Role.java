package dev.tophash.bench.shared;

/** What a thread of a turn does, and so which columns its figures go to. */
enum Role {
    /** A reader of the one-writer scenario: gets of present keys. */
    READ("gets", "get"),
    /** The one writer: updates, inserts and removes at a steady rate. */
    WRITE("writes", "write"),
    /** A writer of the many-writers scenario: gets, puts and additions ({@link MixedOps}). */
    MIXED("ops", "op");

    private final String plural;
    private final String singular;

    Role(String plural, String singular) {
        this.plural = plural;
        this.singular = singular;
    }

    /**
     * The operations' name in a throughput column, such as {@code gets}.
     *
     * @return the plural
     */
    String plural() {
        return plural;
    }

    /**
     * The operation's name in a latency column, such as {@code get}.
     *
     * @return the singular
     */
    String singular() {
        return singular;
    }
}
