package dev.tophash.codecs;

/**
 * How one key or one value of type {@code T} sits in a fixed-width off-heap slot.
 *
 * <p>A codec fixes a width in bytes, at most {@link #MAX_WIDTH}, and reads and writes exactly
 * that many bytes at a raw off-heap address. Used as a key codec, its encoding must be
 * canonical: two keys are equal in a tophash map exactly when their encodings are byte for byte
 * equal, and the engine hashes and compares the encoded bytes itself, so a codec never needs
 * to hash or compare.
 *
 * <p>Codecs of 1, 2, 4 or 8 bytes should implement {@link BitsCodec}, which lets the engine
 * treat the slot as a primitive integer and never call the codec per slot.
 *
 * <p>Implementations must be stateless and thread-safe; {@link #write} and {@link #read} are
 * called on the map's hot path for object-typed maps and should not allocate beyond the
 * returned object.
 *
 * @param <T> the Java type this codec encodes
 */
public interface Codec<T> {
    /** The widest slot a codec may declare, in bytes; keeps a bucket well under 128 KiB. */
    int MAX_WIDTH = 4096;

    /**
     * The number of bytes every encoded value occupies. Constant for the codec's lifetime.
     *
     * @return the slot width in bytes, from 1 to {@link #MAX_WIDTH}
     */
    int width();

    /**
     * A stable name of this codec and its parameters, such as {@code "int64"} or
     * {@code "fixedAscii(12)"}; tables stored in files record it to refuse a reopen with other
     * codecs.
     *
     * @return the codec's identity
     */
    String name();

    /**
     * The Java type this codec encodes; maps use it to answer lookups of other types with
     * "absent" instead of a {@link ClassCastException}.
     *
     * @return the class of encoded values
     */
    Class<T> type();

    /**
     * Whether {@code value} can be encoded by this codec: it is of {@link #type()} and fits the
     * width (a too-long string, a byte array of another length are not). O(width).
     *
     * @param value any object, possibly {@code null}
     * @return {@code true} when {@link #write} would accept it
     */
    default boolean accepts(Object value) {
        return type().isInstance(value);
    }

    /**
     * Encodes {@code value} into the {@link #width()} bytes starting at {@code address}. O(width).
     *
     * @param address the off-heap address of the slot
     * @param value the value to encode, never {@code null}
     * @throws IllegalArgumentException naming the value and the limit when it does not fit;
     *     nothing is written then
     */
    void write(long address, T value);

    /**
     * Decodes the value held in the {@link #width()} bytes starting at {@code address}. O(width);
     * allocates the returned object where {@code T} is not a cached box.
     *
     * @param address the off-heap address of the slot
     * @return the decoded value
     */
    T read(long address);
}
