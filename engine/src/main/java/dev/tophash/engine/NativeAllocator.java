package dev.tophash.engine;

import org.agrona.UnsafeApi;

/** malloc/free through Agrona's {@code UnsafeApi}, optionally advising huge pages. */
final class NativeAllocator implements Allocator {
    private final boolean hugePages;
    private final String name;

    NativeAllocator(boolean hugePages, String name) {
        this.hugePages = hugePages;
        this.name = name;
    }

    @Override
    public long allocate(long bytes) {
        long address = UnsafeApi.allocateMemory(bytes);
        if (hugePages) {
            HugePages.advise(address, bytes);
        }
        return address;
    }

    @Override
    public void free(long address, long bytes) {
        UnsafeApi.freeMemory(address);
    }

    @Override
    public String toString() {
        return name;
    }
}
