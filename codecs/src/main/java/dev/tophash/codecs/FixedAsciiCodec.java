package dev.tophash.codecs;

import java.nio.charset.StandardCharsets;
import org.agrona.UnsafeApi;

/**
 * {@code fixedAscii(width)}: a string of at most {@code width} characters from U+0001 to U+007F,
 * one byte per character, followed by zero bytes up to the width.
 *
 * <p>NUL is rejected rather than escaped: zero bytes are the padding, so {@code "AB"} and
 * {@code "AB\0"} would otherwise encode alike. Rejecting it keeps the encoding canonical (one
 * string, one byte sequence) and reversible, and costs nothing, since symbols and identifiers
 * never contain NUL.
 */
final class FixedAsciiCodec extends NamedCodec<String> {
    /** The highest character that fits; everything above it is not ASCII. */
    private static final char MAX_ASCII = 0x7f;

    /**
     * A codec for strings of at most {@code width} characters.
     *
     * @param width the slot width in bytes
     * @throws IllegalArgumentException when {@code width} is outside 1..{@link Codec#MAX_WIDTH}
     */
    FixedAsciiCodec(int width) {
        super("fixedAscii(" + checkWidth("fixedAscii", width) + ")", width, String.class);
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof String && fits((String) value);
    }

    /**
     * {@inheritDoc} Checks every character before writing the first, so a rejected string leaves
     * the slot untouched; allocates nothing.
     *
     * @throws NullPointerException when {@code value} is {@code null}
     */
    @Override
    public void write(long address, String value) {
        int length = requireValue(value).length();
        if (!fits(value)) {
            throw rejection(value);
        }
        for (int i = 0; i < length; i++) {
            UnsafeApi.putByte(address + i, (byte) value.charAt(i));
        }
        UnsafeApi.setMemory(address + length, width() - length, (byte) 0);
    }

    /**
     * {@inheritDoc} The string ends at the first zero byte or at the width. Allocates only the
     * string (none for the empty string); bytes go through a per-thread scratch array.
     */
    @Override
    public String read(long address) {
        int width = width();
        byte[] scratch = Scratch.bytes(width);
        int length = 0;
        for (byte b; length < width && (b = UnsafeApi.getByte(address + length)) != 0; length++) {
            scratch[length] = b;
        }
        // ISO-8859-1 is the cheapest decoder (a plain copy) and agrees with ASCII on 1..127.
        return length == 0 ? "" : new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether {@code value} is short enough and made of characters 1..127 only. O(length).
     *
     * @param value a non-null string
     * @return {@code true} when it can be written
     */
    private boolean fits(String value) {
        return value.length() <= width() && firstBadChar(value) < 0;
    }

    /**
     * The exception for a string that does not fit, saying which limit it breaks.
     *
     * @param value a string for which {@link #fits} is false
     * @return the exception to throw
     */
    private IllegalArgumentException rejection(String value) {
        String subject = name() + " cannot hold " + Messages.quote(value) + " (" + value.length() + " characters): ";
        if (value.length() > width()) {
            return new IllegalArgumentException(subject + "at most " + width() + " ASCII characters fit");
        }
        int index = firstBadChar(value);
        char c = value.charAt(index);
        return new IllegalArgumentException(subject + "character " + Messages.codePoint(c) + " at index " + index
                + (c == 0 ? " is NUL, which is reserved as padding" : " is not ASCII")
                + "; only U+0001 to U+007F fit");
    }

    /**
     * The index of the first character outside 1..127.
     *
     * @param value a non-null string
     * @return the index, or -1 when every character fits
     */
    private static int firstBadChar(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == 0 || c > MAX_ASCII) {
                return i;
            }
        }
        return -1;
    }
}
