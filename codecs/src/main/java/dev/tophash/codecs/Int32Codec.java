package dev.tophash.codecs;

/** {@code int32}: an {@link Integer} as its 32 bits. */
final class Int32Codec extends NamedCodec<Integer> implements BitsCodec<Integer> {
    /** The only instance; the codec has no parameters. */
    static final Int32Codec INSTANCE = new Int32Codec();

    /** Use {@link #INSTANCE}. */
    private Int32Codec() {
        super("int32", Integer.BYTES, Integer.class);
    }

    @Override
    public long toBits(Integer value) {
        return requireValue(value);
    }

    @Override
    public Integer fromBits(long bits) {
        return (int) bits;
    }
}
