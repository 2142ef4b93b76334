package dev.tophash.codecs;

/** {@code int64}: a {@link Long} as its own 64 bits. */
final class Int64Codec extends NamedCodec<Long> implements BitsCodec<Long> {
    /** The only instance; the codec has no parameters. */
    static final Int64Codec INSTANCE = new Int64Codec();

    /** Use {@link #INSTANCE}. */
    private Int64Codec() {
        super("int64", Long.BYTES, Long.class);
    }

    @Override
    public long toBits(Long value) {
        return requireValue(value);
    }

    @Override
    public Long fromBits(long bits) {
        return bits;
    }
}
