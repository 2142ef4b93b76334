package dev.tophash.bench.machine;

import dev.tophash.engine.Allocator;
import java.util.Arrays;
import org.agrona.UnsafeApi;

/**
 * What the first write to newly allocated memory costs here, per 2 MiB: once for memory the
 * process has not had before, and once for the same amount allocated again as soon as it was
 * freed.
 *
 * <p>Why it matters: a growing tophash table takes fresh memory for every generation and
 * overflow chunk (about 0.65 GiB over a fill to 10M entries), and a write to a page not yet
 * backed waits for the kernel, and on a virtual machine perhaps the host, to back it. The two
 * figures tell the guest's own cost (zeroing the page) from the host's: when the host takes
 * back memory the guest frees (virtio-balloon free page reporting), fresh memory costs many
 * times what memory reused at once does.
 *
 * <p>Memory comes from {@link Allocator#NATIVE}, as tables' does, so it is on huge pages where
 * the machine gives them. One byte is written per 4 KiB page, which backs every page whatever
 * its size.
 */
final class FirstTouch {
    /** The unit timed: one huge page. */
    static final long CHUNK = 2L << 20;
    private static final long PAGE = 4096;

    private FirstTouch() {
    }

    /**
     * Allocates {@code bytes} (rounded down to whole 2 MiB), writes every page, frees it, then
     * does the same again at once. Costs the time to back {@code bytes} twice; holds
     * {@code bytes} at most.
     *
     * @param bytes how much to take each time, at least {@link #CHUNK}
     * @return the fresh and the reused measurement
     * @throws OutOfMemoryError (or another RuntimeException) when the memory cannot be had
     */
    static Result[] measure(long bytes) {
        if (bytes < CHUNK) {
            throw new IllegalArgumentException("first touch needs at least 2 MiB, not " + bytes + " bytes");
        }
        long whole = bytes - bytes % CHUNK;
        return new Result[] {once("fresh", whole), once("reused at once", whole)};
    }

    private static Result once(String what, long bytes) {
        long address = Allocator.NATIVE.allocate(bytes);
        try {
            long[] chunkNs = new long[(int) (bytes / CHUNK)];
            long start = System.nanoTime();
            for (int c = 0; c < chunkNs.length; c++) {
                long t0 = System.nanoTime();
                long base = address + c * CHUNK;
                for (long o = 0; o < CHUNK; o += PAGE) {
                    UnsafeApi.putByte(base + o, (byte) 1);
                }
                chunkNs[c] = System.nanoTime() - t0;
            }
            long totalNs = System.nanoTime() - start;
            return new Result(what, bytes, totalNs, chunkNs);
        } finally {
            Allocator.NATIVE.free(address, bytes);
        }
    }

    /**
     * One measurement.
     *
     * @param what "fresh" or "reused at once"
     * @param bytes how much was written
     * @param totalNs the time to write it all
     * @param chunkNs the time of each 2 MiB, in the order written
     */
    record Result(String what, long bytes, long totalNs, long[] chunkNs) {
        /**
         * The rate.
         *
         * @return megabytes (10^6) per second
         */
        double megabytesPerSecond() {
            return bytes / 1e6 / (totalNs / 1e9);
        }

        /**
         * A percentile of the per-2-MiB times, by rank in a sorted copy.
         *
         * @param percentile 0 to 100
         * @return nanoseconds
         */
        long chunkNsAt(double percentile) {
            long[] sorted = chunkNs.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.min(sorted.length - 1, Math.floor(percentile / 100 * sorted.length));
            return sorted[rank];
        }
    }
}
