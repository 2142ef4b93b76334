package dev.tophash.codecs;

import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.UnsafeApi;

/**
 * One slot of real off-heap memory for a codec test, fenced by canary bytes on both sides so
 * that a codec writing outside its width fails the test when the slot is closed, and counted so
 * that every test can check that it freed what it allocated.
 */
final class OffHeapSlot implements AutoCloseable {
    /** Canary bytes on each side of the slot. */
    private static final int GUARD = 16;
    /** The canary pattern; unlikely to be what a codec writes by accident. */
    private static final byte CANARY = (byte) 0xA5;
    /** Slots allocated and not yet closed, across all tests. */
    private static final AtomicInteger LIVE = new AtomicInteger();

    /** The address of the slot's first byte. */
    final long address;
    /** The slot's width in bytes. */
    final int width;
    /** What malloc returned. */
    private final long base;
    /** Bytes allocated at {@link #base}, guards included. */
    private final long size;
    /** Whether the memory was freed. */
    private boolean closed;

    /** Allocates {@code width} bytes with {@code front} canary bytes before them and {@link #GUARD} after. */
    private OffHeapSlot(int width, int front) {
        this.width = width;
        this.size = front + width + (long) GUARD;
        this.base = UnsafeApi.allocateMemory(size);
        UnsafeApi.setMemory(base, size, CANARY);
        this.address = base + front;
        LIVE.incrementAndGet();
    }

    /** An 8-byte aligned slot of {@code width} bytes, filled with canary bytes. */
    static OffHeapSlot allocate(int width) {
        return allocate(width, 0);
    }

    /**
     * A slot whose address is {@code misalignment} (0..7) bytes past an 8-byte boundary, as keys
     * of odd widths are in a real bucket; malloc's 16-byte alignment makes the front guard decide.
     */
    static OffHeapSlot allocate(int width, int misalignment) {
        if (misalignment < 0 || misalignment >= 8) {
            throw new IllegalArgumentException("misalignment must be 0..7, got " + misalignment);
        }
        return new OffHeapSlot(width, GUARD + misalignment);
    }

    /** Slots allocated by any test and not yet closed. */
    static int live() {
        return LIVE.get();
    }

    /** A copy of the slot's bytes. */
    byte[] bytes() {
        byte[] copy = new byte[width];
        for (int i = 0; i < width; i++) {
            copy[i] = UnsafeApi.getByte(address + i);
        }
        return copy;
    }

    /** Fills the slot with {@code value}. */
    OffHeapSlot fill(byte value) {
        UnsafeApi.setMemory(address, width, value);
        return this;
    }

    /** Checks the canaries, then frees the memory; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long end = base + size;
            for (long a = base; a < end; a++) {
                boolean inSlot = a >= address && a < address + width;
                if (!inSlot && UnsafeApi.getByte(a) != CANARY) {
                    throw new AssertionError("a codec wrote outside its " + width + "-byte slot, at offset "
                            + (a - address));
                }
            }
        } finally {
            UnsafeApi.freeMemory(base);
            LIVE.decrementAndGet();
        }
    }
}
