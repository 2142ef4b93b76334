package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.codecs.Codecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** File-backed tables: build, reopen, grow, read-only, flush, unclean files and bad files. */
@ExtendWith(NoLeaks.class)
class FileBackedTest {
    @TempDir
    Path dir;

    static void fill(LongLongMap m, Map<Long, Long> model, int n, long salt) {
        SplittableRandom random = new SplittableRandom(salt);
        for (int i = 0; i < n; i++) {
            long k = random.nextLong();
            long v = random.nextLong();
            m.put(k, v);
            model.put(k, v);
        }
    }

    static void assertSame(LongLongMap m, Map<Long, Long> model) {
        assertEquals(model.size(), m.size());
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertTrue(m.containsKey(e.getKey()), "missing key " + e.getKey());
            assertEquals(e.getValue(), m.get(e.getKey()));
        }
        long[] seen = {0};
        m.forEach((k, v) -> {
            assertEquals(model.get(k), v);
            seen[0]++;
        });
        assertEquals(model.size(), seen[0]);
        TableChecker.check(m.table());
    }

    @Nested
    class RoundTrip {
        @Test
        void entriesSurviveCloseAndReopenThroughManyGrows() {
            Path file = dir.resolve("t.tph");
            Map<Long, Long> model = new HashMap<>();
            int b;
            try (LongLongMap m = LongLongMap.builder().file(file).seed(1).build()) {
                assertEquals(0, m.stats().log2Buckets());
                fill(m, model, 50_000, 7);
                for (long k : model.keySet().stream().limit(10_000).toList()) {
                    m.remove(k);
                }
                model.keySet().removeAll(model.keySet().stream().limit(10_000).toList());
                b = m.stats().log2Buckets();
                assertTrue(b >= 12, "the table grew on the file: B=" + b);
                assertSame(m, model);
            }
            try (LongLongMap m = LongLongMap.open(file)) {
                assertEquals(b, m.stats().log2Buckets());
                assertSame(m, model);
                fill(m, model, 20_000, 8);
                assertSame(m, model);
            }
            try (LongLongMap m = LongLongMap.openReadOnly(file)) {
                assertSame(m, model);
            }
        }

        @Test
        void aGrowInProgressIsKeptAndFinishedAfterReopen() {
            Path file = dir.resolve("g.tph");
            Map<Long, Long> model = new HashMap<>();
            try (LongLongMap m = LongLongMap.builder().file(file).seed(2).build()) {
                SplittableRandom random = new SplittableRandom(3);
                while (!(m.stats().growing() && m.stats().log2Buckets() == 10 && m.stats().evacuatedBuckets() > 10)) {
                    long k = random.nextLong();
                    m.put(k, k * 3);
                    model.put(k, k * 3);
                }
            }
            try (LongLongMap m = LongLongMap.open(file)) {
                MapStats stats = m.stats();
                assertTrue(stats.growing(), "the grow was preserved: " + stats);
                assertEquals(10, stats.log2Buckets());
                assertSame(m, model);
                fill(m, model, 5_000, 4);
                assertFalse(m.stats().growing() && m.stats().log2Buckets() == 10);
                assertSame(m, model);
            }
        }

        @Test
        void clearRemoveAndReuseKeepTheFileBounded() throws IOException {
            Path file = dir.resolve("c.tph");
            Map<Long, Long> model = new HashMap<>();
            try (LongLongMap m = LongLongMap.builder().file(file).expectedSize(10_000).seed(5).build()) {
                fill(m, model, 10_000, 9);
                m.clear();
                model.clear();
                assertSame(m, model);
                // Churn: delete and insert at a steady size forces same-size grows, whose regions reuse gaps.
                SplittableRandom random = new SplittableRandom(10);
                long[] keys = new long[5_000];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = random.nextLong();
                    m.put(keys[i], i);
                    model.put(keys[i], (long) i);
                }
                for (int round = 0; round < 40; round++) {
                    for (int i = 0; i < keys.length; i++) {
                        m.remove(keys[i]);
                        model.remove(keys[i]);
                        keys[i] = random.nextLong();
                        m.put(keys[i], round);
                        model.put(keys[i], (long) round);
                    }
                }
                assertSame(m, model);
            }
            long size = Files.size(file);
            try (LongLongMap m = LongLongMap.open(file)) {
                assertSame(m, model);
                long tableBytes = m.stats().offHeapBytes();
                assertTrue(size < 4 * tableBytes + FileFormat.HEADER_BYTES,
                    "file " + size + " bytes for a table of " + tableBytes + ": gaps are reused");
            }
        }

        @Test
        void offHeapMapFileWithWideKeys() {
            Path file = dir.resolve("w.tph");
            Map<String, Long> model = new HashMap<>();
            try (OffHeapMap<String, Long> m = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.int64()).file(file).build()) {
                for (int i = 0; i < 20_000; i++) {
                    m.put("SYM" + i, (long) i);
                    model.put("SYM" + i, (long) i);
                }
            }
            try (OffHeapMap<String, Long> m = OffHeapMap.open(file, Codecs.fixedAscii(12), Codecs.int64())) {
                assertEquals(model, m);
                m.remove("SYM7");
                model.remove("SYM7");
                TableChecker.check(m.table());
            }
            try (OffHeapMap<String, Long> m = OffHeapMap.openReadOnly(file, Codecs.fixedAscii(12), Codecs.int64())) {
                assertEquals(model, m);
            }
        }

        @Test
        void newFileOfAPresizedTableIsSparseAndNeedsNoZeroing() throws IOException {
            Path file = dir.resolve("p.tph");
            try (LongLongMap m = LongLongMap.builder().file(file).expectedSize(1_000_000).build()) {
                m.put(1, 2);
                assertTrue(Files.size(file) > m.stats().offHeapBytes());
            }
            try (LongLongMap m = LongLongMap.open(file)) {
                assertEquals(2, m.get(1));
                assertEquals(1, m.size());
            }
        }
    }

    @Nested
    class ReadOnlyAndSharing {
        /**
         * A read-only map follows its writer through the file, as a reader process does: a
         * reader thread parked between two loads while the writer grows twice (retiring
         * regions, which the writer may reuse) and another reader thread follows each grow
         * answers right when it resumes, and the mappings it held are let go after.
         */
        @Test
        void aFollowingReaderParkedAcrossTwoGrowsAnswersRightAndLetsGoAfter() throws InterruptedException {
            Path file = dir.resolve("parked.tph");
            try (LongLongMap m = LongLongMap.builder().file(file).missingValue(-1).build();
                 LongLongMap r = LongLongMap.openReadOnly(file)) {
                for (long k = 0; k < 1_000; k++) {
                    m.put(k, k * 10);
                }
                CountDownLatch parked = new CountDownLatch(1);
                AtomicBoolean resume = new AtomicBoolean();
                long[] answer = {0};
                Thread reader = new Thread(() -> answer[0] = r.get(500));
                Readers.pauseForTests = () -> {
                    if (Thread.currentThread() == reader && parked.getCount() > 0) {
                        parked.countDown();
                        while (!resume.get()) {
                            LockSupport.parkNanos(1_000_000);
                        }
                    }
                };
                try {
                    reader.start();
                    assertTrue(parked.await(10, TimeUnit.SECONDS));
                    long bucketsBefore = m.stats().bucketCount();
                    long k = 1_000;
                    while (m.stats().bucketCount() < 4 * bucketsBefore || m.stats().growing()) {
                        m.put(k, k * 10);
                        assertEquals(k * 10, r.get(k), "the other reader follows the writer");
                        k++;
                    }
                    m.put(500, 5001);
                    assertEquals(5001, r.get(500));
                    assertTrue(r.table().owner().hasDeferredForTests(), "the regions the parked reader may read were unmapped under it");
                    resume.set(true);
                    reader.join();
                } finally {
                    Readers.pauseForTests = null;
                }
                assertTrue(answer[0] == 5000 || answer[0] == 5001, "the resumed reader answered " + answer[0]);
                assertEquals(5001, r.get(500));
                assertFalse(r.table().owner().hasDeferredForTests(), "a read after the parked one ended lets its mappings go");
            }
        }

        /**
         * An iteration of a read-only map goes on after its writer has grown twice past the table
         * it started in (whose region the writer may reuse): it continues in the current table,
         * key class by key class, and still returns every key present throughout once, and no
         * key twice.
         */
        @Test
        void aFollowingIterationOutlivesTwoGrowsAndKeepsGosGuarantees() {
            Path file = dir.resolve("iterated.tph");
            try (LongLongMap m = LongLongMap.builder().file(file).seed(5).build();
                 LongLongMap r = LongLongMap.openReadOnly(file)) {
                int initial = 3_000;
                for (long k = 0; k < initial; k++) {
                    m.put(k, k + 1);
                }
                Map<Long, Long> seen = new HashMap<>();
                try (LongLongCursor c = r.cursor()) {
                    for (int n = 0; n < initial / 3; n++) {
                        assertTrue(c.next());
                        assertEquals(null, seen.put(c.key(), c.value()), "key " + c.key() + " twice");
                    }
                    long bucketsBefore = m.stats().bucketCount();
                    long k = initial;
                    while (m.stats().bucketCount() < 4 * bucketsBefore || m.stats().growing()) {
                        m.put(k, k + 1);
                        k++;
                    }
                    for (long d = 0; d < initial; d += 10) {
                        m.remove(d); // deleted before the iteration may reach it
                    }
                    while (c.next()) {
                        assertEquals(null, seen.put(c.key(), c.value()), "key " + c.key() + " twice");
                        assertEquals(c.key() + 1, c.value());
                    }
                }
                for (long key = 0; key < initial; key++) {
                    if (key % 10 != 0) {
                        assertTrue(seen.containsKey(key), "key " + key + ", present throughout, was not returned");
                    }
                }
            }
        }

        @Test
        void readOnlyRefusesEveryWriteAndChangesNothing() throws IOException {
            Path file = dir.resolve("r.tph");
            try (LongLongMap m = LongLongMap.builder().file(file).build()) {
                m.put(1, 10);
                m.put(2, 20);
            }
            byte[] before = Files.readAllBytes(file);
            try (LongLongMap r = LongLongMap.openReadOnly(file)) {
                assertThrows(UnsupportedOperationException.class, () -> r.put(3, 30));
                assertThrows(UnsupportedOperationException.class, () -> r.remove(1));
                assertThrows(UnsupportedOperationException.class, () -> r.addTo(1, 1));
                assertThrows(UnsupportedOperationException.class, r::clear);
                assertThrows(UnsupportedOperationException.class, () -> r.asMap().put(4L, 4L));
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> r.putIfAbsent(5, 5));
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
                r.flush();
                assertEquals(10, r.get(1));
                assertEquals(2, r.size());
            }
            assertArrayEquals(before, Files.readAllBytes(file));
        }

        @Test
        void readersShareTheFileWithItsOneWriter() {
            Path file = dir.resolve("s.tph");
            try (LongLongMap m = LongLongMap.builder().file(file).build()) {
                m.put(1, 10);
                try (LongLongMap r = LongLongMap.openReadOnly(file)) {
                    assertEquals(10, r.get(1));
                    m.put(2, 20);
                    assertEquals(20, r.get(2), "a put that returned is seen by a read that starts after it");
                    assertEquals(2, r.size());
                    TableFileException e = assertThrows(TableFileException.class, () -> LongLongMap.open(file));
                    assertTrue(e.getMessage().contains("already open for writing"), e.getMessage());
                    assertThrows(UnsupportedOperationException.class, () -> r.put(3, 30));
                }
                m.put(3, 30);
            }
            try (LongLongMap r2 = LongLongMap.openReadOnly(file)) {
                try (LongLongMap r1 = LongLongMap.openReadOnly(file)) {
                    assertEquals(10, r1.get(1));
                    assertEquals(20, r2.get(2));
                }
                try (LongLongMap m = LongLongMap.open(file)) {
                    m.remove(1);
                    assertEquals(-1, r2.getOrDefault(1, -1));
                    assertEquals(2, r2.size());
                }
                assertEquals(30, r2.get(3), "readers go on reading after the writer closed");
            }
        }

        @Test
        void buildingOverAnExistingFileIsRefusedAndTheFileKept() throws IOException {
            Path file = dir.resolve("e.tph");
            try (LongLongMap m = LongLongMap.builder().file(file).build()) {
                m.put(1, 1);
            }
            byte[] before = Files.readAllBytes(file);
            TableFileException e = assertThrows(TableFileException.class, () -> LongLongMap.builder().file(file).build());
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file));
            assertThrows(TableFileException.class, () -> LongLongMap.open(dir.resolve("none.tph")));
            assertThrows(IllegalArgumentException.class,
                () -> LongLongMap.builder().file(dir.resolve("a.tph")).allocator(new FailingAllocator()).build());
            assertFalse(Files.exists(dir.resolve("a.tph")));
        }
    }

    @Nested
    class UncleanFiles {
        /**
         * A copy of the file taken while the writer has it open is what a SIGKILL at that moment
         * leaves: mapped pages and the file's pages are the same pages.
         */
        @Test
        void aCopyTakenWhileOpenRecoversEveryEntry() throws IOException {
            Path file = dir.resolve("u.tph");
            Path copy = dir.resolve("u-copy.tph");
            Map<Long, Long> model = new HashMap<>();
            try (LongLongMap m = LongLongMap.builder().file(file).seed(11).build()) {
                SplittableRandom random = new SplittableRandom(12);
                while (!(m.stats().growing() && m.stats().log2Buckets() >= 9)) {
                    long k = random.nextLong();
                    m.put(k, k);
                    model.put(k, k);
                }
                Files.copy(file, copy);
            }
            // No process writes the copy: a reader reads the table as the writer left it, entry for entry.
            try (LongLongMap r = LongLongMap.openReadOnly(copy)) {
                assertSame(r, model);
            }
            try (LongLongMap m = LongLongMap.open(copy)) {
                assertTrue(m.table().file().unclean);
                assertSame(m, model);
                fill(m, model, 3_000, 13);
                assertSame(m, model);
            }
            try (LongLongMap m = LongLongMap.openReadOnly(copy)) {
                assertSame(m, model);
            }
        }

        @Test
        void aCutEvacuationIsPutBack() throws IOException {
            Path file = dir.resolve("cut.tph");
            Map<Long, Long> model = new HashMap<>();
            try (LongLongMap m = LongLongMap.builder().file(file).seed(21).build()) {
                SplittableRandom random = new SplittableRandom(22);
                while (!(m.stats().growing() && m.stats().log2Buckets() == 8)) {
                    long k = random.nextLong();
                    m.put(k, ~k);
                    model.put(k, ~k);
                }
                Table t = m.table();
                // Simulate a writer killed inside evacuate(): an old bucket with only some cells
                // marked, and copies of those cells already in the new bucket.
                long i = t.nevacuate() + 5;
                long old = t.oldbuckets().headAddress(i);
                t.buckets().zeroBucket(i);
                t.buckets().zeroBucket(i + t.oldbuckets().bucketCount);
                for (int s = 0; s < 3; s++) {
                    int top = org.agrona.UnsafeApi.getByte(old + s) & 0xFF;
                    if (top >= Tophash.MIN_TOP_HASH) {
                        long key = org.agrona.UnsafeApi.getLong(t.layout().keyAddress(old, s));
                        long hash = t.hashBits(key);
                        long dst = t.buckets().headAddress(hash & t.buckets().mask);
                        org.agrona.UnsafeApi.putLong(t.layout().keyAddress(dst, s), key);
                        org.agrona.UnsafeApi.putByte(dst + s, (byte) top);
                        boolean y = (hash & t.oldbuckets().bucketCount) != 0;
                        org.agrona.UnsafeApi.putByte(old + s, (byte) (y ? Tophash.EVACUATED_Y : Tophash.EVACUATED_X));
                    }
                }
                Files.copy(file, dir.resolve("cut-copy.tph"));
                // Undo by hand so the open map closes consistent.
                for (int s = 0; s < 3; s++) {
                    int top = org.agrona.UnsafeApi.getByte(old + s) & 0xFF;
                    if (top == Tophash.EVACUATED_X || top == Tophash.EVACUATED_Y) {
                        long key = org.agrona.UnsafeApi.getLong(t.layout().keyAddress(old, s));
                        org.agrona.UnsafeApi.putByte(old + s, (byte) Tophash.tophash(t.hashBits(key)));
                    }
                }
            }
            try (LongLongMap m = LongLongMap.open(dir.resolve("cut-copy.tph"))) {
                assertSame(m, model);
                fill(m, model, 2_000, 23);
                assertSame(m, model);
            }
        }

        @Test
        void aCorruptLinkIsRefusedAndTheFileKept() throws IOException {
            Path file = dir.resolve("l.tph");
            Path copy = dir.resolve("l-copy.tph");
            try (LongLongMap m = LongLongMap.builder().file(file).seed(31).build()) {
                for (long k = 0; k < 200; k++) {
                    m.put(k, k);
                }
                Table t = m.table();
                long head = t.buckets().headAddress(0);
                long saved = org.agrona.UnsafeApi.getLong(t.layout().overflowAddress(head));
                org.agrona.UnsafeApi.putLong(t.layout().overflowAddress(head), 1L << 40);
                Files.copy(file, copy);
                org.agrona.UnsafeApi.putLong(t.layout().overflowAddress(head), saved);
            }
            byte[] before = Files.readAllBytes(copy);
            TableFileException e = assertThrows(TableFileException.class, () -> LongLongMap.open(copy));
            assertTrue(e.getMessage().contains("cannot be recovered"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(copy));
        }
    }

    @Nested
    class BadFiles {
        private Path good() throws IOException {
            Path file = dir.resolve("good.tph");
            if (!Files.exists(file)) {
                try (LongLongMap m = LongLongMap.builder().file(file).expectedSize(5_000).build()) {
                    for (long k = 0; k < 5_000; k++) {
                        m.put(k, k * k);
                    }
                }
            }
            return file;
        }

        private Path variant(String name, byte[] bytes) throws IOException {
            Path p = dir.resolve(name);
            Files.write(p, bytes);
            return p;
        }

        private void refused(Path file, String expected) throws IOException {
            byte[] before = Files.readAllBytes(file);
            for (boolean readOnly : new boolean[] {false, true}) {
                TableFileException e = assertThrows(TableFileException.class,
                    () -> (readOnly ? LongLongMap.openReadOnly(file) : LongLongMap.open(file)).close());
                assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            }
            assertArrayEquals(before, Files.readAllBytes(file), "the file is unchanged");
        }

        @Test
        void truncatedFiles() throws IOException {
            byte[] all = Files.readAllBytes(good());
            refused(variant("t1.tph", Arrays.copyOf(all, all.length / 2)), "truncated");
            refused(variant("t2.tph", Arrays.copyOf(all, 100)), "truncated");
            refused(variant("t3.tph", new byte[0]), "truncated");
        }

        @Test
        void randomBytesAndOtherFormats() throws IOException {
            byte[] random = new byte[(int) FileFormat.HEADER_BYTES + 100_000];
            new SplittableRandom(1).nextBytes(random);
            refused(variant("r.tph", random), "not a tophash table file");
            byte[] all = Files.readAllBytes(good());
            byte[] newer = all.clone();
            newer[(int) FileFormat.VERSION_OFFSET] = (byte) (FileFormat.VERSION + 1);
            refused(variant("newer.tph", newer), "format version " + (FileFormat.VERSION + 1)
                + "; this build reads version " + FileFormat.VERSION + " only. It was written by a newer tophash");
        }

        /**
         * A version 1 file (keys hashed with other functions) is refused with what to do:
         * its wide-key tables would look keys up in other buckets than they were put in.
         */
        @Test
        void filesOfTheFormatBeforeTheWideKeyHashChangeAreRefusedWithWhatToDo() throws IOException {
            byte[] v1 = Files.readAllBytes(good());
            v1[(int) FileFormat.VERSION_OFFSET] = 1;
            refused(variant("v1.tph", v1), "format version 1; this build reads version " + FileFormat.VERSION + " only."
                + " Version 1 hashed keys with other functions. To keep its entries, read them with"
                + " the tophash release that wrote the file and put them into a new file made by this one.");
        }

        @Test
        void corruptHeaders() throws IOException {
            byte[] all = Files.readAllBytes(good());
            byte[] codecs = all.clone();
            codecs[20]++;
            refused(variant("c.tph", codecs), "checksum");
            byte[] states = all.clone();
            states[(int) FileFormat.STATE_SLOT_A + 20]++;
            states[(int) FileFormat.STATE_SLOT_B + 20]++;
            refused(variant("s.tph", states), "neither copy");
        }

        @Test
        void otherCodecs() throws IOException {
            Path file = good();
            TableFileException e = assertThrows(TableFileException.class,
                () -> OffHeapMap.open(file, Codecs.int64(), Codecs.float64()));
            assertTrue(e.getMessage().contains("written with key codec int64"), e.getMessage());
            Path wide = dir.resolve("wide.tph");
            OffHeapMap.builder(Codecs.int32(), Codecs.int64()).file(wide).build().close();
            refused(wide, "written with key codec int32");
        }
    }
}
