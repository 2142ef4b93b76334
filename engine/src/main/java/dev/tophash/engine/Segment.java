package dev.tophash.engine;

import org.agrona.UnsafeApi;

/**
 * One long-addressed off-heap region with a single owner, the {@link SegmentOwner} that made it.
 * A generation's bucket array and preallocated overflow buckets are one segment; overflow
 * chunks added later are segments of their own.
 */
final class Segment {
    final Allocator allocator;
    final long address;
    final long bytes;
    /** Written under the owner's lock; read by any thread that asks whether it may still read. */
    private volatile boolean freed;

    Segment(Allocator allocator, long address, long bytes) {
        this.allocator = allocator;
        this.address = address;
        this.bytes = bytes;
    }

    /** zero sets {@code length} bytes from {@code offset} to 0 (tophash emptyRest). O(length). */
    void zero(long offset, long length) {
        assert !freed && offset >= 0 && offset + length <= bytes : "zero out of segment bounds";
        UnsafeApi.setMemory(address + offset, length, (byte) 0);
    }

    boolean isFreed() {
        return freed;
    }

    void markFreed() {
        freed = true;
    }
}
