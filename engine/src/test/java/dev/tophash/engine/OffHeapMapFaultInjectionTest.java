package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tophash.engine.MapAssertions.snapshot;
import static dev.tophash.engine.MapFixture.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed allocations: a put or remove whose memory cannot be had throws
 * {@link OffHeapAllocationException} and leaves the map exactly as it was, and usable. In
 * memory only: failures are injected through the allocator, which a file-backed map does not take.
 */
@ExtendWith(NoLeaks.class)
class OffHeapMapFaultInjectionTest {

    @Test
    void aFailedFirstTableMakesBuildThrowAndHoldsNothing() {
        FailingAllocator allocator = new FailingAllocator();
        allocator.failNext(1);
        OffHeapMap.Builder<UUID, Long> builder = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator);
        assertThrows(OffHeapAllocationException.class, builder::build);
        try (OffHeapMap<UUID, Long> m = builder.build()) {
            m.put(uuid(1), 1L);
            assertEquals(1L, m.get(uuid(1)));
        }
    }

    @Test
    void aPutThatNeedsAGrowAndCannotGetMemoryThrowsAndLeavesTheMapAsItWas() {
        FailingAllocator allocator = new FailingAllocator();
        try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator).seed(3).build()) {
            Map<UUID, Long> model = new HashMap<>();
            int i = 0;
            while (!Growth.overLoadFactor(m.size() + 1, m.stats().log2Buckets()) || m.stats().growing()) {
                m.put(uuid(i), (long) i);
                model.put(uuid(i), (long) i);
                i++;
            }
            MapStats before = m.stats();
            allocator.failNext(1);
            UUID fresh = uuid(i);
            OffHeapAllocationException e = assertThrows(OffHeapAllocationException.class, () -> m.put(fresh, -1L));
            assertTrue(e.getMessage().contains("unchanged"), e.getMessage());
            assertEquals(model, snapshot(m));
            assertFalse(m.containsKey(fresh));
            assertEquals(before.log2Buckets(), m.stats().log2Buckets());
            assertFalse(m.stats().growing());
            TableChecker.check(m.table());
            assertNull(m.put(fresh, -1L), "the map is usable afterwards");
            model.put(fresh, -1L);
            assertEquals(before.log2Buckets() + 1, m.stats().log2Buckets(), "the retried put grows the table");
            assertEquals(model, snapshot(m));
        }
    }

    @Test
    void aPutThatNeedsAnOverflowChunkAndCannotGetMemoryThrowsAndLeavesTheMapAsItWas() {
        FailingAllocator allocator = new FailingAllocator();
        try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64())
                .allocator(allocator).expectedSize(100).seed(9).build()) {
            Table t = m.table();
            assertEquals(1, m.stats().preallocatedOverflowBuckets(), "B=4 preallocates one overflow bucket");
            List<UUID> chain = uuidsInBucket(t, 5, 25);
            Map<UUID, Long> model = new HashMap<>();
            for (int i = 0; i < 16; i++) { // the head bucket and the one pool bucket
                m.put(chain.get(i), (long) i);
                model.put(chain.get(i), (long) i);
            }
            int allocations = allocator.allocations;
            allocator.failNext(1);
            assertThrows(OffHeapAllocationException.class, () -> m.put(chain.get(16), 16L));
            assertEquals(model, snapshot(m));
            assertFalse(m.containsKey(chain.get(16)));
            TableChecker.check(t);
            for (int i = 16; i < 25; i++) {
                m.put(chain.get(i), (long) i);
                model.put(chain.get(i), (long) i);
            }
            assertEquals(allocations + 1, allocator.allocations, "the retry took one overflow chunk");
            assertEquals(model, snapshot(m));
            assertFalse(m.stats().growing());
            TableChecker.check(t);
        }
    }

    @Test
    void aRemoveWhoseGrowWorkCannotGetMemoryThrowsAndLeavesTheMapAsItWas() {
        FailingAllocator allocator = new FailingAllocator();
        try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64())
                .allocator(allocator).expectedSize(100).seed(5).build()) {
            Table t = m.table();
            Map<UUID, Long> model = new HashMap<>();
            List<UUID> chain = uuidsInBucket(t, 3, 20); // three buckets long: head, pool, chunk
            for (UUID key : chain) {
                m.put(key, 3L);
                model.put(key, 3L);
            }
            // Fill other buckets until the next insert doubles the table; that insert
            // evacuates its own old bucket and bucket 0, not bucket 3.
            for (int i = 1_000_000; ; i++) {
                UUID key = uuid(i);
                if (uuidsBucket(t, key) == 3) {
                    continue;
                }
                boolean grows = Growth.overLoadFactor(m.size() + 1, t.log2Buckets());
                m.put(key, (long) i);
                model.put(key, (long) i);
                if (grows) {
                    break;
                }
            }
            assertTrue(t.growing());
            assertFalse(Growth.evacuated(t.oldbuckets(), 3));
            // Go's delete does grow work too: removing a key of bucket 3 evacuates its chain,
            // which needs more overflow buckets than the new generation's pool of 2.
            allocator.failNext(1);
            assertThrows(OffHeapAllocationException.class, () -> m.remove(chain.get(0)));
            assertEquals(model, snapshot(m));
            assertFalse(Growth.evacuated(t.oldbuckets(), 3), "the old chain is untouched");
            TableChecker.check(t);
            assertEquals(3L, m.remove(chain.get(0)), "the retried remove succeeds");
            model.remove(chain.get(0));
            assertEquals(model, snapshot(m));
            TableChecker.check(t);
        }
    }

    private long uuidsBucket(Table t, UUID key) {
        long address = UnsafeApi.allocateMemory(16);
        try {
            Codecs.uuid().write(address, key);
            return t.hashBytes(address) & t.buckets().mask;
        } finally {
            UnsafeApi.freeMemory(address);
        }
    }

    /** uuidsInBucket finds {@code n} UUID keys whose hash picks head bucket {@code bucket} of {@code t}. */
    private List<UUID> uuidsInBucket(Table t, long bucket, int n) {
        List<UUID> found = new ArrayList<>();
        long address = UnsafeApi.allocateMemory(16);
        try {
            for (int i = 0; found.size() < n; i++) {
                UUID u = uuid(i);
                Codecs.uuid().write(address, u);
                if ((t.hashBytes(address) & t.buckets().mask) == bucket) {
                    found.add(u);
                }
            }
        } finally {
            UnsafeApi.freeMemory(address);
        }
        return found;
    }

    @Test
    void everyAllocationThatFailsDuringPutsAndRemovesLeavesEveryEntryAndTheMapUsable() {
        FailingAllocator allocator = new FailingAllocator();
        try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator).seed(11).build()) {
            Map<UUID, Long> model = new HashMap<>();
            List<UUID> inserted = new ArrayList<>();
            Random random = new Random(12);
            int growFailures = 0;
            int otherFailures = 0;
            for (int i = 0; i < 20_000; i++) {
                int op = i < 10 ? 0 : random.nextInt(10);
                UUID key = op < 7 ? new UUID(random.nextLong(), random.nextLong()) : inserted.get(random.nextInt(inserted.size()));
                boolean remove = op == 9;
                long value = i;
                MapStats before = m.stats();
                allocator.failNext(1);
                try {
                    Long previous = remove ? m.remove(key) : m.put(key, value);
                    allocator.failNext(0); // this write needed no memory
                    assertEquals(remove ? model.remove(key) : model.put(key, value), previous);
                    if (!remove && previous == null) {
                        inserted.add(key);
                    }
                    continue;
                } catch (OffHeapAllocationException e) {
                    assertEquals(model.size(), m.size(), "size after a failed write");
                    assertEquals(model.get(key), m.get(key), "the key of the failed write");
                    assertEquals(model, snapshot(m), "entries after a failed write");
                    TableChecker.check(m.table());
                }
                Long previous = remove ? m.remove(key) : m.put(key, value); // the retry succeeds
                assertEquals(remove ? model.remove(key) : model.put(key, value), previous);
                if (!remove && previous == null) {
                    inserted.add(key);
                }
                MapStats after = m.stats();
                if (after.log2Buckets() != before.log2Buckets() || after.growing() && !before.growing()) {
                    growFailures++;
                } else {
                    otherFailures++;
                }
            }
            assertEquals(model, snapshot(m));
            TableChecker.check(m.table());
            assertTrue(growFailures >= 10, "every grow failed once first: " + growFailures);
            assertTrue(otherFailures >= 1, "overflow chunks failed too: " + otherFailures);
        }
    }
    /** An allocator that fails exactly the n-th allocation (counting from 0) after it is armed. */
    static final class NthFailingAllocator implements Allocator {
        private int failAt = -1;
        private int seen;

        void failAllocation(int n) {
            failAt = n;
            seen = 0;
        }

        @Override
        public long allocate(long bytes) {
            if (seen++ == failAt) {
                throw new OutOfMemoryError("injected failure of allocation " + failAt + " (" + bytes + " bytes)");
            }
            return Allocator.NATIVE.allocate(bytes);
        }

        @Override
        public void free(long address, long bytes) {
            Allocator.NATIVE.free(address, bytes);
        }
    }

    @Test
    void aPutWhoseSecondOrLaterAllocationFailsAlsoLeavesEveryEntryAndTheMapUsable() {
        NthFailingAllocator allocator = new NthFailingAllocator();
        try (OffHeapMap<UUID, Long> m = OffHeapMap.builder(Codecs.uuid(), Codecs.int64()).allocator(allocator).seed(13).build()) {
            Map<UUID, Long> model = new HashMap<>();
            Random random = new Random(14);
            int laterFailures = 0;
            for (int i = 0; i < 5000; i++) {
                UUID key = new UUID(random.nextLong(), random.nextLong());
                for (int k = 0; ; k++) {
                    allocator.failAllocation(k); // allocations 0..k-1 succeed, k fails
                    try {
                        assertNull(m.put(key, (long) i));
                        break;
                    } catch (OffHeapAllocationException e) {
                        if (k > 0) {
                            laterFailures++;
                        }
                        assertEquals(model.size(), m.size(), "size after a failed put");
                        assertFalse(m.containsKey(key), "the key of the failed put");
                        assertEquals(model, snapshot(m), "entries after a failed put");
                        TableChecker.check(m.table());
                    }
                }
                model.put(key, (long) i);
            }
            allocator.failAllocation(-1);
            assertEquals(model, snapshot(m));
            TableChecker.check(m.table());
            // Below B = 4 a new generation has no overflow pool, so the grows to B = 1..3
            // allocate the generation and then a chunk for the first evacuation.
            assertTrue(laterFailures >= 1, "puts with a second allocation were failed there: " + laterFailures);
        }
    }
}
