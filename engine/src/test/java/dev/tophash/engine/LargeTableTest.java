package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.codecs.Codecs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables whose one segment is larger than 2 GiB, in memory and in a file: every offset past
 * 2^31 must be computed in 64 bits. Values of 4096 bytes make a bucket 32,848 bytes, so
 * 2^16 head buckets (plus the pool) take 2.29 GB with only about 213,000 entries.
 *
 * <p>Cost: page faults dominate (about 9 us each on this project's CI machines, and a 2.29 GB
 * segment has 560,000 pages). The in-memory test grows from 2^15 to 2^16 buckets, so it writes
 * every page of both generations (3.4 GB at once); the file test presizes to 2^16 buckets and
 * writes 30,000 entries, spread over the whole segment, so it touches a tenth of the pages.
 */
@ExtendWith(NoLeaks.class)
class LargeTableTest {
    private static final int WIDTH = 4096;
    /** One past 6.5 * 2^15: the entry count that needs B = 16. */
    private static final int ENTRIES = 212_993;
    private static final long TWO_GIB = 1L << 31;

    @TempDir
    Path dir;

    /**
     * value is what the test stores under {@code key}: the key at both ends and a byte of it
     * in between, so a value read from the wrong slot, or cut short, does not compare equal.
     */
    private static byte[] value(long key, byte[] into) {
        Arrays.fill(into, (byte) (key >>> 17));
        ByteBuffer.wrap(into).putLong(0, key).putLong(WIDTH - Long.BYTES, ~key);
        return into;
    }

    private static long[] keys(int n) {
        SplittableRandom random = new SplittableRandom(42);
        long[] keys = new long[n];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong();
        }
        return keys;
    }

    private static void putAll(OffHeapMap<Long, byte[]> m, long[] keys) {
        byte[] buffer = new byte[WIDTH];
        for (long k : keys) {
            m.put(k, value(k, buffer));
        }
    }

    private static void readAll(OffHeapMap<Long, byte[]> m, long[] keys) {
        assertEquals(keys.length, m.size());
        byte[] expected = new byte[WIDTH];
        for (long k : keys) {
            assertArrayEquals(value(k, expected), m.get(k), "value of key " + k);
        }
    }

    /** The head segment is over 2 GiB and entries sit in its last buckets, past offset 2^31. */
    private static void assertBeyondTwoGib(OffHeapMap<Long, byte[]> m, long[] keys) {
        Table t = m.table();
        assertEquals(16, t.log2Buckets());
        assertTrue(t.buckets().main().bytes > TWO_GIB, "segment of " + t.buckets().main().bytes + " bytes");
        long base = t.buckets().headAddress(0);
        long highest = 0;
        for (long k : keys) {
            long slot = t.find(t.hashBits(k), k, 0);
            highest = Math.max(highest, slot - base);
        }
        assertTrue(highest > TWO_GIB, "an entry lies " + highest + " bytes into the segment");
    }

    @Test
    void inMemoryTableGrowsPastTwoGib() {
        long[] keys = keys(ENTRIES);
        // 2^15 buckets to start with: the grow that matters is the one to 2^16 (2.29 GB)
        try (OffHeapMap<Long, byte[]> m = OffHeapMap.builder(Codecs.int64(), Codecs.fixedBytes(WIDTH))
                .expectedSize(ENTRIES / 2 + 1).seed(1).build()) {
            assertEquals(15, m.stats().log2Buckets());
            putAll(m, keys);
            // finish the last grow with updates, which do grow work but add nothing
            byte[] buffer = new byte[WIDTH];
            for (int i = 0; m.stats().growing(); i++) {
                m.put(keys[i], value(keys[i], buffer));
            }
            assertBeyondTwoGib(m, keys);
            readAll(m, keys);
            TableChecker.check(m.table());
        }
    }

    @Test
    void fileBackedTablePastTwoGibSurvivesReopen() throws IOException {
        long[] keys = keys(30_000);
        long[] first = Arrays.copyOf(keys, 20_000);
        Path file = dir.resolve("large.tph");
        try (OffHeapMap<Long, byte[]> m = OffHeapMap.builder(Codecs.int64(), Codecs.fixedBytes(WIDTH))
                .file(file).expectedSize(ENTRIES).seed(2).build()) {
            putAll(m, first);
            assertBeyondTwoGib(m, first);
        }
        assertTrue(Files.size(file) > TWO_GIB, "file of " + Files.size(file) + " bytes");
        try (OffHeapMap<Long, byte[]> m = OffHeapMap.open(file, Codecs.int64(), Codecs.fixedBytes(WIDTH))) {
            readAll(m, first);
            putAll(m, Arrays.copyOfRange(keys, 20_000, keys.length));
        }
        try (OffHeapMap<Long, byte[]> m = OffHeapMap.openReadOnly(file, Codecs.int64(), Codecs.fixedBytes(WIDTH))) {
            assertBeyondTwoGib(m, keys);
            readAll(m, keys);
        }
    }
}
