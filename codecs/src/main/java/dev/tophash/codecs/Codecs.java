package dev.tophash.codecs;

import java.util.UUID;

/**
 * The built-in codecs.
 *
 * <p>The primitive codecs are {@link BitsCodec}s, so maps keyed or valued by them never call the
 * codec per slot. Their factories return one shared instance and cost nothing. The parameterised
 * factories ({@link #fixedAscii}, {@link #fixedBytes}) allocate one small immutable codec per
 * call; codecs made with the same parameters are {@linkplain Object#equals equal}, have the same
 * {@link Codec#name()} and encode identically. Every built-in codec is stateless and
 * thread-safe, its {@code toString()} is its name, and its {@code write} throws a
 * {@link NullPointerException} naming the codec when given {@code null}.
 *
 * <table>
 *   <caption>Built-in codecs</caption>
 *   <tr><th>factory</th><th>name</th><th>type</th><th>bytes</th><th>encoding</th></tr>
 *   <tr><td>{@link #int64()}</td><td>{@code int64}</td><td>{@link Long}</td><td>8</td>
 *       <td>the value</td></tr>
 *   <tr><td>{@link #int32()}</td><td>{@code int32}</td><td>{@link Integer}</td><td>4</td>
 *       <td>the value</td></tr>
 *   <tr><td>{@link #int16()}</td><td>{@code int16}</td><td>{@link Short}</td><td>2</td>
 *       <td>the value</td></tr>
 *   <tr><td>{@link #int8()}</td><td>{@code int8}</td><td>{@link Byte}</td><td>1</td>
 *       <td>the value</td></tr>
 *   <tr><td>{@link #char16()}</td><td>{@code char16}</td><td>{@link Character}</td><td>2</td>
 *       <td>the UTF-16 code unit</td></tr>
 *   <tr><td>{@link #float64()}</td><td>{@code float64}</td><td>{@link Double}</td><td>8</td>
 *       <td>{@link Double#doubleToLongBits}</td></tr>
 *   <tr><td>{@link #float32()}</td><td>{@code float32}</td><td>{@link Float}</td><td>4</td>
 *       <td>{@link Float#floatToIntBits}</td></tr>
 *   <tr><td>{@link #fixedAscii fixedAscii(n)}</td><td>{@code fixedAscii(n)}</td><td>{@link String}</td>
 *       <td>n</td><td>one byte per character, zero-padded</td></tr>
 *   <tr><td>{@link #uuid()}</td><td>{@code uuid}</td><td>{@link UUID}</td><td>16</td>
 *       <td>RFC 4122 bytes: both longs big-endian</td></tr>
 *   <tr><td>{@link #fixedBytes fixedBytes(n)}</td><td>{@code fixedBytes(n)}</td><td>{@code byte[]}</td>
 *       <td>n</td><td>the bytes</td></tr>
 * </table>
 */
public final class Codecs {
    /** Static factories only. */
    private Codecs() {
    }

    /**
     * A {@link Long} in 8 bytes; its bits are the value. Shared instance, free to call.
     *
     * @return the {@code int64} codec
     */
    public static BitsCodec<Long> int64() {
        return Int64Codec.INSTANCE;
    }

    /**
     * An {@link Integer} in 4 bytes; its bits are the value, sign-extended. Shared instance, free
     * to call.
     *
     * @return the {@code int32} codec
     */
    public static BitsCodec<Integer> int32() {
        return Int32Codec.INSTANCE;
    }

    /**
     * A {@link Short} in 2 bytes; its bits are the value, sign-extended. Shared instance, free to
     * call.
     *
     * @return the {@code int16} codec
     */
    public static BitsCodec<Short> int16() {
        return Int16Codec.INSTANCE;
    }

    /**
     * A {@link Byte} in 1 byte; its bits are the value, sign-extended. Shared instance, free to
     * call.
     *
     * @return the {@code int8} codec
     */
    public static BitsCodec<Byte> int8() {
        return Int8Codec.INSTANCE;
    }

    /**
     * A {@link Character} in 2 bytes; its bits are the char read as a {@code short} and
     * sign-extended, so {@code (char) 0xffff} has the bits {@code -1L}. Shared instance, free to call.
     *
     * @return the {@code char16} codec
     */
    public static BitsCodec<Character> char16() {
        return Char16Codec.INSTANCE;
    }

    /**
     * A {@link Double} in 8 bytes; its bits are {@link Double#doubleToLongBits}. Keys are
     * therefore equal exactly when {@link Double#equals} says so, not when {@code ==} does:
     * {@code 0.0} and {@code -0.0} are different keys, and every NaN is one and the same key
     * (a NaN with a payload reads back as {@link Double#NaN}). Shared instance, free to call.
     *
     * @return the {@code float64} codec
     */
    public static BitsCodec<Double> float64() {
        return Float64Codec.INSTANCE;
    }

    /**
     * A {@link Float} in 4 bytes; its bits are {@link Float#floatToIntBits}, sign-extended. Keys
     * are therefore equal exactly when {@link Float#equals} says so, not when {@code ==} does:
     * {@code 0.0f} and {@code -0.0f} are different keys, and every NaN is one and the same key
     * (a NaN with a payload reads back as {@link Float#NaN}). Shared instance, free to call.
     *
     * @return the {@code float32} codec
     */
    public static BitsCodec<Float> float32() {
        return Float32Codec.INSTANCE;
    }

    /**
     * A {@link String} of at most {@code width} ASCII characters (such as a ticker symbol) in
     * exactly {@code width} bytes: one byte per character, then zero bytes up to the width.
     *
     * <p>Only characters U+0001 to U+007F fit. NUL (U+0000) is rejected because zero bytes are
     * the padding: {@code "AB"} and {@code "AB\0"} would otherwise have the same encoding, and
     * keys must encode canonically. A longer string, or one with a NUL or a non-ASCII character,
     * makes {@code write} throw an {@link IllegalArgumentException} naming the string (cut off
     * after 40 characters), its length or the offending character and its index, and the limit;
     * nothing is written then, and {@link Codec#accepts} returns {@code false} for it.
     *
     * <p>{@code write} allocates nothing. {@code read} returns the string without its padding
     * and allocates only that string, through one per-thread scratch array of at most
     * {@code width} bytes that lives as long as the thread. This factory allocates one small
     * codec; make it once and reuse it.
     *
     * @param width the slot width in bytes and the maximum length, 1 to {@link Codec#MAX_WIDTH}
     * @return a {@code fixedAscii(width)} codec, equal to any other of the same width
     * @throws IllegalArgumentException naming the width and the allowed range when
     *     {@code width} is outside 1..{@link Codec#MAX_WIDTH}
     */
    public static Codec<String> fixedAscii(int width) {
        return new FixedAsciiCodec(width);
    }

    /**
     * A {@link UUID} in 16 bytes: {@link UUID#getMostSignificantBits()} then
     * {@link UUID#getLeastSignificantBits()}, each big-endian, whatever the platform's byte
     * order. The slot thus holds the RFC 4122 binary form, the same 16 bytes as the hex digits
     * of {@link UUID#toString()}. {@code write} allocates nothing; {@code read} allocates the
     * {@link UUID}. Shared instance, free to call.
     *
     * @return the {@code uuid} codec
     */
    public static Codec<UUID> uuid() {
        return UuidCodec.INSTANCE;
    }

    /**
     * A {@code byte[]} of exactly {@code width} bytes, stored as is. As keys, arrays are equal
     * when their contents are equal, not when they are the same array as for
     * {@code byte[].equals}.
     *
     * <p>An array of any other length makes {@code write} throw an
     * {@link IllegalArgumentException} naming both lengths (and showing the first bytes);
     * nothing is written then, and {@link Codec#accepts} returns {@code false} for it.
     * {@code write} is one bulk copy and allocates nothing; {@code read} returns a new array
     * each time, which the caller owns. This factory allocates one small codec; make it once
     * and reuse it.
     *
     * @param width the array length and slot width in bytes, 1 to {@link Codec#MAX_WIDTH}
     * @return a {@code fixedBytes(width)} codec, equal to any other of the same width
     * @throws IllegalArgumentException naming the width and the allowed range when
     *     {@code width} is outside 1..{@link Codec#MAX_WIDTH}
     */
    public static Codec<byte[]> fixedBytes(int width) {
        return new FixedBytesCodec(width);
    }
}
