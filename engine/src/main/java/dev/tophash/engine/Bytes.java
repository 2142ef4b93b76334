package dev.tophash.engine;

import org.agrona.UnsafeApi;

/**
 * Copying, zeroing and comparing short runs of off-heap bytes with plain 8-byte loads and
 * stores. On JDK 17 {@code Unsafe.copyMemory} and {@code setMemory} are native calls whose
 * fixed cost is several times that of moving one 144-byte bucket by hand, and evacuation
 * moves one key and one value per entry; runs of {@link #BULK} bytes or more still go to them.
 */
final class Bytes {
    /** From this many bytes on, the JDK's bulk copy and fill beat a loop. */
    static final long BULK = 1024;

    private Bytes() {
    }

    /** copy moves {@code length} bytes from {@code src} to {@code dst}; the ranges must not overlap. */
    static void copy(long src, long dst, long length) {
        if (length >= BULK) {
            UnsafeApi.copyMemory(src, dst, length);
            return;
        }
        long i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            UnsafeApi.putLong(dst + i, UnsafeApi.getLong(src + i));
        }
        for (; i < length; i++) {
            UnsafeApi.putByte(dst + i, UnsafeApi.getByte(src + i));
        }
    }

    /** zero sets {@code length} bytes from {@code address} to 0. */
    static void zero(long address, long length) {
        if (length >= BULK) {
            UnsafeApi.setMemory(address, length, (byte) 0);
            return;
        }
        long i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            UnsafeApi.putLong(address + i, 0L);
        }
        for (; i < length; i++) {
            UnsafeApi.putByte(address + i, (byte) 0);
        }
    }

    /** equal compares {@code length} bytes at two addresses, eight at a time. */
    static boolean equal(long a, long b, int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (UnsafeApi.getLong(a + i) != UnsafeApi.getLong(b + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (UnsafeApi.getByte(a + i) != UnsafeApi.getByte(b + i)) {
                return false;
            }
        }
        return true;
    }
}
