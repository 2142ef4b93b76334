package dev.tophash.codecs;

/**
 * The identity shared by the built-in codecs: a name, a width and a type, with value semantics
 * on the name, so that {@code fixedAscii(12)} made twice gives two equal codecs and a file-backed
 * table can compare the codecs it was written with by name alone.
 *
 * @param <T> the Java type the codec encodes
 */
abstract class NamedCodec<T> implements Codec<T> {
    /** The stable name, such as {@code "fixedAscii(12)"}. */
    private final String name;
    /** The slot width in bytes, 1 to {@link Codec#MAX_WIDTH}. */
    private final int width;
    /** The class of encoded values. */
    private final Class<T> type;

    /**
     * Fixes the codec's identity.
     *
     * @param name the stable name
     * @param width the slot width in bytes, already checked by the subclass
     * @param type the class of encoded values
     */
    NamedCodec(String name, int width, Class<T> type) {
        this.name = name;
        this.width = width;
        this.type = type;
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Class<T> type() {
        return type;
    }

    /**
     * Returns {@code value}, or throws the one {@link NullPointerException} every built-in codec
     * gives for {@code null}; the message is built only on that path, so the check costs a
     * compare.
     *
     * @param <V> the value's type
     * @param value the value about to be encoded
     * @return {@code value}
     * @throws NullPointerException when {@code value} is {@code null}
     */
    final <V> V requireValue(V value) {
        if (value == null) {
            throw new NullPointerException(name + " cannot encode null: codecs encode values, and a "
                    + "tophash map holds no null keys or values");
        }
        return value;
    }

    /**
     * Equal when {@code other} is a codec of the same class with the same name; the name carries
     * every parameter, so such codecs encode identically.
     *
     * @param other any object
     * @return whether both codecs encode identically
     */
    @Override
    public final boolean equals(Object other) {
        return other == this
                || other != null && other.getClass() == getClass() && ((NamedCodec<?>) other).name.equals(name);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * @return the name's hash
     */
    @Override
    public final int hashCode() {
        return name.hashCode();
    }

    /**
     * The codec's {@linkplain #name() name}, so logs and assertion messages read as the factory
     * call that made it.
     *
     * @return the name
     */
    @Override
    public final String toString() {
        return name;
    }

    /**
     * Checks the width a factory was given.
     *
     * @param factory the factory's name, for the message
     * @param width the requested width in bytes
     * @return {@code width}
     * @throws IllegalArgumentException naming the width and the range when it is outside
     *     1..{@link Codec#MAX_WIDTH}
     */
    static int checkWidth(String factory, int width) {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException(factory + " width must be from 1 to " + MAX_WIDTH
                    + " bytes, got " + width);
        }
        return width;
    }
}
