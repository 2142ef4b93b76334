package dev.tophash.bench.shared;

import dev.tophash.bench.LongLongPeer;

/**
 * Values that name their key, so every thread can check each answer on its own: a torn value,
 * another key's value or a missing key is a detected error, whatever the other threads did.
 *
 * <pre>
 *  63                              32 31                               0
 * +----------------------------------+----------------------------------+
 * | high half of tag(key)            | version, 1 .. 2^31 (+ additions) |
 * +----------------------------------+----------------------------------+
 * </pre>
 *
 * The version half is never 0, so no value is {@link LongLongPeer#MISSING} (whose low half is
 * 0), and an {@code addTo(key, 1)} on a value stays a value of the same key: it counts up in the
 * low half, which starts at most at 2^31 and would need 2^31 additions to one key to carry over.
 * Another key's tag has the same high half with probability 2^-32.
 */
final class Values {
    /** The golden-ratio multiplier: the high half of {@code key * TAG} depends on every bit of the key. */
    private static final long TAG = 0x9E3779B97F4A7C15L;
    private static final long HIGH = 0xFFFF_FFFF_0000_0000L;
    private static final long VERSIONS = 1L << 31;

    private Values() {
    }

    /**
     * A value of {@code key}. O(1).
     *
     * @param key the key
     * @param version any long; only its residue modulo 2^31 is kept
     * @return a value that {@link #belongs} to {@code key}
     */
    static long of(long key, long version) {
        return (key * TAG & HIGH) | (1 + (version & (VERSIONS - 1)));
    }

    /**
     * Whether {@code value} is a value of {@code key}: made by {@link #of} for that key, plus
     * fewer than 2^31 additions of 1. O(1).
     *
     * @param key the key
     * @param value what a map answered for it
     * @return false for another key's value (but for one chance in 2^32), a torn one, or
     *     {@link LongLongPeer#MISSING}
     */
    static boolean belongs(long key, long value) {
        return ((value ^ key * TAG) & HIGH) == 0 && (int) value != 0;
    }

    /**
     * The failure a wrong answer ends its map's run with.
     *
     * @param map the map's name
     * @param call what was called, such as {@code get}
     * @param key the key it was called with
     * @param value what it answered
     * @return the exception to throw
     */
    static IllegalStateException wrongAnswer(String map, String call, long key, long value) {
        String answer = value == LongLongPeer.MISSING ? "nothing (the key is missing)" : "value " + value;
        return new IllegalStateException(map + " answered " + call + "(" + key + ") with " + answer + ", which is not a"
                + " value of that key: a torn value, another key's value, or a lost entry");
    }
}
