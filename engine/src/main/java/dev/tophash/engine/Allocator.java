package dev.tophash.engine;

/**
 * Where a map's off-heap memory comes from. The default, {@link #NATIVE}, is {@code malloc}
 * through Agrona's {@code UnsafeApi} with huge pages advised for large regions; tests plug in
 * allocators that fail on demand to prove that a failed allocation leaves a map as it was.
 *
 * <p>tophash counts every byte it takes from an allocator in {@link OffHeapMemory}, so an
 * allocator need not count.
 */
public interface Allocator {
    /**
     * malloc/free through Agrona's {@code UnsafeApi}; memory comes back uninitialised. On 64-bit
     * Linux it also asks for transparent huge pages on every whole 2 MiB of each region (see
     * {@link HugePages}): one system call per allocation, none per operation.
     */
    Allocator NATIVE = new NativeAllocator(true, "Allocator.NATIVE");

    /** malloc/free as {@link #NATIVE}, leaving every region on the system's default pages. */
    Allocator NATIVE_SMALL_PAGES = new NativeAllocator(false, "Allocator.NATIVE_SMALL_PAGES");

    /**
     * Allocates {@code bytes} of off-heap memory, contents unspecified. Cost: the platform's
     * allocator; tophash never asks for more than one table generation or one overflow chunk
     * at a time.
     *
     * @param bytes the size, at least 1
     * @return the address of the first byte
     * @throws OutOfMemoryError (or any RuntimeException) when the memory cannot be had
     */
    long allocate(long bytes);

    /**
     * Frees memory returned by {@link #allocate}. Called exactly once per allocation, from the
     * thread that closes the map or, for table generations retired by growth, from tophash's
     * housekeeper thread ({@code tophash-housekeeper} unless the map was given a thread factory):
     * implementations must be thread-safe.
     *
     * @param address the address {@link #allocate} returned
     * @param bytes the size that was asked for
     */
    void free(long address, long bytes);
}
