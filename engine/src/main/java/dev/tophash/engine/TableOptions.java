package dev.tophash.engine;

import dev.tophash.codecs.BitsCodec;
import dev.tophash.codecs.Codec;
import dev.tophash.engine.FileFormat.Identity;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * The options every map builder shares (expected size, seed, allocator, file, threads) and the one place
 * that turns them into a {@link Table} whose memory a {@link Cleaner} frees if the map is
 * forgotten.
 */
final class TableOptions {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final SecureRandom SEEDS = new SecureRandom();

    long expectedSize;
    long seed;
    boolean seeded;
    Allocator allocator = Allocator.NATIVE;
    /** The file of a file-backed table, or null for one in memory. */
    Path file;
    /** Where the housekeeper's thread comes from; null for tophash's own daemon thread. */
    ThreadFactory threadFactory;
    /** False for a map that runs no background thread: its housekeeping happens on the writer. */
    boolean backgroundThreads = true;

    void expectedSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("expectedSize must not be negative, got " + size);
        }
        this.expectedSize = size;
    }

    void seed(long seed) {
        this.seed = seed;
        this.seeded = true;
    }

    void allocator(Allocator allocator) {
        if (allocator == null) {
            throw new NullPointerException("allocator");
        }
        this.allocator = allocator;
    }

    void file(Path path) {
        this.file = Objects.requireNonNull(path, "file");
    }

    void threadFactory(ThreadFactory factory) {
        this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
    }

    void backgroundThreads(boolean on) {
        this.backgroundThreads = on;
    }

    /**
     * owner makes the segment owner of a new map over {@code allocator}, joined to the
     * housekeeper these options choose. The caller must run the owner if the map is not made.
     */
    private SegmentOwner owner(Allocator allocator) {
        Housekeeper housekeeper = backgroundThreads ? Housekeeper.join(threadFactory) : Housekeeper.ON_WRITER;
        if (allocator == Allocator.NATIVE && !backgroundThreads) {
            // Here, not on the first large allocation, which may be a put.
            HugePages.loadOn(housekeeper);
        }
        return new SegmentOwner(allocator, housekeeper);
    }

    /**
     * newTable allocates the first generation (zeroed), in memory or in a new file named by
     * {@link #file}. Throws, leaving no file behind, for an impossible size or a file that
     * exists.
     */
    Table newTable(Codec<?> keyCodec, Codec<?> valueCodec) {
        JvmFlags.requireAgronaAccess();
        BucketLayout layout = new BucketLayout(keyCodec.width(), valueCodec.width());
        boolean bitsKeys = keyCodec instanceof BitsCodec;
        long s = seeded ? seed : SEEDS.nextLong();
        if (file == null) {
            ColdPaths.run();
            SegmentOwner owner = owner(allocator);
            try {
                return new Table(layout, bitsKeys, owner, expectedSize, s, null);
            } catch (RuntimeException | Error e) {
                owner.run();
                throw e;
            }
        }
        if (allocator != Allocator.NATIVE) {
            throw new IllegalArgumentException("a file-backed table takes its memory from its file; do not set an allocator too");
        }
        Table.log2BucketsFor(expectedSize, layout); // refuse an impossible size before creating the file
        TableFile f = TableFile.create(file, identity(keyCodec, valueCodec));
        SegmentOwner owner = owner(f);
        try {
            return new Table(layout, bitsKeys, owner, expectedSize, s, f);
        } catch (RuntimeException | Error e) {
            f.abandon(owner);
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** identity is how a file names a table's codecs: their names, widths, and whether keys are bits. */
    static Identity identity(Codec<?> keyCodec, Codec<?> valueCodec) {
        return new Identity(keyCodec.width(), valueCodec.width(), keyCodec instanceof BitsCodec,
            FileFormat.codecName(keyCodec.name()), FileFormat.codecName(valueCodec.name()));
    }

    /**
     * openTable opens an existing file-backed table, for writing or read-only. A writer that
     * finds the last writer never closed the file recovers the table first ({@link Recovery}).
     * When it throws, the file is as it was and nothing is held.
     */
    Table openTable(Path path, boolean readOnly, Codec<?> keyCodec, Codec<?> valueCodec) {
        JvmFlags.requireAgronaAccess();
        Objects.requireNonNull(path, "path");
        TableFile.Opened opened = TableFile.open(path, readOnly, identity(keyCodec, valueCodec));
        TableFile f = opened.file();
        FileFormat.State state = opened.state();
        Identity id = opened.identity();
        SegmentOwner owner = owner(f);
        try {
            BucketLayout layout = new BucketLayout(id.keyWidth(), id.valueWidth());
            Generation now = adopt(owner, f, layout, state.buckets());
            Generation old = state.oldbuckets() == null ? null : adopt(owner, f, layout, state.oldbuckets());
            Table t = new Table(layout, id.bitsKeys(), owner, f, state, now, old, SEEDS.nextLong());
            if (!readOnly) {
                Recovery recovery = f.unclean ? Recovery.check(t, state.clearing()) : null;
                t.announceWriter(state.clearing());
                if (recovery != null) {
                    recovery.repair();
                    f.flush(t);
                } else {
                    f.markOpen();
                }
                t.settleOpened();
            }
            return t;
        } catch (RuntimeException | Error e) {
            f.abandon(owner);
            throw e;
        }
    }

    private static Generation adopt(SegmentOwner owner, TableFile f, BucketLayout layout, FileFormat.GenerationState g) {
        return f.adoptGeneration(owner, layout, g);
    }

    /** register makes the Cleaner free {@code table}'s memory once {@code map} is unreachable. */
    static Cleaner.Cleanable register(Object map, Table table) {
        return CLEANER.register(map, table.file() == null ? table.owner() : fileCloser(table));
    }

    /** fileCloser flushes and closes a file-backed table; it refers to the table, never to the map. */
    private static Runnable fileCloser(Table table) {
        TableFile f = table.file();
        return () -> f.close(table);
    }

    /**
     * releaseWhenUnreachable makes the Cleaner end {@code cursor}'s iteration once
     * {@code iterator} is unreachable, so an iterator dropped half-way does not pin table
     * generations for the rest of the map's life.
     */
    static void releaseWhenUnreachable(Object iterator, TableCursor cursor) {
        CLEANER.register(iterator, cursor::release);
    }
}
