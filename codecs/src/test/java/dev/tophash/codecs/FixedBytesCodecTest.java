package dev.tophash.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** {@code fixedBytes(width)}: exact-length arrays, copied in and out. */
@AddLifecycleHook(FreesEveryOffHeapByte.class)
class FixedBytesCodecTest {

    /** Arrays of 1..64 bytes; each array's length is the codec width. */
    @Provide
    Arbitrary<byte[]> arrays() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
    }

    @Property
    void fixedBytesRoundTripsEveryArrayOfItsWidth(@ForAll("arrays") byte[] value,
                                                  @ForAll @IntRange(min = 0, max = 7) int misalignment) {
        Codec<byte[]> codec = Codecs.fixedBytes(value.length);
        assertTrue(codec.accepts(value));
        try (OffHeapSlot slot = OffHeapSlot.allocate(value.length, misalignment)) {
            codec.write(slot.address, value);
            assertArrayEquals(value, slot.bytes(), "stored as is");
            byte[] read = codec.read(slot.address);
            assertArrayEquals(value, read);
            assertNotSame(value, read);
        }
    }

    @Property
    void fixedBytesRejectsEveryOtherLengthAndChangesNothing(@ForAll("arrays") byte[] value,
                                                            @ForAll @IntRange(min = 1, max = 64) int width) {
        Codec<byte[]> codec = Codecs.fixedBytes(width);
        assertEquals(value.length == width, codec.accepts(value));
        if (value.length != width) {
            try (OffHeapSlot slot = OffHeapSlot.allocate(width).fill((byte) 0x11)) {
                byte[] before = slot.bytes();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> codec.write(slot.address, value));
                assertTrue(e.getMessage().startsWith("fixedBytes(" + width + ") holds arrays of exactly " + width
                        + " bytes, got " + value.length + " bytes ["), e.getMessage());
                assertArrayEquals(before, slot.bytes());
            }
        }
    }

    @Example
    void fixedBytesNamesBothLengthsAndShowsTheFirstBytesOfARejectedArray() {
        IllegalArgumentException e = assertRejected(Codecs.fixedBytes(16), new byte[] {0x0a, (byte) 0xff, 0});
        assertEquals("fixedBytes(16) holds arrays of exactly 16 bytes, got 3 bytes [0a ff 00]", e.getMessage());
        IllegalArgumentException big = assertRejected(Codecs.fixedBytes(4), new byte[1000]);
        assertTrue(big.getMessage().endsWith("got 1000 bytes [" + "00 ".repeat(16) + "...]"), big.getMessage());
    }

    private static IllegalArgumentException assertRejected(Codec<byte[]> codec, byte[] value) {
        try (OffHeapSlot slot = OffHeapSlot.allocate(codec.width()).fill((byte) 0x5a)) {
            byte[] before = slot.bytes();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> codec.write(slot.address, value));
            assertArrayEquals(before, slot.bytes(), "a rejected write changed the slot");
            return e;
        }
    }

    @Example
    void fixedBytesReadReturnsAFreshArrayTheCallerMayChange() {
        Codec<byte[]> codec = Codecs.fixedBytes(4);
        try (OffHeapSlot slot = OffHeapSlot.allocate(4)) {
            codec.write(slot.address, new byte[] {1, 2, 3, 4});
            byte[] first = codec.read(slot.address);
            first[0] = 99;
            assertArrayEquals(new byte[] {1, 2, 3, 4}, codec.read(slot.address));
        }
    }

    @Example
    void fixedBytesAcceptsNoOtherTypeAndNoNull() {
        Codec<byte[]> codec = Codecs.fixedBytes(4);
        assertFalse(codec.accepts(null));
        assertFalse(codec.accepts("abcd"));
        assertFalse(codec.accepts(new int[4]));
        assertFalse(codec.accepts(new byte[3]));
        assertTrue(codec.accepts(new byte[4]));
    }

    @Example
    void fixedBytesWritingNullThrowsANullPointerExceptionAndChangesNothing() {
        Codec<byte[]> codec = Codecs.fixedBytes(8);
        try (OffHeapSlot slot = OffHeapSlot.allocate(8).fill((byte) 7)) {
            NullPointerException e = assertThrows(NullPointerException.class, () -> codec.write(slot.address, null));
            assertTrue(e.getMessage().startsWith("fixedBytes(8) cannot encode null"), e.getMessage());
            assertArrayEquals(new byte[] {7, 7, 7, 7, 7, 7, 7, 7}, slot.bytes());
        }
    }

    @Example
    void fixedBytesRejectsWidthsOutsideOneToMaxWidth() {
        for (int width : new int[] {0, -16, Codec.MAX_WIDTH + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.fixedBytes(width));
            assertEquals("fixedBytes width must be from 1 to 4096 bytes, got " + width, e.getMessage());
        }
        assertEquals(Codec.MAX_WIDTH, Codecs.fixedBytes(Codec.MAX_WIDTH).width());
    }
}
