package dev.tophash.engine;

import dev.tophash.codecs.Codec;
import dev.tophash.codecs.Codecs;
import java.util.UUID;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tophash.engine.MapAssertions.assertNamesNumber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An {@link OffHeapMap} builder refuses bad codec widths and sizes naming the bad value, and accepts its limits. */
@ExtendWith(NoLeaks.class)
class OffHeapMapConfigurationTest {

    /** A codec that declares any width, for configuration tests; never asked to encode. */
    static final class WidthCodec implements Codec<Long> {
        private final int width;

        WidthCodec(int width) {
            this.width = width;
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public String name() {
            return "width" + width;
        }

        @Override
        public Class<Long> type() {
            return Long.class;
        }

        @Override
        public void write(long address, Long value) {
            UnsafeApi.setMemory(address, width, (byte) 0);
            UnsafeApi.putLong(address, value);
        }

        @Override
        public Long read(long address) {
            return UnsafeApi.getLong(address);
        }
    }

    @Test
    void codecsOfWidthZeroAreRejectedNamingTheWidthAndTheLimit() {
        for (int width : new int[] {0, -8}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OffHeapMap.builder(new WidthCodec(width), Codecs.int64()).build());
            assertNamesNumber(e.getMessage(), width);
            assertNamesNumber(e.getMessage(), Codec.MAX_WIDTH);
            e = assertThrows(IllegalArgumentException.class,
                () -> OffHeapMap.builder(Codecs.int64(), new WidthCodec(width)).build());
            assertNamesNumber(e.getMessage(), width);
            assertNamesNumber(e.getMessage(), Codec.MAX_WIDTH);
        }
    }

    @Test
    void codecsWiderThan4096BytesAreRejectedNamingTheWidthAndTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OffHeapMap.builder(new WidthCodec(4097), Codecs.int64()).build());
        assertNamesNumber(e.getMessage(), 4097);
        assertNamesNumber(e.getMessage(), 4096);
        e = assertThrows(IllegalArgumentException.class,
            () -> OffHeapMap.builder(Codecs.uuid(), new WidthCodec(1 << 20)).build());
        assertNamesNumber(e.getMessage(), 1 << 20);
        assertNamesNumber(e.getMessage(), 4096);
    }

    @Test
    void codecsOfExactly4096BytesAreAcceptedAndWork() {
        try (OffHeapMap<byte[], Long> m = OffHeapMap.builder(Codecs.fixedBytes(4096), new WidthCodec(4096)).build()) {
            for (int i = 0; i < 20; i++) {
                byte[] key = new byte[4096];
                key[4095] = (byte) i;
                key[0] = (byte) (i * 3);
                m.put(key, (long) i);
            }
            for (int i = 0; i < 20; i++) {
                byte[] key = new byte[4096];
                key[4095] = (byte) i;
                key[0] = (byte) (i * 3);
                assertEquals((long) i, m.get(key));
            }
            assertEquals(20, m.size());
            TableChecker.check(m.table());
        }
    }

    @Test
    void aNegativeExpectedSizeIsRejectedNamingTheValue() {
        OffHeapMap.Builder<String, UUID> builder = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.expectedSize(-1));
        assertNamesNumber(e.getMessage(), -1);
        e = assertThrows(IllegalArgumentException.class, () -> builder.expectedSize(Long.MIN_VALUE));
        assertNamesNumber(e.getMessage(), Long.MIN_VALUE);
    }

    @Test
    void nullCodecsAreRejectedWithANullPointerException() {
        assertThrows(NullPointerException.class, () -> OffHeapMap.builder(null, Codecs.uuid()));
        assertThrows(NullPointerException.class, () -> OffHeapMap.builder(Codecs.uuid(), null));
        assertThrows(NullPointerException.class, () -> OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(null));
    }

    @Test
    void aBuilderMakesIndependentMaps() {
        OffHeapMap.Builder<Long, Long> builder = OffHeapMap.builder(Codecs.int64(), Codecs.int64()).expectedSize(10);
        try (OffHeapMap<Long, Long> a = builder.build(); OffHeapMap<Long, Long> b = builder.build()) {
            a.put(1L, 1L);
            assertTrue(b.isEmpty());
            b.put(1L, 2L);
            assertEquals(1L, a.get(1L));
        }
    }
}
