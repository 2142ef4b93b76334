package dev.tophash.codecs;

/**
 * {@code float32}: a {@link Float} as {@link Float#floatToIntBits}, sign-extended. As for
 * {@code float64}, key equality is exactly {@link Float#equals}: {@code 0.0f} and {@code -0.0f}
 * are two keys, all NaNs are one key, and a NaN with a payload reads back as the canonical NaN.
 */
final class Float32Codec extends NamedCodec<Float> implements BitsCodec<Float> {
    /** The only instance; the codec has no parameters. */
    static final Float32Codec INSTANCE = new Float32Codec();

    /** Use {@link #INSTANCE}. */
    private Float32Codec() {
        super("float32", Float.BYTES, Float.class);
    }

    @Override
    public long toBits(Float value) {
        return Float.floatToIntBits(requireValue(value));
    }

    @Override
    public Float fromBits(long bits) {
        return Float.intBitsToFloat((int) bits);
    }
}
