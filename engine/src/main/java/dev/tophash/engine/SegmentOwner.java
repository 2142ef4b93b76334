package dev.tophash.engine;

import java.util.ArrayList;

/**
 * Owns every segment of one map. Synchronised: allocation and release are rare (a grow, a chunk,
 * a retirement); {@link Prefault}'s thread allocates as well as the writer, and a generation may
 * be released by the thread whose iteration unpins it last, or by the Cleaner.
 *
 * <p>Owns every segment of one map: allocates them, frees them one by one as generations retire,
 * and frees whatever is left when the map is closed, or when the {@link java.lang.ref.Cleaner}
 * finds the map unreachable (it is the cleaning action, so it must not refer to the map).
 */
final class SegmentOwner implements Runnable {
    private final Allocator allocator;
    private final Housekeeper housekeeper;
    private final ArrayList<Segment> live = new ArrayList<>();
    /** Released segments that a reader may still be reading, each with the reads that were in progress. */
    private final ArrayList<Segment> deferred = new ArrayList<>();
    private final ArrayList<Readers.Snapshot> deferredReads = new ArrayList<>();
    /** Whether {@link #deferred} is not empty; read without the lock by the writer, which only checks it. */
    private volatile boolean hasDeferred;
    /** Set by {@link #run}: after it, nothing more is allocated, since nothing would free it. */
    private boolean closed;

    /** An owner whose retired segments go back to {@code allocator} through {@code housekeeper}, which it has joined. */
    SegmentOwner(Allocator allocator, Housekeeper housekeeper) {
        this.allocator = allocator;
        this.housekeeper = housekeeper;
    }

    /** housekeeper is where this map's memory housekeeping runs. */
    Housekeeper housekeeper() {
        return housekeeper;
    }

    /** allocator is where this owner's memory comes from. */
    Allocator allocator() {
        return allocator;
    }

    /**
     * allocate takes {@code bytes} from the allocator, uninitialised. On failure nothing is
     * held and an {@link OffHeapAllocationException} says what was asked for.
     */
    synchronized Segment allocate(long bytes, String what) {
        if (closed) {
            throw new IllegalStateException("this map is closed; its off-heap memory was freed");
        }
        if (allocator == Allocator.NATIVE && bytes >= HugePages.SIZE) {
            // The first region large enough for a huge page has the binding loaded, off the writer.
            HugePages.loadOn(housekeeper);
        }
        long address;
        try {
            address = allocator.allocate(bytes);
        } catch (TableFileException e) {
            throw e; // already says what is wrong with the file (a missing JVM flag, say)
        } catch (OutOfMemoryError | RuntimeException e) {
            throw new OffHeapAllocationException(
                "could not allocate " + bytes + " bytes off-heap for " + what + "; the map's entries are unchanged", e);
        }
        if (address == 0) {
            throw new OffHeapAllocationException(
                "allocator returned a null address for " + bytes + " bytes (" + what + "); the map is unchanged", null);
        }
        if ((address & (Long.BYTES - 1)) != 0) {
            allocator.free(address, bytes);
            throw new OffHeapAllocationException("allocator " + allocator + " returned address " + address
                + ", not a multiple of 8, for " + what + "; tophash needs 8-byte aligned memory. The map is unchanged", null);
        }
        Segment segment = new Segment(allocator, address, bytes);
        live.add(segment);
        OffHeapMemory.onAllocate(bytes);
        return segment;
    }

    /**
     * allocateIfOpen is {@link #allocate} for a background thread, which may run after the map
     * closed: then it allocates nothing and returns null.
     */
    synchronized Segment allocateIfOpen(long bytes, String what) {
        return closed ? null : allocate(bytes, what);
    }

    /**
     * adopt takes ownership of memory the allocator handed out outside {@link #allocate} (a
     * file region mapped at open): it is counted, freed with the rest, and given back through
     * the allocator.
     */
    synchronized Segment adopt(long address, long bytes) {
        Segment segment = new Segment(allocator, address, bytes);
        live.add(segment);
        OffHeapMemory.onAllocate(bytes);
        return segment;
    }

    /**
     * release gives up one segment: it stops being counted at once and goes back to the
     * allocator through the {@link Housekeeper}, on its thread when it has one, so a write that
     * retires a large generation does not wait for the OS; while a reader thread is inside a read
     * that began before the release, it is kept until that read ends (see {@link Readers} and
     * {@link #reclaim}). Releasing a released segment does nothing. O(reader threads).
     */
    synchronized void release(Segment segment) {
        if (segment.isFreed()) {
            return;
        }
        segment.markFreed();
        live.remove(segment);
        OffHeapMemory.onFree(segment.bytes);
        Readers.Snapshot reads = Readers.snapshot();
        if (reads.passed()) {
            housekeeper.free(segment);
            return;
        }
        // A reader thread may be inside this segment: it goes back once those reads have ended.
        deferred.add(segment);
        deferredReads.add(reads);
        hasDeferred = true;
    }

    /** hasDeferredForTests says whether released segments wait for readers. */
    boolean hasDeferredForTests() {
        return hasDeferred;
    }

    /**
     * reclaim gives back the released segments that no read in progress can still be reading.
     * O(1) when there are none (one volatile read); the writer calls it after each write.
     */
    void reclaim() {
        if (!hasDeferred) {
            return;
        }
        synchronized (this) {
            for (int i = deferred.size() - 1; i >= 0; i--) {
                if (deferredReads.get(i).passed()) {
                    housekeeper.free(deferred.remove(i));
                    deferredReads.remove(i);
                }
            }
            hasDeferred = !deferred.isEmpty();
        }
    }

    /**
     * run frees every segment still held, on the calling thread, and leaves the housekeeper; the
     * close and Cleaner action. Idempotent.
     */
    @Override
    public synchronized void run() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = live.size() - 1; i >= 0; i--) {
            Segment segment = live.get(i);
            segment.markFreed();
            allocator.free(segment.address, segment.bytes);
            OffHeapMemory.onFree(segment.bytes);
        }
        live.clear();
        // The map's close waited for every read in progress, so nothing reads these any more.
        for (Segment segment : deferred) {
            allocator.free(segment.address, segment.bytes);
        }
        deferred.clear();
        deferredReads.clear();
        hasDeferred = false;
        housekeeper.leave();
    }
}
