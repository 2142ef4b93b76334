package dev.tophash.engine;

import dev.tophash.codecs.Codec;
import dev.tophash.codecs.Codecs;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.tophash.engine.BucketLayout.NO_OVERFLOW;
import static dev.tophash.engine.BucketLayout.SLOTS;
import static dev.tophash.engine.BucketLayout.tophashAddress;
import static org.agrona.UnsafeApi.getByte;
import static org.agrona.UnsafeApi.getLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys with structure (sequential ids, {@code i << 32}, multiples of {@code 2^20}, keys that
 * differ only in their top bits, negative runs, ticker-like strings, UUIDs with a counter in
 * them) must spread over buckets and tophash values as well as random keys do: the bucket
 * comes from the low B bits of the hash and the tophash from its top 8, so a hash that left
 * either unmixed would pile such keys into a few long chains.
 *
 * <p>Each pattern is compared with random keys of the same count in the same kind of map:
 * overflow buckets in use within twice the random figure, the longest chain at most
 * {@value #MAX_CHAIN} buckets, and (nearly) every tophash value in use. Sizes, not times, are
 * compared; nothing here depends on how fast the machine is.
 */
@ExtendWith(NoLeaks.class)
class HashSpreadTest {
    /** 200,000 entries: B=15 at a load of 6.1, near the 6.5 that doubles the table. */
    private static final int N = 200_000;
    /** The longest chain allowed, in buckets: random keys at load 6.5 stay at 3. */
    private static final int MAX_CHAIN = 4;
    /** Of the 251 live tophash values (5..255), at least this many must be used. */
    private static final int MIN_TOPHASHES = 240;

    /** What a table looks like once every key is in and no grow is in progress. */
    record Spread(long size, int log2Buckets, long overflowBuckets, int longestChain, int tophashes,
                  long sharedTophashes) {
    }

    // ------------------------------------------------------------------ long keys

    @Test
    void sequentialIdsSpreadLikeRandomKeys() {
        assertSpreadsLikeRandom("sequential ids", i -> i, N);
    }

    @Test
    void aMillionSequentialIdsSpreadLikeRandomKeys() {
        assertSpreadsLikeRandom("a million sequential ids", i -> i, 1_000_000);
    }

    @Test
    void idsShiftedLeftBy32SpreadLikeRandomKeys() {
        assertSpreadsLikeRandom("i << 32", i -> i << 32, N);
    }

    @Test
    void multiplesOfTwoToThe20SpreadLikeRandomKeys() {
        assertSpreadsLikeRandom("i * 2^20", i -> i << 20, N);
    }

    @Test
    void keysThatDifferOnlyInTheirTopByteSpreadLikeRandomKeys() {
        // i << 56 has only 256 distinct values: all of them, in a table of B=6
        assertSpreadsLikeRandom("i << 56", i -> i << 56, 256);
    }

    @Test
    void keysThatDifferOnlyInTheirHighBitsSpreadLikeRandomKeys() {
        assertSpreadsLikeRandom("bit-reversed ids", Long::reverse, N);
    }

    @Test
    void negativeSequencesSpreadLikeRandomKeys() {
        assertSpreadsLikeRandom("-1, -2, ...", i -> -1 - i, N);
    }

    @Test
    void alignedAddressesSpreadLikeRandomKeys() {
        assertSpreadsLikeRandom("multiples of 64 from 2^40", i -> (1L << 40) + (i << 6), N);
    }

    private static void assertSpreadsLikeRandom(String pattern, LongUnaryOperator keyOf, int n) {
        Spread structured = longKeys(keyOf, n);
        SplittableRandom rnd = new SplittableRandom(n);
        long[] random = new long[n];
        for (int i = 0; i < n; i++) {
            random[i] = rnd.nextLong();
        }
        Spread baseline = longKeys(i -> random[(int) i], n);
        assertLikeRandom(pattern, structured, baseline, n);
    }

    private static Spread longKeys(LongUnaryOperator keyOf, int n) {
        try (LongLongMap m = LongLongMap.builder().seed(n).build()) {
            for (long i = 0; i < n; i++) {
                m.put(keyOf.applyAsLong(i), i);
            }
            long first = keyOf.applyAsLong(0);
            while (m.stats().growing()) {
                m.put(first, 0); // updates finish the grow
            }
            return spread(m.table());
        }
    }

    // ------------------------------------------------------------------ byte keys

    @Test
    void tickerSymbolsSpreadLikeRandomStrings() {
        SplittableRandom rnd = new SplittableRandom(12);
        String[] random = new String[N];
        for (int i = 0; i < N; i++) {
            char[] c = new char[12];
            for (int j = 0; j < c.length; j++) {
                c[j] = (char) ('!' + rnd.nextInt(94));
            }
            random[i] = new String(c);
        }
        Spread baseline = byteKeys(Codecs.fixedAscii(12), i -> random[i], N);
        assertLikeRandom("SYM000000..", byteKeys(Codecs.fixedAscii(12), i -> padded("SYM", i, 6), N), baseline, N);
        assertLikeRandom("000000000000..", byteKeys(Codecs.fixedAscii(12), i -> padded("", i, 12), N), baseline, N);
        assertLikeRandom("short ids 0..", byteKeys(Codecs.fixedAscii(12), Integer::toString, N), baseline, N);
    }

    @Test
    void uuidsWithACounterInThemSpreadLikeRandomUuids() {
        SplittableRandom rnd = new SplittableRandom(16);
        UUID[] random = new UUID[N];
        for (int i = 0; i < N; i++) {
            random[i] = new UUID(rnd.nextLong(), rnd.nextLong());
        }
        Spread baseline = byteKeys(Codecs.uuid(), i -> random[i], N);
        assertLikeRandom("UUID(0, i)", byteKeys(Codecs.uuid(), i -> new UUID(0, i), N), baseline, N);
        assertLikeRandom("UUID(i, 0)", byteKeys(Codecs.uuid(), i -> new UUID(i, 0), N), baseline, N);
        assertLikeRandom("v4 layout with a counter in bits 16..47",
            byteKeys(Codecs.uuid(), i -> new UUID(0xA1B2C3D4_0000_4000L ^ ((long) i << 16), 0x8000_0000_0000_0000L), N),
            baseline, N);
        assertLikeRandom("UUID(i << 32, i << 56)",
            byteKeys(Codecs.uuid(), i -> new UUID((long) i << 32, (long) i << 56), N), baseline, N);
    }

    private static <K> Spread byteKeys(Codec<K> codec, IntFunction<K> keyOf, int n) {
        try (OffHeapMap<K, Byte> m = OffHeapMap.builder(codec, Codecs.int8()).seed(n).build()) {
            for (int i = 0; i < n; i++) {
                m.put(keyOf.apply(i), (byte) i);
            }
            K first = keyOf.apply(0);
            while (m.stats().growing()) {
                m.put(first, (byte) 0);
            }
            return spread(m.table());
        }
    }

    /** padded is {@code prefix} then {@code i} in {@code digits} decimal digits, zero-padded. */
    private static String padded(String prefix, int i, int digits) {
        char[] c = new char[prefix.length() + digits];
        prefix.getChars(0, prefix.length(), c, 0);
        for (int j = c.length - 1; j >= prefix.length(); j--) {
            c[j] = (char) ('0' + i % 10);
            i /= 10;
        }
        return new String(c);
    }

    // ------------------------------------------------------------------ measuring

    private static void assertLikeRandom(String pattern, Spread structured, Spread random, int n) {
        String both = pattern + ": " + structured + " vs random keys " + random;
        assertEquals(n, structured.size(), "the pattern's keys are distinct: " + both);
        assertEquals(random.log2Buckets(), structured.log2Buckets(), both);
        assertTrue(structured.overflowBuckets() <= 2 * random.overflowBuckets() + 16,
            "overflow buckets in use within twice what random keys need: " + both);
        assertTrue(structured.longestChain() <= MAX_CHAIN, "longest chain at most " + MAX_CHAIN + " buckets: " + both);
        assertTrue(random.longestChain() <= MAX_CHAIN, "random keys: " + both);
        // n random keys use about 251 * (1 - e^(-n/251)) of the 251 values; ask for 80% of that
        int tophashes = Math.min(MIN_TOPHASHES, (int) (0.8 * 251 * (1 - Math.exp(-n / 251.0))));
        assertTrue(structured.tophashes() >= tophashes, "at least " + tophashes + " tophash values in use: " + both);
        // keys of one chain that share a tophash cost a key comparison on every lookup of either:
        // a hash whose top byte followed its bucket bits would make many more such pairs
        assertTrue(structured.sharedTophashes() <= 2 * random.sharedTophashes() + 16,
            "pairs of keys in one chain with the same tophash within twice what random keys have: " + both);
    }

    /**
     * spread walks every chain of the current generation, as TableChecker does, counting
     * buckets per chain and the tophash values of live cells. The table must not be growing
     * (then every head bucket of the new generation is initialised).
     */
    private static Spread spread(Table t) {
        assertTrue(!t.growing(), "measure only between grows");
        Generation g = t.buckets();
        BucketLayout layout = t.layout();
        BitSet tophashes = new BitSet(256);
        int longest = 0;
        long live = 0;
        long shared = 0;
        for (long j = 0; j < g.bucketCount; j++) {
            int chain = 0;
            int[] inChain = new int[256];
            for (long b = g.headAddress(j); b != 0; ) {
                chain++;
                for (int i = 0; i < SLOTS; i++) {
                    int top = getByte(tophashAddress(b, i)) & 0xFF;
                    if (top >= Tophash.MIN_TOP_HASH) {
                        tophashes.set(top);
                        shared += inChain[top]++;
                        live++;
                    }
                }
                long next = getLong(layout.overflowAddress(b));
                b = next == NO_OVERFLOW ? 0 : g.bucketAddress(next);
            }
            longest = Math.max(longest, chain);
        }
        assertEquals(t.count(), live, "every entry counted once");
        return new Spread(t.count(), t.log2Buckets(), g.overflowInUse(), longest, tophashes.cardinality(), shared);
    }
}
