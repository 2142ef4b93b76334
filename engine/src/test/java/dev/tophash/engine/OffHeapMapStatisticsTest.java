package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.tophash.engine.MapFixture.LONGS;
import static dev.tophash.engine.MapFixture.SYMBOLS;
import static dev.tophash.engine.MapFixture.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link MapStats} of an {@link OffHeapMap} on every backend: size, buckets, load factor and off-heap bytes. */
@ExtendWith(NoLeaks.class)
class OffHeapMapStatisticsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void statsReportSizeBucketsAndOffHeapBytesAfterInserts(MapBackend backend) {
        try (OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir)) {
            MapStats empty = m.stats();
            assertEquals(0, empty.size());
            assertEquals(0, empty.log2Buckets());
            assertEquals(1, empty.bucketCount());
            assertTrue(empty.offHeapBytes() > 0);
            for (int i = 0; i < 1000; i++) {
                m.put(SYMBOLS.key(i), SYMBOLS.value(i));
            }
            MapStats s = m.stats();
            assertEquals(1000, s.size());
            // 6.5 * 2^7 = 832 < 1000 <= 6.5 * 2^8 = 1664
            assertEquals(8, s.log2Buckets(), s.toString());
            assertEquals(256, s.bucketCount());
            assertTrue(s.offHeapBytes() >= 256L * (8 + 8 * 12 + 8 * 16 + 8), s.toString());
            assertEquals(1000.0 / 256, s.loadFactor(), 1e-12);
            m.put(SYMBOLS.key(0), uuid(0));
            assertEquals(1000, m.stats().size(), "an overwrite is not an insert");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void theLoadFactorIsAtMostSixAndAHalfWheneverTheMapIsNotGrowing(MapBackend backend) {
        try (OffHeapMap<Long, Long> m = LONGS.on(backend).newMap(dir)) {
            int checked = 0;
            for (int i = 0; i < 30_000; i++) {
                m.put(LONGS.key(i), LONGS.value(i));
                MapStats s = m.stats();
                assertEquals(i + 1, s.size());
                // Go lets a single bucket (B = 0) fill all eight slots before the first grow.
                if (!s.growing() && s.log2Buckets() > 0) {
                    assertTrue(s.loadFactor() <= 6.5, s.toString());
                    checked++;
                }
            }
            assertTrue(checked > 20_000, "most steps are outside a grow: " + checked);
            assertEquals(13, m.stats().log2Buckets(), "6.5 * 2^12 < 30000 <= 6.5 * 2^13");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void expectedSizeMakesRoomForThatManyEntriesWithoutAGrow(MapBackend backend) {
        OffHeapMap.Builder<String, UUID> builder = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid()).expectedSize(1000);
        try (OffHeapMap<String, UUID> m = backend.configure(builder, dir).build()) {
            assertEquals(8, m.stats().log2Buckets());
            for (int i = 0; i < 1000; i++) {
                m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                assertFalse(m.stats().growing());
            }
            assertEquals(8, m.stats().log2Buckets());
        }
    }
}
