package dev.tophash.codecs;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Arbitrary values for the primitive codecs, reaching every bit pattern a slot can hold. */
final class Values {
    /** A quiet NaN with a payload, unlike {@link Double#NaN}. */
    static final double NAN_WITH_PAYLOAD = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
    /** A signalling NaN with the sign bit set. */
    static final double NEGATIVE_SIGNALLING_NAN = Double.longBitsToDouble(0xfff0_0000_0000_0001L);
    /** A float NaN with a payload, unlike {@link Float#NaN}. */
    static final float FLOAT_NAN_WITH_PAYLOAD = Float.intBitsToFloat(0x7fc0_beef);
    /** A float signalling NaN with the sign bit set. */
    static final float FLOAT_NEGATIVE_SIGNALLING_NAN = Float.intBitsToFloat(0xff80_0001);

    private Values() {
    }

    static Arbitrary<Long> longs() {
        return Arbitraries.longs();
    }

    static Arbitrary<Integer> ints() {
        return Arbitraries.integers();
    }

    static Arbitrary<Short> shorts() {
        return Arbitraries.shorts();
    }

    static Arbitrary<Byte> bytes() {
        return Arbitraries.bytes();
    }

    static Arbitrary<Character> chars() {
        return Arbitraries.chars().all();
    }

    /** Every bit pattern (so NaNs with any payload), the usual special values, and both zeros. */
    static Arbitrary<Double> doubles() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)),
                Tuple.of(2, Arbitraries.doubles().withStandardSpecialValues().withSpecialValue(-0.0)),
                Tuple.of(1, Arbitraries.of(0.0, -0.0, Double.NaN, NAN_WITH_PAYLOAD, NEGATIVE_SIGNALLING_NAN))));
    }

    /** Every bit pattern (so NaNs with any payload), the usual special values, and both zeros. */
    static Arbitrary<Float> floats() {
        return Arbitraries.frequencyOf(List.of(
                Tuple.of(3, Arbitraries.integers().map(Float::intBitsToFloat)),
                Tuple.of(2, Arbitraries.floats().withStandardSpecialValues().withSpecialValue(-0.0f)),
                Tuple.of(1, Arbitraries.of(0.0f, -0.0f, Float.NaN, FLOAT_NAN_WITH_PAYLOAD,
                        FLOAT_NEGATIVE_SIGNALLING_NAN))));
    }
}
