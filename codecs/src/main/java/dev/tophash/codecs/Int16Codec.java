package dev.tophash.codecs;

/** {@code int16}: a {@link Short} as its 16 bits. */
final class Int16Codec extends NamedCodec<Short> implements BitsCodec<Short> {
    /** The only instance; the codec has no parameters. */
    static final Int16Codec INSTANCE = new Int16Codec();

    /** Use {@link #INSTANCE}. */
    private Int16Codec() {
        super("int16", Short.BYTES, Short.class);
    }

    @Override
    public long toBits(Short value) {
        return requireValue(value);
    }

    @Override
    public Short fromBits(long bits) {
        return (short) bits;
    }
}
