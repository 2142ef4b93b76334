package dev.tophash.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.agrona.UnsafeApi;

/**
 * A codec written by a user, as the package documentation shows: a composite order key of a
 * venue's order id and the venue, in 8 + 4 bytes.
 */
@AddLifecycleHook(FreesEveryOffHeapByte.class)
class UserWrittenCodecTest {

    /** The key: which venue, and that venue's id for the order. */
    record OrderKey(long venueOrderId, int venue) {
    }

    /** 12 bytes: the order id, then the venue, each in native order. */
    static final class OrderKeyCodec implements Codec<OrderKey> {
        @Override
        public int width() {
            return Long.BYTES + Integer.BYTES;
        }

        @Override
        public String name() {
            return "orderKey";
        }

        @Override
        public Class<OrderKey> type() {
            return OrderKey.class;
        }

        @Override
        public void write(long address, OrderKey key) {
            if (key == null) {
                throw new NullPointerException("orderKey cannot encode null");
            }
            UnsafeApi.putLong(address, key.venueOrderId());
            UnsafeApi.putInt(address + Long.BYTES, key.venue());
        }

        @Override
        public OrderKey read(long address) {
            return new OrderKey(UnsafeApi.getLong(address), UnsafeApi.getInt(address + Long.BYTES));
        }
    }

    private final Codec<OrderKey> codec = new OrderKeyCodec();

    @Property
    void aUserWrittenCompositeKeyCodecRoundTrips(@ForAll long venueOrderId, @ForAll int venue) {
        OrderKey key = new OrderKey(venueOrderId, venue);
        try (OffHeapSlot slot = OffHeapSlot.allocate(codec.width(), 4)) {
            codec.write(slot.address, key);
            assertEquals(key, codec.read(slot.address));
        }
    }

    @Property
    void equalOrderKeysEncodeToEqualBytes(@ForAll long venueOrderId, @ForAll int venue) {
        try (OffHeapSlot a = OffHeapSlot.allocate(12); OffHeapSlot b = OffHeapSlot.allocate(12)) {
            codec.write(a.address, new OrderKey(venueOrderId, venue));
            codec.write(b.address, new OrderKey(venueOrderId, venue));
            assertArrayEquals(a.bytes(), b.bytes());
        }
    }

    @Example
    void aUserWrittenCodecGetsTheDefaultAcceptsFromItsType() {
        assertTrue(codec.accepts(new OrderKey(1, 2)));
        assertFalse(codec.accepts(1L));
        assertFalse(codec.accepts(null));
        assertFalse(codec instanceof BitsCodec, "12 bytes is too wide to be compared as bits");
    }

    @Example
    void aUserWrittenCodecRejectsNullBeforeTouchingTheSlot() {
        try (OffHeapSlot slot = OffHeapSlot.allocate(12).fill((byte) 1)) {
            assertThrows(NullPointerException.class, () -> codec.write(slot.address, null));
            assertArrayEquals(new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, slot.bytes());
        }
    }
}
