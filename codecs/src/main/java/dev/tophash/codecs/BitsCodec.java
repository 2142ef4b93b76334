package dev.tophash.codecs;

/**
 * A codec of 1, 2, 4 or 8 bytes whose encoding is a primitive integer of that width.
 *
 * <p>The engine reads such a slot as a signed integer of {@link #width()} bytes, sign-extended
 * to a {@code long}, and compares and hashes those bits without calling the codec. A codec
 * therefore maps every value to its <em>bits</em>: the signed integer of its width that is
 * stored, sign-extended to 64 bits. For example {@code int32} maps {@code -1} to {@code -1L},
 * and {@code char16} maps {@code (char) 0xffff} to {@code -1L} (the 16 bits {@code 0xffff} read as a
 * {@code short}).
 *
 * @param <T> the Java type this codec encodes
 */
public interface BitsCodec<T> extends Codec<T> {
    /**
     * The bits stored for {@code value}, as a sign-extended integer of {@link #width()} bytes.
     * Equal values (by this codec's notion of key equality) must give equal bits. O(1).
     *
     * @param value the value, never {@code null}
     * @return its bits
     * @throws IllegalArgumentException when the value does not fit
     */
    long toBits(T value);

    /**
     * The value whose bits are {@code bits}, the inverse of {@link #toBits}. O(1).
     *
     * @param bits a sign-extended integer of {@link #width()} bytes
     * @return the decoded value
     */
    T fromBits(long bits);

    /** {@inheritDoc} Writes {@link #toBits} with {@link Slots#putBits}. */
    @Override
    default void write(long address, T value) {
        Slots.putBits(address, width(), toBits(value));
    }

    /** {@inheritDoc} Reads with {@link Slots#getBits} and decodes with {@link #fromBits}. */
    @Override
    default T read(long address) {
        return fromBits(Slots.getBits(address, width()));
    }
}
