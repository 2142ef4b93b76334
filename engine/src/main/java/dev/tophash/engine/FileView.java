package dev.tophash.engine;

import dev.tophash.engine.FileFormat.GenerationState;
import dev.tophash.engine.FileFormat.State;
import java.lang.invoke.VarHandle;
import net.openhft.hashing.LongHashFunction;
import org.agrona.UnsafeApi;

/**
 * What a read-only file-backed table knows of its file while a writer, in this process or
 * another, changes it: the newest state record it has followed, as a {@link Shape}, and the
 * generations mapped for it. Reader threads share it. A read starts from {@link #follow}, which
 * maps what the writer added when the writer has published a newer record, and ends with
 * {@link #unchanged}: a region the writer freed or reused meanwhile was read only if the record
 * number moved, and then the read goes round again.
 *
 * <h2>When the writer is gone</h2>
 * A writer killed in the middle of a change leaves that chain's version odd. A reader that has
 * waited on an odd version for a while asks the OS whether anyone still holds the writer's lock
 * ({@link #writerGone}); the answer holds until the record number moves (a new writer's open
 * publishes a record before it repairs anything).
 */
final class FileView {
    /** The writer's shape as of one state record, immutable: what one read works from. */
    static final class Shape {
        final long seq;
        final Generation now;
        final Generation old;
        final boolean clearing;
        final long hash0;
        private final LongHashFunction bytesHash;

        Shape(long seq, Generation now, Generation old, boolean clearing, long hash0, boolean bitsKeys) {
            this.seq = seq;
            this.now = now;
            this.old = old;
            this.clearing = clearing;
            this.hash0 = hash0;
            this.bytesHash = bitsKeys ? null : Hashing.bytesHash(hash0);
        }

        /** hash is the key's hash under this shape's hash0: bits keys from their bits, others from their bytes. */
        long hash(Keys keys, long keyBits, long keyAddress) {
            return keys.bits ? Hashing.hashBits(keyBits, hash0) : Hashing.hashBytes(bytesHash, keyAddress, keys.width);
        }
    }

    private final TableFile file;
    private final SegmentOwner owner;
    private final BucketLayout layout;
    private final boolean bitsKeys;
    private volatile Shape shape;
    /** The record number at which the writer was found gone; -1 while it is not known to be. */
    private volatile long goneAt = -1;

    FileView(TableFile file, SegmentOwner owner, BucketLayout layout, boolean bitsKeys, State state,
             Generation now, Generation old) {
        this.file = file;
        this.owner = owner;
        this.layout = layout;
        this.bitsKeys = bitsKeys;
        this.shape = new Shape(state.seq(), now, old, state.clearing(), state.hash0(), bitsKeys);
    }

    /** current is the shape followed last, without asking the file. */
    Shape current() {
        return shape;
    }

    /**
     * follow returns the shape of the newest record the writer published, first mapping what it
     * names and {@code t} does not have yet and telling {@code t} ({@link Table#follow}). O(1)
     * when nothing changed: one load of a word in the file's first page, and one of the owner's
     * flag for memory that earlier reads held back, which it frees.
     */
    Shape follow(Table t) {
        // No writer of this process frees what reads held back; the next read does (one volatile load when nothing waits).
        owner.reclaim();
        Shape s = shape;
        return file.publishedSeq() == s.seq ? s : refresh(t);
    }

    /** unchanged says whether the writer has published no record since {@code s}: nothing {@code s} names was freed. O(1). */
    boolean unchanged(Shape s) {
        return unchanged(s.seq);
    }

    /** unchanged says whether the newest record is still number {@code seq}. O(1). */
    boolean unchanged(long seq) {
        // LoadLoad: what the read read came from memory before the number is read again
        VarHandle.loadLoadFence();
        return file.publishedSeq() == seq;
    }

    /** count is the entry count the writer last stored. O(1). */
    long count() {
        return UnsafeApi.getLongAcquire(null, file.countWord());
    }

    /**
     * writerGone says whether no process has the file open for writing: the writer that left
     * {@code s}'s odd version behind was killed. A system call, made at most once per record
     * number once the answer is yes.
     */
    boolean writerGone(Shape s) {
        if (goneAt == s.seq) {
            return true;
        }
        if (file.writerGone() && unchanged(s)) {
            goneAt = s.seq;
            return true;
        }
        return false;
    }

    private synchronized Shape refresh(Table t) {
        while (true) {
            Shape s = shape;
            long published = file.publishedSeq();
            if (published == s.seq) {
                return s;
            }
            State state = file.published(published, layout);
            if (state == null) {
                Thread.onSpinWait(); // the writer is writing the next record: read the number again
                continue;
            }
            Generation now = follow(state.buckets(), s);
            Generation old = state.oldbuckets() == null ? null : follow(state.oldbuckets(), s);
            Shape next = new Shape(published, now, old, state.clearing(), state.hash0(), bitsKeys);
            // Published before anything is retired: a read that starts after a release no longer
            // finds what was released, and one that started before holds it back (see Readers).
            shape = next;
            t.follow(next, s);
            owner.reclaim();
            return next;
        }
    }

    /**
     * follow returns the generation a record names: the one already mapped when it is the same
     * generation (same first record, same region), with any chunks the writer added since, or a
     * new mapping of its regions.
     */
    private Generation follow(GenerationState g, Shape s) {
        for (Generation known : new Generation[] {s.now, s.old}) {
            if (known != null && known.born() == g.born() && known.log2Buckets == g.log2Buckets()
                && sameChunks(known, g)) {
                for (int i = known.chunkCount(); i < g.chunkOffsets().length; i++) {
                    known.adoptChunk(file.adoptChunk(owner, layout, g, i));
                }
                return known;
            }
        }
        return file.adoptGeneration(owner, layout, g);
    }

    /** sameChunks says whether every chunk {@code known} has is the one the record names in its place (a clear frees them). */
    private boolean sameChunks(Generation known, GenerationState g) {
        Segment[] chunks = known.chunks();
        if (chunks.length > g.chunkOffsets().length) {
            return false;
        }
        for (int i = 0; i < chunks.length; i++) {
            if (file.offsetOf(chunks[i]) != g.chunkOffsets()[i]) {
                return false;
            }
        }
        return true;
    }
}
