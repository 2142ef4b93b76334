package dev.tophash.bench.compare;

import dev.tophash.bench.LongLongPeer;

/**
 * Tries each map once before the run, so a map that cannot work in this JVM (Chronicle Map on
 * a JDK it does not support, tophash without the module flags its jar's manifest adds) is
 * skipped up front with a clear reason instead of failing every size.
 */
public final class PeerCheck {
    private PeerCheck() {
    }

    /**
     * Builds a tiny map, puts, gets and removes one entry, and closes it.
     *
     * @param map the map's canonical name
     * @param seed the hash seed
     * @return null when the map works, otherwise why it does not, in words
     */
    public static String problem(String map, long seed) {
        try (LongLongPeer peer = LongLongPeer.create(map, 16, seed)) {
            peer.put(1, 2);
            if (peer.get(1) != 2 || peer.get(3) != LongLongPeer.MISSING || peer.remove(1) != 2 || peer.size() != 0) {
                return "it gave wrong answers to a one-entry smoke test";
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return withFlagsHint("it does not work on this JVM (Java " + Runtime.version().feature() + "): " + describe(e),
                    "compare");
        }
    }

    /**
     * Adds what to do to a failure that comes from missing module flags (a class the JVM does
     * not export or open to the code that reached for it): run the jar with {@code java -jar},
     * whose manifest has them.
     *
     * @param why the failure in words, such as {@link #describe} gives
     * @param command the bench command that failed, such as {@code compare}
     * @return {@code why}, with the advice when it applies
     */
    public static String withFlagsHint(String why, String command) {
        if (why.contains("IllegalAccess") || why.contains("InaccessibleObject") || why.contains("does not export")
                || why.contains("does not open")) {
            return why + "; run it as `java -jar bench/target/benchmarks.jar " + command + "`, whose manifest adds the"
                    + " --add-exports/--add-opens it needs";
        }
        return why;
    }

    /**
     * Names the root cause of a failure in one line.
     *
     * @param failure the failure
     * @return the root cause's class and message, shortened
     */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().replaceAll("\\s+", " ");
        String line = root.getClass().getSimpleName() + message;
        return line.length() <= 300 ? line : line.substring(0, 297) + "...";
    }
}
