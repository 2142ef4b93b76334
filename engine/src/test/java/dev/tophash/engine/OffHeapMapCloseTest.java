package dev.tophash.engine;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.tophash.engine.MapFixture.BYTES_TO_DOUBLES;
import static dev.tophash.engine.MapFixture.SYMBOLS;
import static dev.tophash.engine.MapFixture.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing an {@link OffHeapMap}: every later call, through the map, its views or its iterators,
 * throws {@link IllegalStateException}, and every off-heap byte is freed, on every backend.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapCloseTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void everyMapMethodThrowsIllegalStateAfterClose(MapBackend backend) {
        OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir);
        m.put("A", uuid(1));
        m.close();
        Map<String, UUID> other = Map.of("A", uuid(1));
        assertThrows(IllegalStateException.class, () -> m.get("A"));
        assertThrows(IllegalStateException.class, () -> m.containsKey("A"));
        assertThrows(IllegalStateException.class, () -> m.containsValue(uuid(1)));
        assertThrows(IllegalStateException.class, () -> m.put("A", uuid(2)));
        assertThrows(IllegalStateException.class, () -> m.put("B", uuid(2)));
        assertThrows(IllegalStateException.class, () -> m.remove("A"));
        assertThrows(IllegalStateException.class, () -> m.remove("A", uuid(1)));
        assertThrows(IllegalStateException.class, m::size);
        assertThrows(IllegalStateException.class, m::longSize);
        assertThrows(IllegalStateException.class, m::isEmpty);
        assertThrows(IllegalStateException.class, m::clear);
        assertThrows(IllegalStateException.class, () -> m.putAll(other));
        assertThrows(IllegalStateException.class, () -> m.putIfAbsent("B", uuid(2)));
        assertThrows(IllegalStateException.class, () -> m.getOrDefault("A", uuid(3)));
        assertThrows(IllegalStateException.class, () -> m.compute("A", (k, v) -> uuid(3)));
        assertThrows(IllegalStateException.class, () -> m.computeIfAbsent("B", k -> uuid(3)));
        assertThrows(IllegalStateException.class, () -> m.computeIfPresent("A", (k, v) -> uuid(3)));
        assertThrows(IllegalStateException.class, () -> m.merge("A", uuid(3), (a, b) -> b));
        assertThrows(IllegalStateException.class, () -> m.replace("A", uuid(3)));
        assertThrows(IllegalStateException.class, () -> m.replace("A", uuid(1), uuid(3)));
        assertThrows(IllegalStateException.class, () -> m.replaceAll((k, v) -> v));
        assertThrows(IllegalStateException.class, () -> m.forEach((k, v) -> { }));
        assertThrows(IllegalStateException.class, m::stats);
        assertThrows(IllegalStateException.class, m::hashCode);
        assertThrows(IllegalStateException.class, m::toString);
        assertThrows(IllegalStateException.class, () -> m.equals(other));
        assertThrows(IllegalStateException.class, () -> m.keySet().size());
        assertThrows(IllegalStateException.class, () -> m.keySet().iterator().hasNext());
        assertThrows(IllegalStateException.class, () -> m.values().contains(uuid(1)));
        assertThrows(IllegalStateException.class, () -> m.entrySet().iterator().next());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void viewsAndIteratorsMadeBeforeCloseThrowIllegalStateAfterIt(MapBackend backend) {
        OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir);
        for (int i = 0; i < 100; i++) {
            m.put(SYMBOLS.key(i), SYMBOLS.value(i));
        }
        Set<String> keys = m.keySet();
        Collection<UUID> values = m.values();
        Set<Map.Entry<String, UUID>> entries = m.entrySet();
        Iterator<String> fresh = keys.iterator();
        Iterator<UUID> started = values.iterator();
        started.next();
        Iterator<Map.Entry<String, UUID>> entryIterator = entries.iterator();
        Map.Entry<String, UUID> entry = entryIterator.next();
        m.close();

        assertThrows(IllegalStateException.class, keys::size);
        assertThrows(IllegalStateException.class, keys::isEmpty);
        assertThrows(IllegalStateException.class, () -> keys.contains("S.1"));
        assertThrows(IllegalStateException.class, () -> keys.remove("S.1"));
        assertThrows(IllegalStateException.class, keys::clear);
        assertThrows(IllegalStateException.class, keys::iterator);
        assertThrows(IllegalStateException.class, values::size);
        assertThrows(IllegalStateException.class, () -> values.contains(uuid(1)));
        assertThrows(IllegalStateException.class, values::iterator);
        assertThrows(IllegalStateException.class, values::clear);
        assertThrows(IllegalStateException.class, entries::size);
        assertThrows(IllegalStateException.class, () -> entries.contains(entry));
        assertThrows(IllegalStateException.class, () -> entries.remove(entry));
        assertThrows(IllegalStateException.class, entries::iterator);
        assertThrows(IllegalStateException.class, fresh::hasNext);
        assertThrows(IllegalStateException.class, fresh::next);
        assertThrows(IllegalStateException.class, started::hasNext);
        assertThrows(IllegalStateException.class, started::next);
        assertThrows(IllegalStateException.class, started::remove);
        assertThrows(IllegalStateException.class, entryIterator::remove);
        assertThrows(IllegalStateException.class, () -> entry.setValue(uuid(5)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void anIteratorThatHasAlreadyLookedAheadStillThrowsAfterClose(MapBackend backend) {
        OffHeapMap<String, UUID> m = SYMBOLS.on(backend).newMap(dir);
        m.put("A", uuid(1));
        m.put("B", uuid(2));
        Iterator<Map.Entry<String, UUID>> it = m.entrySet().iterator();
        assertTrue(it.hasNext()); // decodes the next entry ahead of next()
        m.close();
        assertThrows(IllegalStateException.class, it::next, "next() after close must not return an entry");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void closeFreesEveryByteAndClosingTwiceIsHarmless(MapBackend backend) {
        long start = OffHeapMemory.allocatedBytes();
        OffHeapMap<byte[], Double> m = BYTES_TO_DOUBLES.on(backend).newMap(dir);
        for (int i = 0; i < 5000; i++) {
            m.put(BYTES_TO_DOUBLES.key(i), BYTES_TO_DOUBLES.value(i));
        }
        Iterator<byte[]> abandoned = m.keySet().iterator(); // pins the generation it started on
        abandoned.next();
        for (int i = 5000; i < 20000; i++) {
            m.put(BYTES_TO_DOUBLES.key(i), BYTES_TO_DOUBLES.value(i));
        }
        assertTrue(OffHeapMemory.allocatedBytes() > start);
        assertEquals(OffHeapMemory.allocatedBytes() - start, m.stats().offHeapBytes(),
            "stats count every byte the map holds, a pinned generation included");
        m.close();
        assertEquals(start, OffHeapMemory.allocatedBytes());
        m.close();
        assertEquals(start, OffHeapMemory.allocatedBytes());
        assertThrows(IllegalStateException.class, abandoned::hasNext);
    }
}
