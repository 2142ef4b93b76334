package dev.tophash.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import net.openhft.chronicle.core.OS;

/**
 * The one class that touches Chronicle: maps a range of a file as one contiguous address range
 * of any size, and unmaps it. {@code FileChannel.map} stops at 2 GiB on Java 17; Chronicle's
 * {@code OS.map}, the call under Chronicle Bytes' {@code MappedFile}, does not. Chronicle's
 * {@code MappedFile} itself maps fixed-size chunks at multiples of the chunk size, and a
 * table generation needs one range at an offset of its own. Loaded only by file-backed maps,
 * so an in-memory map never needs Chronicle's classes or JVM flags.
 */
final class Mmap {
    /** What a JVM needs for {@link #map} to reach {@code FileChannelImpl.map0}. */
    static final String JVM_FLAGS = "--add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang.reflect=ALL-UNNAMED";

    private Mmap() {
    }

    /**
     * map maps {@code length} bytes of the file from {@code offset} (page aligned), shared, so
     * writes reach the file's pages. O(1) apart from the system call: pages fault in on use.
     */
    static long map(FileChannel channel, long offset, long length, boolean readOnly) {
        try {
            return OS.map(channel, readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not map " + length + " bytes at offset " + offset, e);
        } catch (NoClassDefFoundError e) {
            throw new TableFileException("file-backed tophash tables map files through Chronicle Core: put"
                + " net.openhft:chronicle-bytes on the class path, and run with " + JVM_FLAGS, e);
        } catch (LinkageError | IllegalStateException e) {
            throw new TableFileException("file-backed tophash tables map files through Chronicle Core, which needs"
                + " these JVM flags: " + JVM_FLAGS, e);
        }
    }

    /** unmap releases a range {@link #map} returned. O(pages touched) inside the kernel. */
    static void unmap(long address, long length) {
        try {
            OS.unmap(address, length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unmap " + length + " bytes", e);
        }
    }
}
