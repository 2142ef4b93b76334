package dev.tophash.streams;

import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;

/**
 * Which serialized keys an iterator covers: all of them, those between two inclusive bounds
 * (either may be open), or those that start with a prefix. Keys compare as
 * {@link Bytes#compareTo} does: byte by byte as unsigned numbers, a proper prefix first. Bounds
 * and prefixes may have any length; only the keys must have the store's width.
 */
final class KeyRange {
    /** Every key. */
    static final KeyRange ALL = new KeyRange(null, null, null);

    /** The lowest key covered, inclusive, or null for no lower bound. */
    private final byte[] from;
    /** The highest key covered, inclusive, or null for no upper bound. */
    private final byte[] to;
    /** What every covered key starts with, or null. */
    private final byte[] prefix;

    private KeyRange(byte[] from, byte[] to, byte[] prefix) {
        this.from = from;
        this.to = to;
        this.prefix = prefix;
    }

    /**
     * between covers the keys from {@code from} to {@code to}, both inclusive; a null bound is
     * open, as {@code ReadOnlyKeyValueStore.range} allows. O(1).
     */
    static KeyRange between(Bytes from, Bytes to) {
        return new KeyRange(from == null ? null : from.get(), to == null ? null : to.get(), null);
    }

    /** withPrefix covers the keys that start with {@code prefix}; an empty prefix covers all. O(1). */
    static KeyRange withPrefix(byte[] prefix) {
        return new KeyRange(null, null, Objects.requireNonNull(prefix, "prefixScan: the prefix serialized to null"));
    }

    /** isEmpty tells a range whose lower bound lies above its upper bound, which covers nothing. O(bound length). */
    boolean isEmpty() {
        return from != null && to != null && Arrays.compareUnsigned(from, to) > 0;
    }

    /** contains tells whether {@code key} is covered. O(key length). */
    boolean contains(byte[] key) {
        if (prefix != null) {
            return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
        }
        return (from == null || Arrays.compareUnsigned(key, from) >= 0)
            && (to == null || Arrays.compareUnsigned(key, to) <= 0);
    }
}
