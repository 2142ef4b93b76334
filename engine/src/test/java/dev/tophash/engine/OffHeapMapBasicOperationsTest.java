package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.tophash.engine.MapAssertions.assertHolds;
import static dev.tophash.engine.MapAssertions.assertSameContent;
import static dev.tophash.engine.MapFixture.LONGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The basic {@code java.util.Map} operations of {@link OffHeapMap} (put, get, remove,
 * containsKey, containsValue, size, clear, putAll) against a model, for every codec pair on
 * every backend.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapBasicOperationsTest {
    @TempDir
    Path dir;

    @Test
    void quickStartFromTheJavadocStoresAndReturnsAUuidBySymbol() {
        UUID id = UUID.randomUUID();
        try (OffHeapMap<String, UUID> bySymbol = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid()).build()) {
            assertNull(bySymbol.put("VOD.L", id));
            assertEquals(id, bySymbol.get("VOD.L"));
            assertEquals(1, bySymbol.size());
            assertNull(bySymbol.get("BARC.L"));
        }
    }

    /** Guards the other tests of this kind: a backend that quietly stayed in memory would prove nothing. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void onlyTheFileBackedBackendKeepsItsEntriesInAFileThatReopens(MapBackend backend) throws IOException {
        try (OffHeapMap<Long, Long> m = LONGS.on(backend).newMap(dir)) {
            m.put(1L, 2L);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        }
        assertEquals(backend == MapBackend.FILE_BACKED ? 1 : 0, files.size(), "files in " + dir + ": " + files);
        for (Path file : files) {
            try (OffHeapMap<Long, Long> reopened = OffHeapMap.open(file, Codecs.int64(), Codecs.int64())) {
                assertEquals(Map.of(1L, 2L), reopened);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void putGetRemoveAndContainsKeyAgreeWithAModelThroughSeveralGrows(MapFixture<K, V> f) {
        int n = 3000;
        try (OffHeapMap<K, V> m = f.newMap(dir)) {
            Map<Integer, Integer> model = new HashMap<>();
            for (int i = 0; i < n; i++) {
                assertNull(m.put(f.key(i), f.value(i)), "put of new key " + i);
                model.put(i, i);
            }
            assertTrue(m.stats().log2Buckets() >= 8, "3000 entries need at least 2^8 buckets: " + m.stats());
            for (int i = 0; i < n; i += 3) {
                assertSameContent(f.value(i), m.put(f.key(i), f.value(n + i)), "put over key " + i);
                model.put(i, n + i);
            }
            for (int i = 0; i < n; i += 2) {
                assertSameContent(f.value(model.get(i)), m.remove(f.key(i)), "remove of key " + i);
                model.remove(i);
                assertNull(m.remove(f.key(i)), "a second remove of key " + i);
            }
            assertHolds(f, model, n + 10, m);
            TableChecker.check(m.table());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void putOverAnExistingKeyReturnsThePreviousValueAndKeepsOneEntry(MapFixture<K, V> f) {
        try (OffHeapMap<K, V> m = f.newMap(dir)) {
            assertNull(m.put(f.key(7), f.value(1)));
            assertSameContent(f.value(1), m.put(f.key(7), f.value(2)), "first overwrite");
            assertSameContent(f.value(2), m.put(f.key(7), f.value(3)), "second overwrite");
            assertEquals(1, m.size());
            assertSameContent(f.value(3), m.get(f.key(7)), "the last value wins");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void sizeAndIsEmptyFollowInsertsAndRemoves(MapFixture<K, V> f) {
        try (OffHeapMap<K, V> m = f.newMap(dir)) {
            assertTrue(m.isEmpty());
            assertEquals(0, m.size());
            for (int i = 0; i < 100; i++) {
                m.put(f.key(i), f.value(i));
                assertEquals(i + 1, m.size());
                assertEquals(i + 1, m.longSize());
                assertFalse(m.isEmpty());
            }
            for (int i = 0; i < 100; i++) {
                m.remove(f.key(i));
                assertEquals(99 - i, m.size());
            }
            assertTrue(m.isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void clearEmptiesTheMapKeepsItsBucketsAndLeavesItUsable(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 1000, model)) {
            int b = m.stats().log2Buckets();
            m.clear();
            model.clear();
            assertHolds(f, model, 1000, m);
            assertEquals(b, m.stats().log2Buckets(), "clear keeps B, as Go does");
            TableChecker.check(m.table());
            for (int i = 500; i < 700; i++) {
                m.put(f.key(i), f.value(i));
                model.put(i, i);
            }
            assertHolds(f, model, 1000, m);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void putAllCopiesEveryEntryOfAnotherMapOverwritingSharedKeys(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 100, model); OffHeapMap<K, V> source = f.newMap(dir)) {
            for (int i = 50; i < 300; i++) {
                source.put(f.key(i), f.value(1000 + i));
                model.put(i, 1000 + i);
            }
            m.putAll(source);
            assertHolds(f, model, 300, m);
            assertEquals(250, source.size(), "the source is not changed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#pairsWithValueEqualityOnEveryBackend")
    <K, V> void containsValueFindsStoredValuesOnly(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 200, model)) {
            assertTrue(m.containsValue(f.value(0)));
            assertTrue(m.containsValue(f.value(199)));
            assertFalse(m.containsValue(f.value(200)));
            assertFalse(m.containsValue(null));
            assertFalse(m.containsValue("not a value of this map"));
            m.remove(f.key(199));
            assertFalse(m.containsValue(f.value(199)));
        }
    }
}
