package dev.tophash.streams;

import dev.tophash.codecs.Codec;
import java.util.Objects;

/**
 * The fixed widths of one store's serialized keys and values, and the checks that refuse any
 * other width with a message naming the store, the width it holds and the width it got.
 *
 * <p>Kafka Streams hands a store that is not persistent, used as a timestamped store (as the DSL
 * uses every key-value store), each value with the record's 8-byte timestamp in front; a
 * persistent one gets the value alone. {@link #withTimestamps()} gives the widths of the first
 * case, so users always give the width their serdes write.
 */
final class EntryWidths {
    /** The bytes Kafka Streams puts in front of each value of a timestamped store: a {@code long} timestamp. */
    static final int TIMESTAMP_BYTES = Long.BYTES;

    final String storeName;
    final int keyWidth;
    /** The width of a value as the store holds it: the serialized value, plus a timestamp when {@link #timestamped}. */
    final int valueWidth;
    /** Whether each value starts with a timestamp Kafka Streams adds. */
    final boolean timestamped;

    private EntryWidths(String storeName, int keyWidth, int valueWidth, boolean timestamped) {
        this.storeName = storeName;
        this.keyWidth = keyWidth;
        this.valueWidth = valueWidth;
        this.timestamped = timestamped;
    }

    /**
     * of checks a store's name and widths once, when its supplier is made, so that a store never
     * starts with a width no table can hold. O(1).
     *
     * @throws NullPointerException for a null name
     * @throws IllegalArgumentException for a width outside 1..{@link Codec#MAX_WIDTH}
     */
    static EntryWidths of(String storeName, int keyWidth, int valueWidth) {
        Objects.requireNonNull(storeName, "store name must not be null");
        checkWidth(storeName, "keyWidth", keyWidth);
        checkWidth(storeName, "valueWidth", valueWidth);
        return new EntryWidths(storeName, keyWidth, valueWidth, false);
    }

    /**
     * withTimestamps is these widths with room for Kafka Streams' timestamp in front of each
     * value. O(1).
     *
     * @throws IllegalArgumentException when the value and timestamp together are wider than a slot may be
     */
    EntryWidths withTimestamps() {
        if (timestamped) {
            return this;
        }
        if (valueWidth + TIMESTAMP_BYTES > Codec.MAX_WIDTH) {
            throw new IllegalArgumentException("store '" + storeName + "' is used as a timestamped store, so each value"
                + " holds an " + TIMESTAMP_BYTES + "-byte timestamp too, and " + valueWidth + " + " + TIMESTAMP_BYTES
                + " bytes is more than " + Codec.MAX_WIDTH + ": give a valueWidth of at most " + (Codec.MAX_WIDTH - TIMESTAMP_BYTES));
        }
        return new EntryWidths(storeName, keyWidth, valueWidth + TIMESTAMP_BYTES, true);
    }

    private static void checkWidth(String storeName, String what, int width) {
        if (width < 1 || width > Codec.MAX_WIDTH) {
            throw new IllegalArgumentException("store '" + storeName + "': " + what + " must be 1 to "
                + Codec.MAX_WIDTH + " bytes, got " + width);
        }
    }

    /**
     * checkKey refuses a null key or a key of another width. O(1).
     *
     * @throws NullPointerException for a null key
     * @throws IllegalArgumentException naming the store and both widths
     */
    byte[] checkKey(byte[] key) {
        Objects.requireNonNull(key, () -> "store '" + storeName + "' does not hold null keys");
        if (key.length != keyWidth) {
            throw new IllegalArgumentException(wrongWidth("key", keyWidth, key.length));
        }
        return key;
    }

    /**
     * checkValue refuses a value of another width; null, which Kafka Streams writes for a
     * delete, passes. O(1).
     *
     * @throws IllegalArgumentException naming the store and both widths
     */
    byte[] checkValue(byte[] value) {
        if (value != null && value.length != valueWidth) {
            throw new IllegalArgumentException(wrongWidth("value", valueWidth, value.length));
        }
        return value;
    }

    private String wrongWidth(String what, int expected, int actual) {
        if (timestamped && what.equals("value")) {
            int serialized = expected - TIMESTAMP_BYTES;
            return "store '" + storeName + "' holds values of exactly " + serialized + " bytes (" + expected
                + " with the " + TIMESTAMP_BYTES + "-byte timestamp Kafka Streams keeps in front of each value of a"
                + " timestamped store), got a value of " + (actual - TIMESTAMP_BYTES) + " bytes (" + actual + " with the"
                + " timestamp): give the store a value serde that always writes " + serialized + " bytes, or the width"
                + " it writes to TophashStores";
        }
        return "store '" + storeName + "' holds " + what + "s of exactly " + expected + " bytes, got a " + what
            + " of " + actual + " bytes: give the store a " + what + " serde that always writes " + expected
            + " bytes, or the width it writes to TophashStores";
    }

    @Override
    public String toString() {
        return "store '" + storeName + "' (" + keyWidth + "-byte keys, " + valueWidth + "-byte values"
            + (timestamped ? " including an " + TIMESTAMP_BYTES + "-byte timestamp)" : ")");
    }
}
