package dev.tophash.engine;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;
import org.agrona.BufferUtil;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link OffHeapAccess} reads off-heap bytes as zero-allocation-hashing expects, and the hash
 * of a wide key read through it is the library's own hash of the same bytes.
 *
 * <p>The library's reference here is {@code hashBytes} of a read-only heap {@link ByteBuffer}:
 * it has no array to expose and no address, so the library reads it through its
 * {@code ByteBufferAccess}, which never touches {@code sun.misc.Unsafe} (its byte-array and
 * direct-buffer paths do).
 */
class OffHeapAccessTest {
    private static final int SPAN = 256;

    /**
     * A direct buffer of random bytes, freed by the GC (no map memory is involved): each test
     * keeps it reachable until it has read its address for the last time.
     */
    private static ByteBuffer randomBytes(long seed) {
        ByteBuffer b = ByteBuffer.allocateDirect(SPAN);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < SPAN; i++) {
            b.put(i, (byte) rnd.nextInt());
        }
        return b;
    }

    @Test
    void readsAtEveryAlignmentAreLittleEndian() {
        ByteBuffer b = randomBytes(1).order(ByteOrder.LITTLE_ENDIAN);
        long base = BufferUtil.address(b);
        OffHeapAccess access = OffHeapAccess.LITTLE_ENDIAN;
        for (int i = 0; i <= SPAN - 8; i++) {
            assertEquals(b.getLong(i), access.getLong(null, base + i), "getLong at +" + i);
            assertEquals(b.getInt(i), access.getInt(null, base + i), "getInt at +" + i);
            assertEquals(b.getInt(i) & 0xFFFF_FFFFL, access.getUnsignedInt(null, base + i), "getUnsignedInt at +" + i);
            assertEquals(b.getShort(i), access.getShort(null, base + i), "getShort at +" + i);
            assertEquals(b.getShort(i) & 0xFFFF, access.getUnsignedShort(null, base + i), "getUnsignedShort at +" + i);
            assertEquals(b.get(i), access.getByte(null, base + i), "getByte at +" + i);
            assertEquals(b.get(i) & 0xFF, access.getUnsignedByte(null, base + i), "getUnsignedByte at +" + i);
        }
        assertEquals(ByteOrder.LITTLE_ENDIAN, access.byteOrder(null));
        Reference.reachabilityFence(b);
    }

    @Test
    void theReverseAccessReadsBigEndianAndReversesBack() {
        ByteBuffer b = randomBytes(2).order(ByteOrder.BIG_ENDIAN);
        long base = BufferUtil.address(b);
        Access<Void> big = OffHeapAccess.LITTLE_ENDIAN.byteOrder(null, ByteOrder.BIG_ENDIAN);
        assertEquals(ByteOrder.BIG_ENDIAN, big.byteOrder(null));
        for (int i = 0; i <= SPAN - 8; i++) {
            assertEquals(b.getLong(i), big.getLong(null, base + i), "getLong at +" + i);
            assertEquals(b.getInt(i), big.getInt(null, base + i), "getInt at +" + i);
            assertEquals(b.getShort(i), big.getShort(null, base + i), "getShort at +" + i);
            assertEquals(b.get(i), big.getByte(null, base + i), "getByte at +" + i);
        }
        assertSame(OffHeapAccess.LITTLE_ENDIAN, big.byteOrder(null, ByteOrder.LITTLE_ENDIAN));
        assertSame(OffHeapAccess.LITTLE_ENDIAN, OffHeapAccess.LITTLE_ENDIAN.byteOrder(null, ByteOrder.LITTLE_ENDIAN));
        Reference.reachabilityFence(b);
    }

    /** Every width a wide key can have up to 64 bytes, at every alignment: each branch of the hash's length switch. */
    @Test
    void wideKeysHashAsTheLibraryHashesTheSameBytes() {
        ByteBuffer b = randomBytes(3);
        long base = BufferUtil.address(b);
        byte[] copy = new byte[SPAN];
        b.get(0, copy);
        for (long seed : new long[] {0, 1, -1, 0x7A11_C0DE}) {
            LongHashFunction hash = Hashing.bytesHash(seed);
            for (int width = 9; width <= 64; width++) {
                for (int offset = 0; offset < 8; offset++) {
                    ByteBuffer reference = ByteBuffer.wrap(copy, offset, width).asReadOnlyBuffer();
                    assertEquals(hash.hashBytes(reference), Hashing.hashBytes(hash, base + offset, width),
                        "seed " + seed + ", " + width + " bytes at +" + offset);
                }
            }
        }
        Reference.reachabilityFence(b);
    }

    /**
     * The hot path's rule: hashing a wide key allocates nothing. Warming up (class loading, the
     * JIT's tier changes) allocates a little on the calling thread, so rounds of hashes are
     * counted until one allocates nothing; a hash that allocated would allocate in every round.
     */
    @Test
    void hashingAWideKeyAllocatesNothing() {
        ByteBuffer b = randomBytes(5);
        long base = BufferUtil.address(b);
        LongHashFunction hash = Hashing.bytesHash(6);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 50 && fewest > 0; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                sum += Hashing.hashBytes(hash, base + (i & 7), 9 + i % 56);
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, fewest, "bytes allocated by the leanest round of 10,000 hashes (sum " + sum + ")");
        Reference.reachabilityFence(b);
    }

    @Test
    void theSeedChangesTheHashOfAWideKey() {
        ByteBuffer b = randomBytes(4);
        long base = BufferUtil.address(b);
        for (int width = 9; width <= 40; width++) {
            assertNotEquals(Hashing.hashBytes(Hashing.bytesHash(1), base, width),
                Hashing.hashBytes(Hashing.bytesHash(2), base, width), width + " bytes");
        }
        Reference.reachabilityFence(b);
    }
}
