package dev.tophash.engine;

/** An allocator that can be told to fail its next allocations, for fault-injection tests. */
final class FailingAllocator implements Allocator {
    private int failuresLeft;
    int allocations;
    /** Frees arrive from the housekeeper thread too. */
    final java.util.concurrent.atomic.AtomicInteger frees = new java.util.concurrent.atomic.AtomicInteger();

    /** failNext makes the next {@code n} allocations throw OutOfMemoryError. */
    void failNext(int n) {
        failuresLeft = n;
    }

    @Override
    public long allocate(long bytes) {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new OutOfMemoryError("injected failure of a " + bytes + "-byte allocation");
        }
        allocations++;
        return Allocator.NATIVE.allocate(bytes);
    }

    @Override
    public void free(long address, long bytes) {
        frees.incrementAndGet();
        Allocator.NATIVE.free(address, bytes);
    }
}
