package dev.tophash.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** {@code uuid}: 16 bytes in RFC 4122 order. */
@AddLifecycleHook(FreesEveryOffHeapByte.class)
class UuidCodecTest {

    @Property
    void uuidRoundTripsEveryPairOfLongs(@ForAll long most, @ForAll long least,
                                        @ForAll @IntRange(min = 0, max = 7) int misalignment) {
        UUID value = new UUID(most, least);
        try (OffHeapSlot slot = OffHeapSlot.allocate(16, misalignment)) {
            Codecs.uuid().write(slot.address, value);
            assertEquals(value, Codecs.uuid().read(slot.address));
        }
    }

    @Example
    void uuidStoresTheRfc4122BytesInTheOrderTheyArePrinted() {
        UUID value = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        try (OffHeapSlot slot = OffHeapSlot.allocate(16)) {
            Codecs.uuid().write(slot.address, value);
            assertArrayEquals(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff},
                    slot.bytes());
        }
    }

    @Example
    void uuidWritingNullThrowsANullPointerExceptionAndChangesNothing() {
        try (OffHeapSlot slot = OffHeapSlot.allocate(16).fill((byte) 3)) {
            byte[] before = slot.bytes();
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> Codecs.uuid().write(slot.address, null));
            assertTrue(e.getMessage().startsWith("uuid cannot encode null"), e.getMessage());
            assertArrayEquals(before, slot.bytes());
        }
    }

    @Example
    void uuidAcceptsOnlyUuids() {
        assertTrue(Codecs.uuid().accepts(UUID.randomUUID()));
        assertFalse(Codecs.uuid().accepts("00112233-4455-6677-8899-aabbccddeeff"));
        assertFalse(Codecs.uuid().accepts(null));
    }
}
