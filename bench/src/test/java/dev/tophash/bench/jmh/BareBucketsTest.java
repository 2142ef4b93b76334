package dev.tophash.bench.jmh;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The yardstick table must really be a map, or the benchmark on it measures nothing. */
class BareBucketsTest {

    @Test
    void returnsWhatWasPutAndZeroForAbsentKeys() {
        int n = 100_000;
        long[] present = Keys.RANDOM.shuffled(0, n, 1);
        try (BareBuckets table = new BareBuckets(n)) {
            for (long key : present) {
                table.put(key, key | 1);
            }
            for (long key : present) {
                assertEquals(key | 1, table.get(key));
            }
            for (long i = n; i < 2L * n; i++) {
                assertEquals(0, table.get(Keys.RANDOM.key(i)), "absent key " + i);
            }
        }
    }

    @Test
    void chainsThroughOverflowBucketsUntilTheyRunOut() {
        // 8 entries: one head bucket and 8 overflow buckets, so 72 keys fill every chain slot
        SplittableRandom random = new SplittableRandom(5);
        long[] keys = random.longs(72).toArray();
        try (BareBuckets table = new BareBuckets(8)) {
            for (int i = 0; i < keys.length; i++) {
                table.put(keys[i], i + 1);
            }
            for (int i = 0; i < keys.length; i++) {
                assertEquals(i + 1, table.get(keys[i]), "key " + i + ", in bucket " + (i / 8) + " of the chain");
            }
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> table.put(random.nextLong(), 1));
            assertTrue(full.getMessage().contains("overflow"), full.getMessage());
        }
    }
}
