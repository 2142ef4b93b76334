package dev.tophash.engine;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code equals}, {@code hashCode} and {@code toString} of {@link OffHeapMap} against
 * {@link HashMap} and a {@link LongLongMap} view, on every backend.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapEqualityTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void equalsAndHashCodeAgreeWithAHashMapOfTheSameEntriesInBothDirections(MapBackend backend) {
        try (OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir)) {
            Map<String, UUID> h = new HashMap<>();
            assertEquals(h, m);
            assertEquals(m, h);
            assertEquals(h.hashCode(), m.hashCode());
            for (int i = 0; i < 500; i++) {
                m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                h.put(SYMBOLS.key(i), SYMBOLS.value(i));
            }
            assertTrue(m.equals(h));
            assertTrue(h.equals(m));
            assertEquals(h.hashCode(), m.hashCode());
            assertEquals(h.keySet(), m.keySet());
            assertEquals(m.keySet(), h.keySet());
            assertEquals(h.entrySet(), m.entrySet());
            assertEquals(m.entrySet(), h.entrySet());
            assertEquals(h.keySet().hashCode(), m.keySet().hashCode());
            assertEquals(h.entrySet().hashCode(), m.entrySet().hashCode());
            assertTrue(m.equals(m));
            assertFalse(m.equals(null));
            assertFalse(m.equals("a string"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void mapsThatDifferInOneValueOrOneKeyAreNotEqualInEitherDirection(MapBackend backend) {
        try (OffHeapMap<Long, Long> m = LONGS.on(backend).newMap(dir)) {
            Map<Long, Long> h = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                m.put(LONGS.key(i), LONGS.value(i));
                h.put(LONGS.key(i), LONGS.value(i));
            }
            assertEquals(h, m);
            h.put(LONGS.key(5), 12345L);
            assertNotEquals(h, m);
            assertNotEquals(m, h);
            h.put(LONGS.key(5), LONGS.value(5));
            h.remove(LONGS.key(6));
            h.put(-1L, LONGS.value(6)); // same size, one other key
            assertNotEquals(h, m);
            assertNotEquals(m, h);
            h.remove(-1L);
            assertNotEquals(h, m, "one entry fewer");
            assertNotEquals(m, h, "one entry more");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void toStringListsTheSameEntriesAsAHashMap(MapBackend backend) {
        try (OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir)) {
            assertEquals("{}", m.toString());
            UUID id = uuid(1);
            m.put("VOD.L", id);
            assertEquals("{VOD.L=" + id + "}", m.toString());
            Map<String, UUID> h = new HashMap<>();
            h.put("VOD.L", id);
            for (int i = 0; i < 40; i++) {
                m.put(SYMBOLS.key(i), SYMBOLS.value(i));
                h.put(SYMBOLS.key(i), SYMBOLS.value(i));
            }
            assertEquals(entriesIn(h.toString()), entriesIn(m.toString()), "same entries, in another order");
            assertEquals(h.toString().length(), m.toString().length());
        }
    }

    private Set<String> entriesIn(String text) {
        assertTrue(text.startsWith("{") && text.endsWith("}"), text);
        return new HashSet<>(Arrays.asList(text.substring(1, text.length() - 1).split(", ")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void anOffHeapMapEqualsALongLongMapViewWithTheSameEntries(MapBackend backend) {
        try (OffHeapMap<Long, Long> m = LONGS.on(backend).newMap(dir);
             LongLongMap p = backend.configure(LongLongMap.builder().seed(7), dir).build()) {
            for (int i = 0; i < 1000; i++) {
                m.put(LONGS.key(i), LONGS.value(i));
                p.put(LONGS.key(i), LONGS.value(i));
            }
            Map<Long, Long> view = p.asMap();
            assertTrue(m.equals(view));
            assertTrue(view.equals(m));
            assertEquals(view.hashCode(), m.hashCode());
            p.put(LONGS.key(3), 0);
            assertFalse(m.equals(view));
            assertFalse(view.equals(m));
        }
    }
}
