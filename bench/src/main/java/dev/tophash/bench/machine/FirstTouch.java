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
 * its size. Fresh is always measured first, so it also carries the loop's first compilation,
 * which is small next to a page's cost.
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
     * @throws OutOfMemoryError or a RuntimeException when the memory cannot be had
     */
    static Result[] measure(long bytes) {
        if (bytes < CHUNK) {
            throw new IllegalArgumentException("first touch needs at least 2 MiB, not " + bytes + " bytes");
        }
        long whole = bytes - bytes % CHUNK;
        return new Result[] {once("fresh", whole), once("reused at once", whole)};
    }

    /**
     * Writes one byte in every 4 KiB of {@code bytes} at {@code address}, which backs every
     * page whatever its size. Costs what the machine charges to back them.
     *
     * @param address the first byte
     * @param bytes how far to go
     */
    static void touch(long address, long bytes) {
        for (long o = 0; o < bytes; o += PAGE) {
            UnsafeApi.putByte(address + o, (byte) 1);
        }
    }

    private static Result once(String what, long bytes) {
        long address = Allocator.NATIVE.allocate(bytes);
        try {
            long[] chunkNs = new long[(int) (bytes / CHUNK)];
            long start = System.nanoTime();
            for (int c = 0; c < chunkNs.length; c++) {
                long t0 = System.nanoTime();
                touch(address + c * CHUNK, CHUNK);
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
         * A percentile of the per-2-MiB times, by nearest rank in a sorted copy: the smallest
         * time that at least {@code percentile}% of the chunks do not exceed.
         *
         * @param percentile 0 to 100
         * @return nanoseconds
         */
        long chunkNsAt(double percentile) {
            long[] sorted = chunkNs.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.max(0, Math.ceil(percentile / 100 * sorted.length) - 1);
            return sorted[Math.min(rank, sorted.length - 1)];
        }
    }
}
