package dev.tophash.engine;

import dev.tophash.engine.FileFormat.GenerationState;
import dev.tophash.engine.FileFormat.Identity;
import dev.tophash.engine.FileFormat.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file behind a file-backed table: its lock, its header, and the regions inside it that
 * hold the table's generations and overflow chunks. It is the table's {@link Allocator}: a new
 * generation is a new region of the file, mapped as one contiguous address range, so the
 * engine reads and writes a file-backed table exactly as an in-memory one.
 *
 * <h2>Regions</h2>
 * A region goes into the first gap between live regions that is large enough, else at the
 * end of the file, which grows (sparse: untouched pages take no disk). A retired generation's
 * region becomes a gap once unmapped; same-size grows thus reuse space instead of growing the
 * file without end. A doubling grow cannot fit in the gaps the smaller generations left, so a
 * file that grew from empty holds about twice its final table; {@code expectedSize} avoids it.
 *
 * <h2>Costs</h2>
 * Header writes are one {@code pwrite} of a few hundred bytes, made only when the table's shape
 * changes; {@link #flush} is two {@code fsync}s. Nothing here is on the get/put path.
 */
final class TableFile implements Allocator {
    final Path path;
    final boolean readOnly;
    private final FileLocks.Handle handle;
    private final FileChannel channel;
    /** Live regions by file offset: offset to page-aligned length. */
    private final TreeMap<Long, Long> regions = new TreeMap<>();
    /** The file offset of each mapped address. */
    private final Map<Long, Long> offsets = new HashMap<>();
    private long seq;
    private FileStore store;
    /** Whether the last writer left the file without closing it (found at open). */
    final boolean unclean;
    private boolean closed;

    private TableFile(Path path, FileLocks.Handle handle, long seq, boolean unclean) {
        this.path = path;
        this.handle = handle;
        this.channel = handle.channel;
        this.readOnly = !handle.writer;
        this.seq = seq;
        this.unclean = unclean;
    }

    /**
     * create makes a new file holding only the identity page (writer flag set); the table adds
     * its first region and state record. Throws {@link TableFileException}, creating nothing, if
     * the file exists or Chronicle Core cannot map it ({@link Mmap#requireUsable}).
     */
    static TableFile create(Path path, Identity identity) {
        Mmap.requireUsable(path);
        FileLocks.Handle handle = FileLocks.acquire(path, true, true);
        try {
            writeFully(handle.channel, ByteBuffer.wrap(FileFormat.encodeIdentity(identity)), 0);
            extend(handle.channel, FileFormat.HEADER_BYTES);
        } catch (IOException e) {
            FileLocks.release(handle);
            deleteQuietly(path);
            throw new TableFileException("could not create " + path + ": " + e, e);
        } catch (RuntimeException e) {
            FileLocks.release(handle);
            deleteQuietly(path);
            throw e;
        }
        return new TableFile(path, handle, 0, false);
    }

    /** What {@link #open} found in a file: the file, and the table state to adopt. */
    record Opened(TableFile file, State state, Identity identity) {
    }

    /**
     * open locks an existing file and reads and checks its header: magic, version, checksums,
     * codecs ({@code expected}, or any when null), and that every region it names lies inside
     * the file. Writes nothing; throws {@link TableFileException} naming the problem, also when
     * Chronicle Core cannot map the file ({@link Mmap#requireUsable}).
     */
    static Opened open(Path path, boolean readOnly, Identity expected) {
        Mmap.requireUsable(path);
        FileLocks.Handle handle = FileLocks.acquire(path, !readOnly, false);
        try {
            FileChannel channel = handle.channel;
            long size = channel.size();
            if (size < FileFormat.HEADER_BYTES) {
                throw new TableFileException(path + " is truncated or not a tophash file: it has " + size
                    + " bytes, and a tophash file's header alone takes " + FileFormat.HEADER_BYTES, null);
            }
            byte[] page = read(channel, 0, FileFormat.IDENTITY_BYTES);
            Identity identity = FileFormat.decodeIdentity(page, path);
            if (expected != null && !expected.equals(identity)) {
                throw new TableFileException(path + " was written with " + identity.describe()
                    + ", not with the " + expected.describe() + " asked for", null);
            }
            boolean writerFlag = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getInt((int) FileFormat.WRITER_OFFSET) != 0;
            State state = newestState(channel, path);
            BucketLayout layout = new BucketLayout(identity.keyWidth(), identity.valueWidth());
            checkState(state, layout, size, path);
            if (writerFlag && readOnly) {
                throw new TableFileException(path + " was not closed cleanly: its writer was killed or crashed."
                    + " Open it once for writing (open(path)), which checks every bucket and recovers the table,"
                    + " then open it read-only", null);
            }
            return new Opened(new TableFile(path, handle, state.seq(), writerFlag), state, identity);
        } catch (IOException e) {
            FileLocks.release(handle);
            throw new TableFileException("could not read " + path + ": " + e, e);
        } catch (RuntimeException e) {
            FileLocks.release(handle);
            throw e;
        }
    }

    private static State newestState(FileChannel channel, Path path) throws IOException {
        State best = null;
        for (long slot : new long[] {FileFormat.STATE_SLOT_A, FileFormat.STATE_SLOT_B}) {
            int length = FileFormat.stateLength(read(channel, slot, 8));
            if (!FileFormat.validLength(length)) {
                continue;
            }
            State s = FileFormat.decodeState(read(channel, slot, length));
            if (s != null && (best == null || s.seq() > best.seq())) {
                best = s;
            }
        }
        if (best == null) {
            throw new TableFileException(path + " is corrupt: neither copy of its table state passes its checksum"
                + " (a writer killed while creating the file leaves it so; such a file holds no entries)", null);
        }
        return best;
    }

    /** checkState refuses a state whose numbers or regions cannot describe a table in this file. */
    private static void checkState(State s, BucketLayout layout, long size, Path path) {
        int b = s.log2Buckets();
        GenerationState now = s.buckets();
        GenerationState old = s.oldbuckets();
        boolean shapeOk = b >= 0 && b <= Table.MAX_LOG2_BUCKETS && now.log2Buckets() == b && s.count() >= 0
            && s.noverflow() >= 0
            && (old == null || (old.log2Buckets() == (s.sameSizeGrow() ? b : b - 1)
                && s.nevacuate() >= 0 && s.nevacuate() <= (1L << old.log2Buckets())));
        if (!shapeOk) {
            throw new TableFileException(path + " is corrupt: its table state is impossible (B=" + b + ", count="
                + s.count() + ", growing=" + (old != null) + ", nevacuate=" + s.nevacuate() + ")", null);
        }
        TreeMap<Long, Long> seen = new TreeMap<>();
        checkGeneration(now, layout, size, path, seen);
        if (old != null) {
            checkGeneration(old, layout, size, path, seen);
        }
    }

    private static void checkGeneration(GenerationState g, BucketLayout layout, long size, Path path, TreeMap<Long, Long> seen) {
        long mainBytes;
        try {
            mainBytes = Generation.bytesFor(layout, g.log2Buckets());
        } catch (ArithmeticException e) {
            throw new TableFileException(path + " is corrupt: a generation of 2^" + g.log2Buckets() + " buckets cannot exist", e);
        }
        long bucketCount = 1L << g.log2Buckets();
        long limit = bucketCount + Generation.preallocatedOverflow(g.log2Buckets())
            + (long) g.chunkOffsets().length * Generation.chunkBuckets(g.log2Buckets());
        if (g.nextOverflow() < bucketCount || g.nextOverflow() > limit) {
            throw new TableFileException(path + " is corrupt: overflow cursor " + g.nextOverflow() + " outside "
                + bucketCount + ".." + limit, null);
        }
        checkRegion(g.mainOffset(), mainBytes, size, path, seen);
        long chunkBytes = Generation.chunkBuckets(g.log2Buckets()) * layout.bucketSize;
        for (long offset : g.chunkOffsets()) {
            checkRegion(offset, chunkBytes, size, path, seen);
        }
    }

    private static void checkRegion(long offset, long bytes, long size, Path path, TreeMap<Long, Long> seen) {
        long length = FileFormat.regionAlign(bytes);
        if (offset < FileFormat.HEADER_BYTES || (offset & (FileFormat.PAGE - 1)) != 0 || offset > Long.MAX_VALUE - length) {
            throw new TableFileException(path + " is corrupt: a region at offset " + offset + " is misplaced", null);
        }
        if (offset + length > size) {
            throw new TableFileException(path + " is truncated: the table needs " + (offset + length)
                + " bytes, the file has " + size, null);
        }
        Map.Entry<Long, Long> before = seen.floorEntry(offset);
        Map.Entry<Long, Long> after = seen.ceilingEntry(offset);
        if ((before != null && before.getKey() + before.getValue() > offset) || (after != null && offset + length > after.getKey())) {
            throw new TableFileException(path + " is corrupt: two of its regions overlap at offset " + offset, null);
        }
        seen.put(offset, length);
    }

    // ---------------------------------------------------------------- regions

    /**
     * allocate maps a new region of at least {@code bytes}, in a gap or at the end of the file;
     * its contents are whatever the file held there (zero past the old end). Fails with nothing
     * changed when the disk has no room for it.
     */
    @Override
    public synchronized long allocate(long bytes) {
        checkWritable();
        long length = FileFormat.regionAlign(bytes);
        long offset = FileFormat.HEADER_BYTES;
        for (Map.Entry<Long, Long> r : regions.entrySet()) {
            if (r.getKey() - offset >= length) {
                break;
            }
            offset = r.getKey() + r.getValue();
        }
        try {
            long size = channel.size();
            long end = offset + length;
            if (end > size) {
                if (store == null) {
                    store = Files.getFileStore(path); // reads the mount table: once, not per grow
                }
                long usable = store.getUsableSpace();
                if (end - size > usable) {
                    throw new OffHeapAllocationException("the disk holding " + path + " has " + usable
                        + " bytes free, and the table needs " + (end - size) + " more", null);
                }
                extend(channel, end);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not extend " + path, e);
        }
        return mapRegion(offset, length);
    }

    /** mapRegion maps a region the header names (or {@link #allocate} chose) and records it. */
    synchronized long mapRegion(long offset, long bytes) {
        long length = FileFormat.regionAlign(bytes);
        long address = Mmap.map(channel, offset, length, readOnly);
        regions.put(offset, length);
        offsets.put(address, offset);
        return address;
    }

    /** free unmaps a region; its space becomes a gap that later regions may take. */
    @Override
    public synchronized void free(long address, long bytes) {
        Long offset = offsets.remove(address);
        Mmap.unmap(address, FileFormat.regionAlign(bytes));
        if (offset != null) {
            regions.remove(offset);
        }
    }

    private synchronized long offsetOf(Segment segment) {
        Long offset = offsets.get(segment.address);
        if (offset == null) {
            throw new IllegalStateException("segment at " + segment.address + " is not a region of " + path);
        }
        return offset;
    }

    // ---------------------------------------------------------------- state

    /**
     * save writes the table's state into the spare slot: the record every reopen starts from.
     * Called before the data it describes is written. O(chunks).
     */
    void save(Table t, boolean clearing) {
        checkWritable();
        GenerationState buckets = generationState(t.buckets());
        GenerationState old = t.oldbuckets() == null ? null : generationState(t.oldbuckets());
        State s = new State(seq + 1, t.log2Buckets(), t.sameSizeGrow(), clearing, t.hash0(), t.count(), t.noverflow(),
            t.nevacuate(), buckets, old);
        try {
            writeFully(channel, ByteBuffer.wrap(FileFormat.encodeState(s)), FileFormat.stateSlot(s.seq()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the table state of " + path, e);
        }
        seq = s.seq();
    }

    private GenerationState generationState(Generation g) {
        Segment[] chunks = g.chunks();
        if (chunks.length > FileFormat.MAX_CHUNKS) {
            throw new IllegalStateException("a generation of " + path + " has " + chunks.length
                + " overflow chunks; the file format records at most " + FileFormat.MAX_CHUNKS);
        }
        long[] chunkOffsets = new long[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            chunkOffsets[i] = offsetOf(chunks[i]);
        }
        return new GenerationState(g.log2Buckets, offsetOf(g.main()), g.nextOverflow(), chunkOffsets);
    }

    /**
     * flush makes everything written so far durable: the data pages, then a state record
     * describing them, then that record. Two {@code fsync}s; O(dirty pages).
     */
    void flush(Table t) {
        checkWritable();
        try {
            channel.force(false);
            save(t, false);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not flush " + path, e);
        }
    }

    /** markOpen sets the writer flag, durably, before a writer changes anything. */
    void markOpen() {
        writeWriterFlag(1);
    }

    private void writeWriterFlag(int value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        try {
            writeFully(channel, b, FileFormat.WRITER_OFFSET);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the writer flag of " + path, e);
        }
    }

    /**
     * close ends the file's use: a writer flushes, unmaps, and clears the writer flag (in that
     * order, so a crash in between reads as unclean); everyone unmaps and lets go of the lock.
     * Idempotent. This is also the Cleaner's action for a forgotten file-backed map.
     */
    synchronized void close(Table t) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!readOnly) {
                channel.force(false);
                save(t, false);
                channel.force(false);
                writeWriterFlag(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not close " + path + " cleanly; it will be recovered when next opened", e);
        } finally {
            t.owner().run();
            FileLocks.release(handle);
        }
    }

    /** abandon lets go of a file whose open failed, unmapping what was mapped and changing nothing. */
    synchronized void abandon(SegmentOwner owner) {
        closed = true;
        try {
            owner.run();
        } finally {
            FileLocks.release(handle);
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException(path + " is open read-only; open it with open(path) to change it");
        }
    }

    // ---------------------------------------------------------------- io

    private static byte[] read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                break;
            }
        }
        return b.array();
    }

    private static void writeFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
    }

    /** extend grows the file to {@code size} bytes, sparse: one byte written at the new end. */
    private static void extend(FileChannel channel, long size) throws IOException {
        writeFully(channel, ByteBuffer.allocate(1), size - 1);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the create failed already; a leftover file is refused with a clear message on open
        }
    }

    @Override
    public String toString() {
        return "TableFile[" + path + (readOnly ? ", read-only" : "") + "]";
    }
}
