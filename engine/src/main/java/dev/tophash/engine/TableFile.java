package dev.tophash.engine;

import dev.tophash.engine.FileFormat.GenerationState;
import dev.tophash.engine.FileFormat.Identity;
import dev.tophash.engine.FileFormat.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.UnsafeApi;

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
 * <h2>Readers in other processes</h2>
 * A read-only map follows the writer through the file alone: the live words of its first page
 * (mapped here, see {@link FileFormat}) tell it when the shape changed and how many entries
 * there are, the state records where the regions are now. The writer stores the newest
 * record's number after writing the record, and before it writes into a region that record
 * frees or adds, so a reader that checks the number after its read knows whether a region it
 * read was reused meanwhile. The file only ever grows, so no mapped page ever lies past its
 * end (which would raise SIGBUS).
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
    /** The identity page, mapped: its live words are written by the writer and read by readers. */
    private final long live;
    /** Live regions by file offset: offset to page-aligned length. */
    private final TreeMap<Long, Long> regions = new TreeMap<>();
    /** The file offset of each mapped address. */
    private final Map<Long, Long> offsets = new HashMap<>();
    private long seq;
    private FileStore store;
    /** Whether the last writer left the file without closing it (found at open). */
    final boolean unclean;
    private boolean closed;

    private TableFile(Path path, FileLocks.Handle handle, boolean readOnly, long seq, boolean unclean) {
        this.path = path;
        this.handle = handle;
        this.channel = handle.channel;
        this.readOnly = readOnly;
        this.seq = seq;
        this.unclean = unclean;
        this.live = Mmap.map(channel, 0, FileFormat.PAGE, readOnly);
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
            return new TableFile(path, handle, false, 0, false);
        } catch (IOException e) {
            FileLocks.release(handle, true);
            deleteQuietly(path);
            throw new TableFileException("could not create " + path + ": " + e, e);
        } catch (RuntimeException e) {
            FileLocks.release(handle, true);
            deleteQuietly(path);
            throw e;
        }
    }

    /** What {@link #open} found in a file: the file, and the table state to adopt. */
    record Opened(TableFile file, State state, Identity identity) {
    }

    /**
     * open reads and checks an existing file's header (magic, version, checksums, codecs
     * ({@code expected}, or any when null), and that every region it names lies inside the
     * file), taking the writer's lock unless {@code readOnly}. A reader may open a file that a
     * writer has, or that a killed writer left. Writes nothing; throws
     * {@link TableFileException} naming the problem, also when Chronicle Core cannot map the
     * file ({@link Mmap#requireUsable}).
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
            // The size is read again after the record: a writer beside this reader extends the
            // file before it writes a record naming the new space.
            checkState(state, layout, channel.size(), path);
            return new Opened(new TableFile(path, handle, readOnly, state.seq(), writerFlag), state, identity);
        } catch (IOException e) {
            FileLocks.release(handle, !readOnly);
            throw new TableFileException("could not read " + path + ": " + e, e);
        } catch (RuntimeException e) {
            FileLocks.release(handle, !readOnly);
            throw e;
        }
    }

    private static State newestState(FileChannel channel, Path path) throws IOException {
        State best = null;
        for (long slot : new long[] {FileFormat.STATE_SLOT_A, FileFormat.STATE_SLOT_B}) {
            State s = readSlot(channel, slot);
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

    /** readSlot reads the state record in a slot, or null when it is not whole (its checksum fails). */
    private static State readSlot(FileChannel channel, long slot) throws IOException {
        int length = FileFormat.stateLength(read(channel, slot, 8));
        return FileFormat.validLength(length) ? FileFormat.decodeState(read(channel, slot, length)) : null;
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

    /**
     * adoptGeneration maps the regions of a generation that a state record names and makes the
     * generation over them, owned by {@code owner}. O(chunks) system calls.
     */
    Generation adoptGeneration(SegmentOwner owner, BucketLayout layout, GenerationState g) {
        long mainBytes = Generation.bytesFor(layout, g.log2Buckets());
        Segment main = owner.adopt(mapRegion(g.mainOffset(), mainBytes), mainBytes);
        Segment[] chunks = new Segment[g.chunkOffsets().length];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = adoptChunk(owner, layout, g, i);
        }
        return Generation.adopt(owner, layout, g.log2Buckets(), main, chunks, g.nextOverflow(), g.born());
    }

    /** adoptChunk maps chunk {@code i} of a generation a state record names, owned by {@code owner}. */
    Segment adoptChunk(SegmentOwner owner, BucketLayout layout, GenerationState g, int i) {
        long chunkBytes = Generation.chunkBuckets(g.log2Buckets()) * layout.bucketSize;
        return owner.adopt(mapRegion(g.chunkOffsets()[i], chunkBytes), chunkBytes);
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

    /** offsetOf is the file offset of a region this file mapped. */
    synchronized long offsetOf(Segment segment) {
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
        GenerationState buckets = generationState(t.buckets(), seq + 1);
        GenerationState old = t.oldbuckets() == null ? null : generationState(t.oldbuckets(), seq + 1);
        State s = new State(seq + 1, t.log2Buckets(), t.sameSizeGrow(), clearing, t.hash0(), t.count(), t.noverflow(),
            t.nevacuate(), buckets, old);
        try {
            writeFully(channel, ByteBuffer.wrap(FileFormat.encodeState(s)), FileFormat.stateSlot(s.seq()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the table state of " + path, e);
        }
        seq = s.seq();
        // release: a reader that sees the number finds the record whole; StoreStore: and it sees
        // the number before any byte the writer writes next into a region the record adds or frees
        UnsafeApi.putLongRelease(null, live + FileFormat.SHAPE_SEQ_OFFSET, seq);
        VarHandle.storeStoreFence();
    }

    private GenerationState generationState(Generation g, long seqIfNew) {
        Segment[] chunks = g.chunks();
        if (chunks.length > FileFormat.MAX_CHUNKS) {
            throw new IllegalStateException("a generation of " + path + " has " + chunks.length
                + " overflow chunks; the file format records at most " + FileFormat.MAX_CHUNKS);
        }
        long[] chunkOffsets = new long[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            chunkOffsets[i] = offsetOf(chunks[i]);
        }
        g.bornAt(seqIfNew);
        return new GenerationState(g.log2Buckets, offsetOf(g.main()), g.nextOverflow(), g.born(), chunkOffsets);
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
            Mmap.unmap(live, FileFormat.PAGE);
            FileLocks.release(handle, !readOnly);
        }
    }

    /** abandon lets go of a file whose open failed, unmapping what was mapped and changing nothing. */
    synchronized void abandon(SegmentOwner owner) {
        closed = true;
        try {
            owner.run();
            Mmap.unmap(live, FileFormat.PAGE);
        } finally {
            FileLocks.release(handle, !readOnly);
        }
    }

    // ---------------------------------------------------------------- live words

    /** countWord is the address of the live entry count, which the writer stores after each insert and delete. */
    long countWord() {
        return live + FileFormat.COUNT_OFFSET;
    }

    /** publishedSeq is the sequence number of the newest whole state record, as the writer last stored it (acquire). O(1). */
    long publishedSeq() {
        return UnsafeApi.getLongAcquire(null, live + FileFormat.SHAPE_SEQ_OFFSET);
    }

    /**
     * published reads the state record numbered {@link #publishedSeq}, for a reader following
     * the writer: null when the writer has meanwhile published another (read the number again).
     * Checks that every region the record names lies inside the file. Two reads of a few
     * hundred bytes.
     */
    State published(long expectedSeq, BucketLayout layout) {
        try {
            State s = readSlot(channel, FileFormat.stateSlot(expectedSeq));
            if (s == null || s.seq() != expectedSeq) {
                return null;
            }
            checkState(s, layout, channel.size(), path);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the table state of " + path, e);
        }
    }

    /** writerGone says whether no process has this file open for writing any more (see {@link FileLocks#writerGone}). */
    boolean writerGone() {
        return FileLocks.writerGone(handle);
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
