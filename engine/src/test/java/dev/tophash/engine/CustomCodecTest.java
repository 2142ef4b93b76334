package dev.tophash.engine;

import dev.tophash.codecs.BitsCodec;
import dev.tophash.codecs.Codec;
import dev.tophash.codecs.Codecs;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Codecs written by users, as the codec documentation invites: a 12-byte composite key through
 * the byte-key path, and enums and unsigned bytes in one byte through the {@link BitsCodec} path.
 */
@ExtendWith(NoLeaks.class)
class CustomCodecTest {

    /** A composite key: a venue's order id and the venue. */
    record OrderKey(long orderId, int venue) {
    }

    /** 12 bytes: the order id, then the venue, each in native byte order. */
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
            UnsafeApi.putLong(address, key.orderId());
            UnsafeApi.putInt(address + Long.BYTES, key.venue());
        }

        @Override
        public OrderKey read(long address) {
            return new OrderKey(UnsafeApi.getLong(address), UnsafeApi.getInt(address + Long.BYTES));
        }
    }

    /** Trading venues: a small enum, stored as its ordinal in one byte. */
    enum Venue { XLON, XPAR, XETR, XNYS, XNAS, BATS, CHIX, TRQX }

    /** One byte per venue: the ordinal, whose bits are already a sign-extended byte for under 128 constants. */
    static final class VenueCodec implements BitsCodec<Venue> {
        private static final Venue[] VENUES = Venue.values();

        @Override
        public int width() {
            return 1;
        }

        @Override
        public String name() {
            return "venue";
        }

        @Override
        public Class<Venue> type() {
            return Venue.class;
        }

        @Override
        public long toBits(Venue value) {
            return value.ordinal();
        }

        @Override
        public Venue fromBits(long bits) {
            return VENUES[(int) bits];
        }
    }

    /**
     * An unsigned byte, 0 to 255, in one byte: its bits are the byte read as signed, so half of
     * the values have negative bits, as {@link BitsCodec} requires.
     */
    static final class UnsignedByteCodec implements BitsCodec<Integer> {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public String name() {
            return "uint8";
        }

        @Override
        public Class<Integer> type() {
            return Integer.class;
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof Integer && (Integer) value >= 0 && (Integer) value <= 255;
        }

        @Override
        public long toBits(Integer value) {
            if (!accepts(value)) {
                throw new IllegalArgumentException("uint8 holds 0 to 255, got " + value);
            }
            return (byte) value.intValue();
        }

        @Override
        public Integer fromBits(long bits) {
            return (int) bits & 0xFF;
        }
    }

    @Test
    void aCompositeOrderKeyCodecHoldsAHundredThousandKeysThroughSeveralGrows() {
        try (OffHeapMap<OrderKey, Long> orders = OffHeapMap.builder(new OrderKeyCodec(), Codecs.int64()).seed(1).build()) {
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                assertNull(orders.put(key(i), (long) i));
            }
            assertEquals(n, orders.size());
            assertTrue(orders.stats().log2Buckets() >= 14, "the table grew from one bucket: " + orders.stats());
            for (int i = 0; i < n; i++) {
                assertEquals((long) i, orders.get(key(i)), "key " + i);
            }
            assertNull(orders.get(new OrderKey(0, 1)), "same order id on another venue is another key");
            assertNull(orders.get(new OrderKey(n, 0)));

            for (int i = 0; i < n; i += 2) {
                assertEquals((long) i, orders.remove(key(i)));
            }
            assertEquals(n / 2, orders.size());
            assertEquals(n / 2, TableChecker.check(orders.table()));
            for (int i = 0; i < n; i++) {
                assertEquals(i % 2 == 0 ? null : (Long) (long) i, orders.get(key(i)), "key " + i);
            }
            Map<OrderKey, Long> seen = new HashMap<>();
            for (Map.Entry<OrderKey, Long> e : orders.entrySet()) {
                assertNull(seen.put(e.getKey(), e.getValue()), "returned twice: " + e.getKey());
            }
            assertEquals(n / 2, seen.size());
            for (Map.Entry<OrderKey, Long> e : seen.entrySet()) {
                assertEquals(e.getKey(), key(e.getValue().intValue()), "the key decodes to what was written");
            }
        }
    }

    /** key spreads order ids over a wide range and venues over a few values, both signs included. */
    private static OrderKey key(int i) {
        return new OrderKey(i * 0x9E3779B97F4A7C15L, i % 7 - 3);
    }

    @Test
    void anOrderKeyMapAnswersAbsentForOtherTypesAndEqualsAHashMap() {
        try (OffHeapMap<OrderKey, Long> orders = OffHeapMap.builder(new OrderKeyCodec(), Codecs.int64()).build()) {
            Map<OrderKey, Long> h = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                orders.put(key(i), (long) -i);
                h.put(key(i), (long) -i);
            }
            assertEquals(h, orders);
            assertEquals(orders, h);
            assertEquals(h.hashCode(), orders.hashCode());
            assertNull(orders.get("not an order key"));
            assertFalse(orders.containsKey(null));
            assertThrows(NullPointerException.class, () -> orders.put(null, 1L));
            assertEquals(300, orders.size());
        }
    }

    @Test
    void anEnumStoredInOneByteIsAUsableKey() {
        try (OffHeapMap<Venue, Long> volume = OffHeapMap.builder(new VenueCodec(), Codecs.int64()).build()) {
            assertTrue(volume.table().keys().bits, "a one-byte BitsCodec takes the bits path");
            Map<Venue, Long> expected = new EnumMap<>(Venue.class);
            for (int i = 0; i < 1000; i++) {
                Venue v = Venue.values()[i * 5 % Venue.values().length];
                volume.merge(v, (long) i, Long::sum);
                expected.merge(v, (long) i, Long::sum);
            }
            assertEquals(Venue.values().length, volume.size());
            assertEquals(expected, volume);
            assertEquals(volume, expected);
            assertEquals(expected.keySet(), volume.keySet());
            assertEquals(expected.get(Venue.XPAR), volume.remove(Venue.XPAR));
            assertFalse(volume.containsKey(Venue.XPAR));
            assertNull(volume.get("XPAR"));
            assertEquals(Venue.values().length - 1, TableChecker.check(volume.table()));
        }
    }

    @Test
    void aOneByteBitsCodecWithNegativeBitsFindsAll256KeysThroughGrows() {
        try (OffHeapMap<Integer, Long> m = OffHeapMap.builder(new UnsignedByteCodec(), Codecs.int64()).seed(5).build()) {
            for (int i = 0; i < 256; i++) {
                assertNull(m.put(i, (long) i * i));
            }
            assertEquals(256, m.size());
            // 6.5 * 2^5 = 208 < 256 <= 6.5 * 2^6
            assertEquals(6, m.stats().log2Buckets());
            for (int i = 0; i < 256; i++) {
                assertEquals((long) i * i, m.get(i), "key " + i);
                assertEquals((long) i * i, m.put(i, (long) i * i), "an overwrite finds key " + i);
            }
            assertEquals(256, m.size(), "no key was inserted twice");
            assertNull(m.get(256), "a key the codec does not accept is absent");
            assertNull(m.get(-1));
            assertThrows(IllegalArgumentException.class, () -> m.put(256, 0L));
            assertEquals(256, m.keySet().stream().distinct().count());
            for (int i = 128; i < 256; i++) {
                assertEquals((long) i * i, m.remove(i));
            }
            assertEquals(128, TableChecker.check(m.table()));
            for (int i = 0; i < 256; i++) {
                assertEquals(i < 128, m.containsKey(i), "key " + i);
            }
        }
    }
}
