package dev.tophash.codecs;

/** {@code int8}: a {@link Byte} as its 8 bits. */
final class Int8Codec extends NamedCodec<Byte> implements BitsCodec<Byte> {
    /** The only instance; the codec has no parameters. */
    static final Int8Codec INSTANCE = new Int8Codec();

    /** Use {@link #INSTANCE}. */
    private Int8Codec() {
        super("int8", Byte.BYTES, Byte.class);
    }

    @Override
    public long toBits(Byte value) {
        return requireValue(value);
    }

    @Override
    public Byte fromBits(long bits) {
        return (byte) bits;
    }
}
