package dev.tophash.codecs;

/**
 * How rejected values appear in exception messages: short enough for a log line, and escaped so
 * that a NUL or a non-ASCII character is visible rather than silently mangled by a terminal.
 * Used only on the failure path, so it may allocate freely.
 */
final class Messages {
    /** Characters of a rejected string shown before it is cut off. */
    static final int MAX_SHOWN_CHARS = 40;
    /** Bytes of a rejected array shown before it is cut off. */
    static final int MAX_SHOWN_BYTES = 16;

    /** Static helpers only. */
    private Messages() {
    }

    /**
     * {@code value} in double quotes, its first {@link #MAX_SHOWN_CHARS} characters only, with
     * every character outside printable ASCII (and every quote and backslash) written as a Java
     * escape such as <code>&#92;u00e9</code>.
     *
     * @param value the rejected string
     * @return the quoted form
     */
    static String quote(String value) {
        int shown = Math.min(value.length(), MAX_SHOWN_CHARS);
        StringBuilder out = new StringBuilder(shown + 8).append('"');
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (shown < value.length()) {
            out.append("...");
        }
        return out.toString();
    }

    /**
     * {@code c} as a Unicode code unit, such as {@code U+00E9}.
     *
     * @param c a character
     * @return its four-digit hexadecimal form
     */
    static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    /**
     * The first {@link #MAX_SHOWN_BYTES} bytes of {@code value} in hexadecimal, such as
     * {@code [0a ff 00]}.
     *
     * @param value the rejected array
     * @return its bracketed hexadecimal form
     */
    static String hex(byte[] value) {
        int shown = Math.min(value.length, MAX_SHOWN_BYTES);
        StringBuilder out = new StringBuilder(shown * 3 + 5).append('[');
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(Character.forDigit((value[i] >> 4) & 0xf, 16)).append(Character.forDigit(value[i] & 0xf, 16));
        }
        if (shown < value.length) {
            out.append(" ...");
        }
        return out.append(']').toString();
    }
}
