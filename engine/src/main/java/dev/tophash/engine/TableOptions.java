package dev.tophash.engine;

import java.lang.ref.Cleaner;
import java.security.SecureRandom;

/**
 * The options every map builder shares (expected size, seed, allocator) and the one place
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

    /** newTable allocates the first generation (zeroed) and hands its memory to a Cleaner. */
    Table newTable(BucketLayout layout, boolean bitsKeys) {
        SegmentOwner owner = new SegmentOwner(allocator);
        long s = seeded ? seed : SEEDS.nextLong();
        return new Table(layout, bitsKeys, owner, expectedSize, s);
    }

    /** register makes the Cleaner free {@code table}'s memory once {@code map} is unreachable. */
    static Cleaner.Cleanable register(Object map, Table table) {
        return CLEANER.register(map, table.owner);
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
