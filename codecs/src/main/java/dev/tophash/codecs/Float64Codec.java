package dev.tophash.codecs;

/**
 * {@code float64}: a {@link Double} as {@link Double#doubleToLongBits}. That function folds
 * every NaN into one canonical NaN and keeps the sign of zero, which makes key equality exactly
 * {@link Double#equals}: {@code 0.0} and {@code -0.0} are two keys, all NaNs are one key, and a
 * NaN with a payload reads back as the canonical NaN.
 */
final class Float64Codec extends NamedCodec<Double> implements BitsCodec<Double> {
    /** The only instance; the codec has no parameters. */
    static final Float64Codec INSTANCE = new Float64Codec();

    /** Use {@link #INSTANCE}. */
    private Float64Codec() {
        super("float64", Double.BYTES, Double.class);
    }

    @Override
    public long toBits(Double value) {
        return Double.doubleToLongBits(requireValue(value));
    }

    @Override
    public Double fromBits(long bits) {
        return Double.longBitsToDouble(bits);
    }
}
