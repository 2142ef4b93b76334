package dev.tophash.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** The seven primitive codecs, checked against real off-heap memory and the BitsCodec contract. */
@AddLifecycleHook(FreesEveryOffHeapByte.class)
class BitsCodecsTest {

    /** A value and the codec it belongs to, so one property covers every primitive codec. */
    record Sample<T>(BitsCodec<T> codec, T value) {
        long bits() {
            return codec.toBits(value);
        }

        @Override
        public String toString() {
            return codec + " " + describe(value);
        }
    }

    /** Two values of the same codec. */
    record Pair<T>(BitsCodec<T> codec, T a, T b) {
        @Override
        public String toString() {
            return codec + " " + describe(a) + " / " + describe(b);
        }
    }

    @Provide
    Arbitrary<Sample<?>> samples() {
        return Arbitraries.oneOf(List.of(
                samplesOf(Codecs.int64(), Values.longs()),
                samplesOf(Codecs.int32(), Values.ints()),
                samplesOf(Codecs.int16(), Values.shorts()),
                samplesOf(Codecs.int8(), Values.bytes()),
                samplesOf(Codecs.char16(), Values.chars()),
                samplesOf(Codecs.float64(), Values.doubles()),
                samplesOf(Codecs.float32(), Values.floats())));
    }

    @Provide
    Arbitrary<Pair<?>> pairs() {
        return Arbitraries.oneOf(List.of(
                pairsOf(Codecs.int64(), Values.longs()),
                pairsOf(Codecs.int32(), Values.ints()),
                pairsOf(Codecs.int16(), Values.shorts()),
                pairsOf(Codecs.int8(), Values.bytes()),
                pairsOf(Codecs.char16(), Values.chars()),
                pairsOf(Codecs.float64(), Values.doubles()),
                pairsOf(Codecs.float32(), Values.floats())));
    }

    private static <T> Arbitrary<Sample<?>> samplesOf(BitsCodec<T> codec, Arbitrary<T> values) {
        return values.map(v -> new Sample<>(codec, v));
    }

    /** Pairs that are equal a third of the time, so both sides of "equal iff same bits" are hit. */
    private static <T> Arbitrary<Pair<?>> pairsOf(BitsCodec<T> codec, Arbitrary<T> values) {
        return Combinators.combine(values, values, Arbitraries.integers().between(0, 2).withoutEdgeCases())
                .as((a, b, mode) -> new Pair<>(codec, a, mode == 0 ? a : b));
    }

    @Property
    void everyValueRoundTripsThroughOffHeapMemory(@ForAll("samples") Sample<?> sample,
                                                  @ForAll @IntRange(min = 0, max = 7) int misalignment) {
        roundTrip(sample, misalignment);
    }

    private static <T> void roundTrip(Sample<T> sample, int misalignment) {
        try (OffHeapSlot slot = OffHeapSlot.allocate(sample.codec().width(), misalignment)) {
            sample.codec().write(slot.address, sample.value());
            assertEquals(sample.value(), sample.codec().read(slot.address));
        }
    }

    @Property
    void writeThenSlotsGetBitsGivesToBits(@ForAll("samples") Sample<?> sample,
                                          @ForAll @IntRange(min = 0, max = 7) int misalignment) {
        writeThenGetBits(sample, misalignment);
    }

    private static <T> void writeThenGetBits(Sample<T> sample, int misalignment) {
        BitsCodec<T> codec = sample.codec();
        try (OffHeapSlot slot = OffHeapSlot.allocate(codec.width(), misalignment)) {
            codec.write(slot.address, sample.value());
            assertEquals(sample.bits(), Slots.getBits(slot.address, codec.width()));
        }
    }

    @Property
    void toBitsIsSignExtendedFromTheCodecsWidth(@ForAll("samples") Sample<?> sample) {
        int unusedBits = Long.SIZE - 8 * sample.codec().width();
        long bits = sample.bits();
        assertEquals(bits, bits << unusedBits >> unusedBits, () -> Long.toHexString(bits));
    }

    @Property
    void fromBitsUndoesToBits(@ForAll("samples") Sample<?> sample) {
        assertEquals(sample.value(), fromBitsOfToBits(sample));
    }

    private static <T> T fromBitsOfToBits(Sample<T> sample) {
        return sample.codec().fromBits(sample.bits());
    }

    @Property
    void slotsPutBitsOfToBitsReadsBackAsTheValue(@ForAll("samples") Sample<?> sample) {
        try (OffHeapSlot slot = OffHeapSlot.allocate(sample.codec().width())) {
            Slots.putBits(slot.address, sample.codec().width(), sample.bits());
            assertEquals(sample.value(), sample.codec().read(slot.address));
        }
    }

    @Property
    void valuesAreEqualExactlyWhenTheirBitsAreEqual(@ForAll("pairs") Pair<?> pair) {
        assertEquals(pair.a().equals(pair.b()), bitsOf(pair, true) == bitsOf(pair, false));
    }

    private static <T> long bitsOf(Pair<T> pair, boolean first) {
        return pair.codec().toBits(first ? pair.a() : pair.b());
    }

    @Property
    void aWriteFillsExactlyTheCodecsWidth(@ForAll("samples") Sample<?> sample) {
        // OffHeapSlot.close() fails the test if a byte beyond the slot changed.
        try (OffHeapSlot slot = OffHeapSlot.allocate(sample.codec().width())) {
            writeAny(sample, slot.address);
        }
    }

    private static <T> void writeAny(Sample<T> sample, long address) {
        sample.codec().write(address, sample.value());
    }

    @Example
    void float64TreatsPositiveAndNegativeZeroAsDifferentKeys() {
        BitsCodec<Double> codec = Codecs.float64();
        assertNotEquals(codec.toBits(0.0), codec.toBits(-0.0));
        try (OffHeapSlot slot = OffHeapSlot.allocate(8)) {
            codec.write(slot.address, -0.0);
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(codec.read(slot.address)));
        }
    }

    @Example
    void float64TreatsEveryNanAsOneKeyAndReadsItBackAsTheCanonicalNan() {
        BitsCodec<Double> codec = Codecs.float64();
        long canonical = Double.doubleToRawLongBits(Double.NaN);
        assertEquals(canonical, codec.toBits(Values.NAN_WITH_PAYLOAD));
        assertEquals(canonical, codec.toBits(Values.NEGATIVE_SIGNALLING_NAN));
        try (OffHeapSlot slot = OffHeapSlot.allocate(8)) {
            codec.write(slot.address, Values.NAN_WITH_PAYLOAD);
            assertEquals(canonical, Double.doubleToRawLongBits(codec.read(slot.address)));
        }
    }

    @Example
    void float32TreatsZerosAsTwoKeysAndEveryNanAsOne() {
        BitsCodec<Float> codec = Codecs.float32();
        assertNotEquals(codec.toBits(0.0f), codec.toBits(-0.0f));
        assertEquals(codec.toBits(Float.NaN), codec.toBits(Values.FLOAT_NAN_WITH_PAYLOAD));
        assertEquals(codec.toBits(Float.NaN), codec.toBits(Values.FLOAT_NEGATIVE_SIGNALLING_NAN));
        assertEquals(-0x80_0000L, codec.toBits(Float.NEGATIVE_INFINITY), "float32 bits are sign-extended");
    }

    @Example
    void char16BitsAreTheCharReadAsAShort() {
        BitsCodec<Character> codec = Codecs.char16();
        assertEquals(-1L, codec.toBits((char) 0xffff));
        assertEquals(-0x8000L, codec.toBits((char) 0x8000));
        assertEquals(0x7fffL, codec.toBits((char) 0x7fff));
        assertEquals(Character.valueOf((char) 0xffff), codec.fromBits(-1L));
    }

    @Example
    void narrowCodecsSignExtendTheirBits() {
        assertEquals(-1L, Codecs.int8().toBits((byte) -1));
        assertEquals(-1L, Codecs.int16().toBits((short) -1));
        assertEquals(-1L, Codecs.int32().toBits(-1));
        assertEquals(Integer.MIN_VALUE, Codecs.int32().toBits(Integer.MIN_VALUE));
    }

    @Example
    void primitiveCodecsStoreTheirBitsInNativeByteOrder() {
        try (OffHeapSlot slot = OffHeapSlot.allocate(8)) {
            Codecs.int64().write(slot.address, 0x0102030405060708L);
            byte[] expected = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                    .putLong(0x0102030405060708L).array();
            assertArrayEquals(expected, slot.bytes());
        }
    }

    @Example
    void writingNullThrowsANullPointerExceptionNamingTheCodecAndLeavesTheSlotAlone() {
        for (BitsCodec<?> codec : List.of(Codecs.int64(), Codecs.int32(), Codecs.int16(), Codecs.int8(),
                Codecs.char16(), Codecs.float64(), Codecs.float32())) {
            try (OffHeapSlot slot = OffHeapSlot.allocate(codec.width()).fill((byte) 0x5c)) {
                byte[] before = slot.bytes();
                NullPointerException e = assertThrows(NullPointerException.class, () -> writeNull(codec, slot.address));
                assertTrue(e.getMessage().startsWith(codec.name() + " cannot encode null"), e.getMessage());
                assertArrayEquals(before, slot.bytes());
            }
        }
    }

    private static <T> void writeNull(Codec<T> codec, long address) {
        codec.write(address, null);
    }

    static String describe(Object value) {
        if (value instanceof Double d) {
            return d + " (0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
        }
        if (value instanceof Float f) {
            return f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
        }
        if (value instanceof Character c) {
            return String.format("U+%04X", (int) c);
        }
        return String.valueOf(value);
    }
}
