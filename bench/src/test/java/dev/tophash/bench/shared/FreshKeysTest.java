package dev.tophash.bench.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The writer's window of inserted keys, against a queue as the model: an insert is always of an absent key. */
class FreshKeysTest {
    private static long[] pool(int n) {
        return LongStream.range(0, n).map(i -> 1000 + i).toArray();
    }

    @Property
    void insertsAreOfAbsentKeysAndRemovesOfTheOldest(@ForAll @IntRange(min = 1, max = 20) int window,
                                                      @ForAll @Size(max = 400) List<Boolean> inserts) {
        FreshKeys fresh = new FreshKeys(pool(2 * window), window);
        ArrayDeque<Long> present = new ArrayDeque<>();
        Set<Long> everInserted = new HashSet<>();
        for (boolean insert : inserts) {
            if (insert && !fresh.full()) {
                long key = fresh.insert();
                assertFalse(present.contains(key), "inserted again while present: " + key);
                present.addLast(key);
                everInserted.add(key);
            } else if (!insert && !present.isEmpty()) {
                assertEquals(present.removeFirst(), fresh.remove());
            }
            assertEquals(present.size(), fresh.present());
            assertEquals(present.size() >= window, fresh.full());
            assertTrue(present.size() <= window);
        }
        assertTrue(everInserted.size() <= 2 * window);
    }

    @Test
    void aFullWindowRefusesAnInsertAndAnEmptyOneARemove() {
        FreshKeys fresh = new FreshKeys(pool(4), 2);
        IllegalStateException none = assertThrows(IllegalStateException.class, fresh::remove);
        assertTrue(none.getMessage().contains("no inserted key is present"), none.getMessage());
        fresh.insert();
        fresh.insert();
        IllegalStateException full = assertThrows(IllegalStateException.class, fresh::insert);
        assertTrue(full.getMessage().contains("window of 2 inserted keys is full"), full.getMessage());
        assertEquals(2, fresh.present());
    }

    @Test
    void aPoolTooSmallForTheWindowIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FreshKeys(pool(5), 3));
        assertTrue(e.getMessage().contains("a window of 3 needs at least 6 absent keys, not 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FreshKeys(pool(5), 0));
    }
}
