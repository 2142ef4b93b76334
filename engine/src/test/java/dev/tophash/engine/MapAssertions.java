package dev.tophash.engine;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparisons of a map's content with a model, where keys and values may be arrays (compared by
 * content), and of exception messages with the values they must name.
 */
final class MapAssertions {
    private MapAssertions() {
    }

    /** norm turns arrays into comparable text so keys and values compare by content. */
    static Object norm(Object o) {
        return o instanceof byte[] ? "bytes " + HexFormat.of().formatHex((byte[]) o) : o;
    }

    static void assertSameContent(Object expected, Object actual, String message) {
        assertEquals(norm(expected), norm(actual), message);
    }

    /** snapshot iterates the map once, failing on a key returned twice, into a normalised HashMap. */
    static Map<Object, Object> snapshot(Map<?, ?> m) {
        Map<Object, Object> copy = new HashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object previous = copy.put(norm(e.getKey()), norm(e.getValue()));
            assertNull(previous, "the iteration returned key " + norm(e.getKey()) + " twice");
        }
        return copy;
    }

    /** expected is the normalised content a model of indexes stands for. */
    static <K, V> Map<Object, Object> expected(MapFixture<K, V> f, Map<Integer, Integer> model) {
        Map<Object, Object> copy = new HashMap<>();
        model.forEach((k, v) -> copy.put(norm(f.key(k)), norm(f.value(v))));
        return copy;
    }

    /** assertHolds checks size, every lookup of indexes [0, range) and one full iteration. */
    static <K, V> void assertHolds(MapFixture<K, V> f, Map<Integer, Integer> model, int range, OffHeapMap<K, V> m) {
        assertEquals(model.size(), m.size(), "size");
        assertEquals(model.isEmpty(), m.isEmpty(), "isEmpty");
        for (int i = 0; i < range; i++) {
            Integer v = model.get(i);
            assertEquals(v != null, m.containsKey(f.key(i)), "containsKey of key " + i);
            assertSameContent(v == null ? null : f.value(v), m.get(f.key(i)), "get of key " + i);
        }
        assertEquals(expected(f, model), snapshot(m), "the entries an iteration returns");
    }

    /** assertNamesNumber checks that {@code message} holds {@code number} as a whole number, not as part of another. */
    static void assertNamesNumber(String message, long number) {
        assertTrue(Pattern.compile("(?<![\\d-])" + Pattern.quote(Long.toString(number)) + "(?!\\d)").matcher(message).find(),
            "the message names " + number + ": " + message);
    }
}
