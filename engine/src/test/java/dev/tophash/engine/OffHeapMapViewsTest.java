package dev.tophash.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.tophash.engine.MapAssertions.assertHolds;
import static dev.tophash.engine.MapAssertions.assertSameContent;
import static dev.tophash.engine.MapAssertions.expected;
import static dev.tophash.engine.MapAssertions.norm;
import static dev.tophash.engine.MapFixture.LONGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live views of {@link OffHeapMap} ({@code keySet()}, {@code values()}, {@code entrySet()})
 * and their iterators: reads and writes in both directions, bulk operations, iterator removal,
 * for every codec pair on every backend.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapViewsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#pairsWithValueEqualityOnEveryBackend")
    <K, V> void keySetValuesAndEntrySetAreLiveInBothDirections(MapFixture<K, V> f) {
        try (OffHeapMap<K, V> m = f.newMap(dir)) {
            Set<K> keys = m.keySet();
            Collection<V> values = m.values();
            Set<Map.Entry<K, V>> entries = m.entrySet();
            assertTrue(keys.isEmpty());
            assertTrue(values.isEmpty());
            assertTrue(entries.isEmpty());

            m.put(f.key(1), f.value(1));
            m.put(f.key(2), f.value(2));
            assertEquals(2, keys.size());
            assertEquals(2, values.size());
            assertEquals(2, entries.size());
            assertTrue(keys.contains(f.key(1)));
            assertFalse(keys.contains(f.key(3)));
            assertTrue(values.contains(f.value(2)));
            assertFalse(values.contains(f.value(3)));
            assertTrue(entries.contains(Map.entry(f.key(1), f.value(1))));

            m.put(f.key(1), f.value(11));
            assertTrue(values.contains(f.value(11)), "an overwrite shows in values()");
            assertFalse(values.contains(f.value(1)));
            assertFalse(entries.contains(Map.entry(f.key(1), f.value(1))));
            assertTrue(entries.contains(Map.entry(f.key(1), f.value(11))));

            assertTrue(keys.remove(f.key(1)));
            assertFalse(m.containsKey(f.key(1)), "a removal through keySet() shows in the map");
            assertEquals(1, m.size());
            assertEquals(1, values.size());
            assertTrue(values.remove(f.value(2)));
            assertTrue(m.isEmpty(), "a removal through values() shows in the map");
            assertTrue(entries.isEmpty());
            assertEquals(0, keys.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void everyIteratorReturnsEachEntryOnceThenThrowsNoSuchElement(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 700, model)) {
            Map<Object, Object> expected = expected(f, model);

            Set<Object> keys = new HashSet<>();
            Iterator<K> ki = m.keySet().iterator();
            while (ki.hasNext()) {
                assertTrue(keys.add(norm(ki.next())), "keySet returned a key twice");
            }
            assertEquals(expected.keySet(), keys);
            assertFalse(ki.hasNext());
            assertThrows(NoSuchElementException.class, ki::next);

            List<Object> values = new ArrayList<>();
            Iterator<V> vi = m.values().iterator();
            while (vi.hasNext()) {
                values.add(norm(vi.next()));
            }
            assertEquals(700, values.size());
            assertEquals(new HashSet<>(expected.values()), new HashSet<>(values));
            assertThrows(NoSuchElementException.class, vi::next);

            Iterator<Map.Entry<K, V>> ei = m.entrySet().iterator();
            Map<Object, Object> entries = new HashMap<>();
            for (int i = 0; i < 700; i++) {
                Map.Entry<K, V> e = ei.next(); // next() without hasNext() also works
                assertNull(entries.put(norm(e.getKey()), norm(e.getValue())), "entrySet returned a key twice");
            }
            assertEquals(expected, entries);
            assertFalse(ei.hasNext());
            assertThrows(NoSuchElementException.class, ei::next);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void iteratorsOfAnEmptyMapHaveNoNextAndThrowNoSuchElement(MapFixture<K, V> f) {
        try (OffHeapMap<K, V> m = f.newMap(dir)) {
            Iterator<K> ki = m.keySet().iterator();
            Iterator<V> vi = m.values().iterator();
            Iterator<Map.Entry<K, V>> ei = m.entrySet().iterator();
            assertFalse(ki.hasNext());
            assertFalse(vi.hasNext());
            assertFalse(ei.hasNext());
            assertThrows(NoSuchElementException.class, ki::next);
            assertThrows(NoSuchElementException.class, vi::next);
            assertThrows(NoSuchElementException.class, ei::next);
            assertThrows(IllegalStateException.class, ki::remove);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void iteratorRemoveDeletesTheLastReturnedEntryAndRefusesWithoutNextOrTwice(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 50, model)) {
            List<Iterator<?>> iterators = List.of(m.keySet().iterator(), m.values().iterator(), m.entrySet().iterator());
            int size = 50;
            for (Iterator<?> it : iterators) {
                assertThrows(IllegalStateException.class, it::remove, "remove before next");
                assertEquals(size, m.size(), "a refused remove changes nothing");
                it.next();
                it.remove();
                size--;
                assertEquals(size, m.size());
                assertThrows(IllegalStateException.class, it::remove, "remove twice");
                assertEquals(size, m.size(), "a refused remove changes nothing");
                it.next();
                it.remove();
                size--;
                assertEquals(size, m.size(), "remove works again after next");
            }
            Iterator<Map.Entry<K, V>> ei = m.entrySet().iterator();
            Map.Entry<K, V> e = ei.next();
            ei.remove();
            assertFalse(m.containsKey(e.getKey()), "the removed entry is the one next() returned");
            assertEquals(size - 1, m.size());
            TableChecker.check(m.table());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void removingEveryEntryThroughAnIteratorDuringAGrowEmptiesTheMap(MapFixture<K, V> f) {
        try (OffHeapMap<K, V> m = f.newMap(dir)) {
            Map<Integer, Integer> model = new HashMap<>();
            int i = 0;
            while (i < 100 || !m.stats().growing()) {
                m.put(f.key(i), f.value(i));
                model.put(i, i);
                i++;
            }
            assertTrue(m.stats().growing());
            Map<Object, Object> expected = expected(f, model);
            Map<Object, Object> seen = new HashMap<>();
            for (Iterator<Map.Entry<K, V>> it = m.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<K, V> e = it.next();
                assertNull(seen.put(norm(e.getKey()), norm(e.getValue())), "returned twice: " + norm(e.getKey()));
                it.remove();
                TableChecker.check(m.table());
            }
            assertEquals(expected, seen, "every entry present throughout is returned once");
            assertTrue(m.isEmpty());
            assertEquals(0, TableChecker.check(m.table()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void entrySetValueWritesThroughAndReturnsTheOldValue(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 300, model)) {
            Map<Object, Integer> indexOfKey = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                indexOfKey.put(norm(f.key(i)), i);
            }
            for (Map.Entry<K, V> e : m.entrySet()) {
                int i = indexOfKey.get(norm(e.getKey()));
                assertSameContent(f.value(i), e.setValue(f.value(5000 + i)), "setValue returns the old value");
                assertSameContent(f.value(5000 + i), e.getValue(), "the entry shows the new value");
                model.put(i, 5000 + i);
            }
            assertHolds(f, model, 300, m);
            assertThrows(NullPointerException.class, () -> m.entrySet().iterator().next().setValue(null));
            assertHolds(f, model, 300, m);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#pairsWithValueEqualityOnEveryBackend")
    <K, V> void removeThroughEachViewRemovesOnlyWhatMatches(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 20, model)) {
            assertTrue(m.keySet().remove(f.key(0)));
            model.remove(0);
            assertFalse(m.keySet().remove(f.key(0)), "a second removal finds nothing");
            assertFalse(m.keySet().remove(null));
            assertFalse(m.keySet().remove("wrong type"));

            assertTrue(m.values().remove(f.value(1)));
            model.remove(1);
            assertFalse(m.values().remove(f.value(1)));

            assertFalse(m.entrySet().remove(Map.entry(f.key(2), f.value(3))), "same key, other value");
            assertTrue(m.containsKey(f.key(2)));
            assertTrue(m.entrySet().remove(Map.entry(f.key(2), f.value(2))));
            model.remove(2);
            assertFalse(m.entrySet().remove("not an entry"));

            m.put(f.key(3), f.value(4)); // now keys 3 and 4 share a value: values().remove takes one
            model.put(3, 4);
            assertTrue(m.values().remove(f.value(4)));
            assertTrue(m.containsKey(f.key(3)) ^ m.containsKey(f.key(4)), "exactly one of the two is removed");
            model.remove(m.containsKey(f.key(3)) ? 4 : 3);
            assertHolds(f, model, 20, m);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void retainAllAndRemoveAllOnTheKeySetChangeTheMap(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 200, model)) {
            Set<K> keep = f.newKeySet();
            for (int i = 0; i < 300; i += 2) {
                keep.add(f.key(i)); // half of them are not in the map
            }
            assertTrue(m.keySet().retainAll(keep));
            model.keySet().removeIf(i -> i % 2 != 0);
            assertHolds(f, model, 300, m);
            assertFalse(m.keySet().retainAll(keep), "nothing left to remove");

            Set<K> few = f.newKeySet(); // smaller than the map: removeAll walks the argument
            few.add(f.key(0));
            few.add(f.key(2));
            few.add(f.key(1)); // absent
            assertTrue(m.keySet().removeAll(few));
            model.remove(0);
            model.remove(2);
            assertHolds(f, model, 300, m);

            Set<K> many = f.newKeySet(); // larger than the map: removeAll walks the map
            for (int i = 4; i < 1000; i += 4) {
                many.add(f.key(i));
            }
            assertTrue(m.keySet().removeAll(many));
            model.keySet().removeIf(i -> i % 4 == 0);
            assertHolds(f, model, 300, m);
            assertFalse(m.keySet().removeAll(many));
            TableChecker.check(m.table());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#pairsWithValueEqualityOnEveryBackend")
    <K, V> void retainAllAndRemoveAllOnValuesAndEntriesChangeTheMap(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 120, model); OffHeapMap<K, V> other = f.newMap(dir)) {
            List<V> values = new ArrayList<>();
            for (int i = 0; i < 120; i += 3) {
                values.add(f.value(i));
            }
            assertTrue(m.values().removeAll(values));
            model.keySet().removeIf(i -> i % 3 == 0);
            assertHolds(f, model, 120, m);

            List<V> kept = new ArrayList<>();
            for (int i = 0; i < 120; i += 2) {
                kept.add(f.value(i));
            }
            assertTrue(m.values().retainAll(kept));
            model.keySet().removeIf(i -> i % 2 != 0);
            assertHolds(f, model, 120, m);

            // other holds some entries of m, and some of m's keys with other values
            for (int i = 0; i < 120; i += 4) {
                other.put(f.key(i), f.value(i));
                other.put(f.key(i + 2), f.value(999));
            }
            assertTrue(m.entrySet().removeAll(other.entrySet()));
            model.keySet().removeIf(i -> i % 4 == 0);
            assertHolds(f, model, 120, m);

            other.clear();
            other.put(f.key(10), f.value(10));
            other.put(f.key(14), f.value(999));
            assertTrue(m.entrySet().retainAll(other.entrySet()));
            model.keySet().removeIf(i -> i != 10);
            assertHolds(f, model, 120, m);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tophash.engine.MapFixture#everyPairOnEveryBackend")
    <K, V> void clearingAnyViewClearsTheMap(MapFixture<K, V> f) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<K, V> m = f.filled(dir, 30, model)) {
            m.keySet().clear();
            assertTrue(m.isEmpty());
            m.put(f.key(1), f.value(1));
            m.values().clear();
            assertTrue(m.isEmpty());
            m.put(f.key(1), f.value(1));
            m.entrySet().clear();
            assertTrue(m.isEmpty());
            assertFalse(m.entrySet().iterator().hasNext());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MapBackend.class)
    void anIterationEndsWhenTheMapIsCleared(MapBackend backend) {
        Map<Integer, Integer> model = new HashMap<>();
        try (OffHeapMap<Long, Long> m = LONGS.on(backend).filled(dir, 100, model)) {
            Iterator<Long> it = m.keySet().iterator();
            it.next();
            m.clear();
            m.put(1L, 1L);
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }
}
