package dev.tophash.engine;

import net.openhft.hashing.LongHashFunction;

/**
 * The seeded 64-bit hash of a key. Both the bucket (low B bits) and the tophash (top 8 bits)
 * come from it, so every bit must depend on every key bit: sequential ids, {@code i << 32} and
 * multiples of {@code 2^20} must spread as well as random keys.
 *
 * <p>Keys of 1, 2, 4 or 8 bytes are hashed from their bits in three bijective steps over
 * {@code x = bits ^ hash0}: fold the high half into the low ({@code x ^ x >>> 32}, so keys that
 * differ only in their top bits still land in different buckets), one multiply by an odd
 * constant, and fold again ({@code h ^ h >>> 29}, so the low bits that pick the bucket depend on
 * the whole product). Distinct keys never share a full hash. One multiply where SplitMix64's
 * finaliser takes two: a lookup's critical path is that much shorter. Wider keys are hashed from their bytes with wyhash (version 3) from
 * zero-allocation-hashing, seeded with hash0: for keys of 9 to 40 bytes it costs two to four
 * 64x64-to-128-bit multiplies, where xxHash64 chains a round of multiplies per 8 bytes and then
 * a finaliser. The bytes are read through {@link OffHeapAccess}: the library's own memory
 * access, and XXH3 (which reads its secret table with it), go through {@code sun.misc.Unsafe},
 * which JDK 24 and later warn about on the console.
 */
final class Hashing {
    private static final long M1 = 0xBF58476D1CE4E5B9L;
    private static final long M2 = 0x94D049BB133111EBL;

    private Hashing() {
    }

    /** hashBits hashes a key given as sign-extended bits (see the class comment). O(1), allocation-free. */
    static long hashBits(long bits, long hash0) {
        long x = bits ^ hash0;
        long h = (x ^ (x >>> 32)) * M2;
        return h ^ (h >>> 29);
    }

    /** bytesHash is the seeded byte hasher for keys wider than 8 bytes (one small object per seed). */
    static LongHashFunction bytesHash(long hash0) {
        return LongHashFunction.wy_3(hash0);
    }

    /**
     * hashBytes hashes the {@code width} bytes at {@code address} with {@code bytesHash} (made by
     * {@link #bytesHash}). O(width), allocation-free.
     */
    static long hashBytes(LongHashFunction bytesHash, long address, int width) {
        return bytesHash.hash(null, OffHeapAccess.LITTLE_ENDIAN, address, width);
    }

    /** mix is SplitMix64's finaliser: every output bit depends on every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        return z ^ (z >>> 31);
    }
}
