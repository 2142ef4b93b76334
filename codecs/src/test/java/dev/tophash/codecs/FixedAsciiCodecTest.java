package dev.tophash.codecs;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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

/** {@code fixedAscii(width)}: round trips, zero padding, and loud, harmless rejection. */
@AddLifecycleHook(FreesEveryOffHeapByte.class)
class FixedAsciiCodecTest {

    /** A width and a string that fits it. */
    record Fitting(int width, String value) {
    }

    /** Strings of 0 to width characters from U+0001..U+007F, for widths 1..40. */
    @Provide
    Arbitrary<Fitting> fitting() {
        return Arbitraries.integers().between(1, 40).flatMap(width ->
                Arbitraries.strings().withCharRange((char) 1, (char) 0x7f).ofMaxLength(width)
                        .map(value -> new Fitting(width, value)));
    }

    /** Any string at all, a little longer or shorter than a width of 1..12. */
    @Provide
    Arbitrary<Fitting> anyString() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 12),
                Arbitraries.oneOf(List.of(
                        Arbitraries.strings().all().ofMaxLength(15),
                        Arbitraries.strings().withCharRange((char) 0, (char) 0x80).ofMaxLength(15))))
                .as(Fitting::new);
    }

    @Property
    void fixedAsciiRoundTripsEveryAsciiStringUpToItsWidth(@ForAll("fitting") Fitting sample,
                                                          @ForAll @IntRange(min = 0, max = 7) int misalignment) {
        Codec<String> codec = Codecs.fixedAscii(sample.width());
        assertTrue(codec.accepts(sample.value()));
        try (OffHeapSlot slot = OffHeapSlot.allocate(sample.width(), misalignment)) {
            codec.write(slot.address, sample.value());
            assertEquals(sample.value(), codec.read(slot.address));
        }
    }

    @Property
    void fixedAsciiStoresOneBytePerCharacterThenZeroPadding(@ForAll("fitting") Fitting sample) {
        Codec<String> codec = Codecs.fixedAscii(sample.width());
        try (OffHeapSlot slot = OffHeapSlot.allocate(sample.width()).fill((byte) 0x7e)) {
            codec.write(slot.address, sample.value());
            byte[] expected = Arrays.copyOf(sample.value().getBytes(US_ASCII),
                    sample.width());
            assertArrayEquals(expected, slot.bytes());
        }
    }

    @Property
    void fixedAsciiAcceptsExactlyWhatItCanWriteAndARejectedWriteChangesNothing(@ForAll("anyString") Fitting sample) {
        Codec<String> codec = Codecs.fixedAscii(sample.width());
        String value = sample.value();
        boolean fits = value.length() <= sample.width() && value.chars().allMatch(c -> c >= 1 && c <= 127);
        assertEquals(fits, codec.accepts(value));
        try (OffHeapSlot slot = OffHeapSlot.allocate(sample.width()).fill((byte) 0x33)) {
            byte[] before = slot.bytes();
            if (fits) {
                codec.write(slot.address, value);
                assertEquals(value, codec.read(slot.address));
            } else {
                assertThrows(IllegalArgumentException.class, () -> codec.write(slot.address, value));
                assertArrayEquals(before, slot.bytes());
            }
        }
    }

    @Example
    void fixedAsciiRejectsStringsLongerThanItsWidth() {
        Codec<String> codec = Codecs.fixedAscii(12);
        String tooLong = "ABCDEFGHIJKLM";
        assertFalse(codec.accepts(tooLong));
        IllegalArgumentException e = assertRejected(codec, tooLong);
        assertEquals("fixedAscii(12) cannot hold \"ABCDEFGHIJKLM\" (13 characters): at most 12 ASCII characters fit",
                e.getMessage());
    }

    @Example
    void fixedAsciiRejectsNonAsciiCharactersNamingTheCharacterAndItsIndex() {
        Codec<String> codec = Codecs.fixedAscii(12);
        String accented = "CAF\u00c9";
        assertFalse(codec.accepts(accented));
        IllegalArgumentException e = assertRejected(codec, accented);
        assertEquals("fixedAscii(12) cannot hold \"CAF\\u00c9\" (4 characters): character U+00C9 at index 3 "
                + "is not ASCII; only U+0001 to U+007F fit", e.getMessage());
    }

    @Example
    void fixedAsciiRejectsNulBecauseZeroBytesAreItsPadding() {
        Codec<String> codec = Codecs.fixedAscii(4);
        assertFalse(codec.accepts("AB\0"));
        IllegalArgumentException e = assertRejected(codec, "AB\0");
        assertTrue(e.getMessage().contains("\"AB\\u0000\""), e.getMessage());
        assertTrue(e.getMessage().contains("U+0000 at index 2 is NUL, which is reserved as padding"), e.getMessage());
        assertTrue(e.getMessage().contains("U+0001 to U+007F"), e.getMessage());
    }

    @Example
    void fixedAsciiCutsAVeryLongRejectedStringShortInItsMessage() {
        Codec<String> codec = Codecs.fixedAscii(8);
        String huge = "X".repeat(100_000);
        IllegalArgumentException e = assertRejected(codec, huge);
        assertTrue(e.getMessage().contains("\"" + "X".repeat(Messages.MAX_SHOWN_CHARS) + "\"..."), e.getMessage());
        assertTrue(e.getMessage().contains("(100000 characters)"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 8 ASCII characters"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Example
    void fixedAsciiAcceptsNoNonStringsAndNoNull() {
        Codec<String> codec = Codecs.fixedAscii(12);
        assertFalse(codec.accepts(null));
        assertFalse(codec.accepts(42));
        assertFalse(codec.accepts(new StringBuilder("AAPL")));
        assertFalse(codec.accepts(new byte[12]));
        assertTrue(codec.accepts(""));
    }

    @Example
    void fixedAsciiWritingNullThrowsANullPointerExceptionAndChangesNothing() {
        Codec<String> codec = Codecs.fixedAscii(12);
        try (OffHeapSlot slot = OffHeapSlot.allocate(12).fill((byte) 'Q')) {
            NullPointerException e = assertThrows(NullPointerException.class, () -> codec.write(slot.address, null));
            assertTrue(e.getMessage().startsWith("fixedAscii(12) cannot encode null"), e.getMessage());
            assertArrayEquals("QQQQQQQQQQQQ".getBytes(US_ASCII), slot.bytes());
        }
    }

    @Example
    void fixedAsciiOverwritingALongerStringLeavesNoTraceOfIt() {
        Codec<String> codec = Codecs.fixedAscii(12);
        try (OffHeapSlot slot = OffHeapSlot.allocate(12)) {
            codec.write(slot.address, "BRK.B-LONGER");
            codec.write(slot.address, "AAPL");
            assertEquals("AAPL", codec.read(slot.address));
            assertArrayEquals(new byte[] {'A', 'A', 'P', 'L', 0, 0, 0, 0, 0, 0, 0, 0}, slot.bytes());
        }
    }

    @Example
    void fixedAsciiReadsAnAllZeroSlotAsTheEmptyString() {
        Codec<String> codec = Codecs.fixedAscii(6);
        try (OffHeapSlot slot = OffHeapSlot.allocate(6).fill((byte) 0)) {
            assertEquals("", codec.read(slot.address));
        }
    }

    @Example
    void fixedAsciiRoundTripsAStringOfTheLargestWidth() {
        Codec<String> codec = Codecs.fixedAscii(Codec.MAX_WIDTH);
        String value = "0123456789abcdef".repeat(Codec.MAX_WIDTH / 16);
        try (OffHeapSlot slot = OffHeapSlot.allocate(Codec.MAX_WIDTH)) {
            codec.write(slot.address, value);
            assertEquals(value, codec.read(slot.address));
        }
    }

    @Example
    void fixedAsciiRejectsWidthsOutsideOneToMaxWidth() {
        for (int width : new int[] {0, -1, Codec.MAX_WIDTH + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.fixedAscii(width));
            assertEquals("fixedAscii width must be from 1 to 4096 bytes, got " + width, e.getMessage());
        }
        assertEquals(1, Codecs.fixedAscii(1).width());
        assertEquals(Codec.MAX_WIDTH, Codecs.fixedAscii(Codec.MAX_WIDTH).width());
    }

    /** Writes {@code value} into a slot, expecting rejection, and checks the slot was left alone. */
    private static IllegalArgumentException assertRejected(Codec<String> codec, String value) {
        try (OffHeapSlot slot = OffHeapSlot.allocate(codec.width()).fill((byte) 0x2a)) {
            byte[] before = slot.bytes();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> codec.write(slot.address, value));
            assertArrayEquals(before, slot.bytes(), "a rejected write changed the slot");
            return e;
        }
    }
}
