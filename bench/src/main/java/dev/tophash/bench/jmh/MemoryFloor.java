package dev.tophash.bench.jmh;

import dev.tophash.engine.Allocator;
import dev.tophash.engine.HugePages;
import dev.tophash.engine.LongLongMap;
import java.io.IOException;
import org.agrona.UnsafeApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The floor every map figure is read against: one random 8-byte read per op from an off-heap
 * region as large as the head buckets of a tophash table of {@code size} entries, with the
 * offsets pre-shuffled and read sequentially as the maps' keys are. No lookup can take fewer
 * trips to memory than this; a get that lands here is limited by the memory system, not by
 * the map.
 *
 * <p>The region is {@value #BUCKET_BYTES} bytes times {@code 2^B} buckets, B what a
 * {@code LongLongMap} built for {@code size} entries reports (so the floor follows the engine's
 * sizing): 36 KiB at 1000 entries, 36 MiB at 1M, 288 MiB at 10M. The table's preallocated
 * overflow buckets (one sixteenth more) are left out: a get reads the head buckets. The offsets
 * are {@code size} distinct 8-byte-aligned positions spread evenly over the region, and the
 * region is written before the first read, so every page is really mapped. It comes from
 * {@code Allocator.NATIVE}, as a table's memory does, so it is on the same (huge) pages.
 *
 * <p>Two floors. {@link #read()} is the one the maps' ops compare with directly: its reads are
 * independent, so the CPU overlaps the misses of consecutive ops, as it does for consecutive
 * gets. {@link #chase()} makes each read's address depend on the previous read (every offset
 * holds the next one, a single cycle through all of them), so misses cannot overlap: the full
 * latency of one random access, the cost of each dependent miss inside a lookup (bucket, then
 * key, then value).
 */
public class MemoryFloor extends SuiteSettings {
    /** Bytes in one bucket of a {@code long -> long} table: tophash word, 8 keys, 8 values, overflow. */
    public static final int BUCKET_BYTES = 8 + 8 * Long.BYTES + 8 * Long.BYTES + Long.BYTES;

    /** The table size whose memory the region matches, in entries. */
    @Param({"1000", "1000000", "10000000"})
    public int size;

    private long region;
    private long regionBytes;
    private long[] offsets;
    private int next;
    private long cursor;

    /**
     * Allocates and writes the region, as large as the head buckets of a real table of
     * {@code size} entries; spreads and shuffles the offsets and links them into one cycle for
     * {@link #chase()}.
     */
    @Setup(Level.Trial)
    public void allocate() {
        try (LongLongMap table = LongLongMap.builder().expectedSize(size).build()) {
            regionBytes = (long) BUCKET_BYTES << table.stats().log2Buckets();
        }
        long bytes = regionBytes;
        // The tables' own allocator, so the floor sits on the same pages (huge where available).
        HugePages.enabled();
        region = Allocator.NATIVE.allocate(bytes);
        UnsafeApi.setMemory(region, bytes, (byte) 0x5A);
        long words = bytes / Long.BYTES;
        offsets = new long[size];
        for (int i = 0; i < size; i++) {
            offsets[i] = i * words / size * Long.BYTES;
        }
        Keys.shuffle(offsets, 9);
        for (int i = 0; i < size; i++) {
            UnsafeApi.putLong(region + offsets[i], offsets[i + 1 == size ? 0 : i + 1]);
        }
        cursor = offsets[0];
    }

    /** Frees the region. */
    @TearDown(Level.Trial)
    public void free() {
        Allocator.NATIVE.free(region, regionBytes);
        region = 0;
    }

    /**
     * Reads the word at the next offset.
     *
     * @return the word, consumed by JMH
     */
    @Benchmark
    public long read() {
        int i = next;
        next = i + 1 == offsets.length ? 0 : i + 1;
        return UnsafeApi.getLong(region + offsets[i]);
    }

    /**
     * Reads the word at the current position, which is the next position.
     *
     * @return the position read, consumed by JMH
     */
    @Benchmark
    public long chase() {
        long position = UnsafeApi.getLong(region + cursor);
        cursor = position;
        return position;
    }

    /**
     * Runs this class with its annotations' settings, or as {@code args} say.
     *
     * @param args JMH command-line options
     * @throws IOException if JMH cannot write its output
     */
    public static void main(String[] args) throws IOException {
        Suite.run(MemoryFloor.class, args);
    }
}
