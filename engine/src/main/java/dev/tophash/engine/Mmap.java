package dev.tophash.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import net.openhft.chronicle.core.OS;

/**
 * The one class that touches Chronicle: maps a range of a file as one contiguous address range
 * of any size, and unmaps it. {@code FileChannel.map} stops at 2 GiB on Java 17; Chronicle's
 * {@code OS.map}, the call under Chronicle Bytes' {@code MappedFile}, does not. Chronicle's
 * {@code MappedFile} itself maps fixed-size chunks at multiples of the chunk size, and a
 * table generation needs one range at an offset of its own. Loaded only by file-backed maps,
 * so an in-memory map never needs Chronicle's classes or JVM flags.
 *
 * <p>Chronicle Core is an optional dependency: a user of in-memory maps does not have it.
 * {@link #requireUsable} runs before a file is created or opened, and names the artifact or the
 * JVM flags that are missing; Chronicle's own failures without them name neither.
 */
final class Mmap {
    /** What a JVM needs for {@link #map} to reach {@code FileChannelImpl.map0}, with Chronicle on the class path. */
    static final String JVM_FLAGS = "--add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang.reflect=ALL-UNNAMED";
    /** The class {@link #map} calls, named so that its absence can be found without loading it. */
    private static final String OS_CLASS = "net.openhft.chronicle.core.OS";
    /**
     * What {@code OS.map} reaches by reflection: the private {@code map0} of
     * {@code sun.nio.ch.FileChannelImpl} (of {@code UnixFileDispatcherImpl} on later JDKs), and
     * {@code java.lang.reflect}'s internals to make it callable. Each must be opened to Chronicle.
     */
    private static final String[] OPENED_TO_CHRONICLE = {"java.base/sun.nio.ch", "java.base/java.lang.reflect"};

    private Mmap() {
    }

    /**
     * requireUsable throws unless Chronicle Core is on the class path and this JVM opens to it
     * the packages {@link #map} needs. It loads no Chronicle class, so nothing of Chronicle runs
     * when it throws. O(1).
     *
     * @throws TableFileException naming {@code file}, and the artifact or the flags to add
     */
    static void requireUsable(Path file) {
        Class<?> os;
        try {
            os = Class.forName(OS_CLASS, false, Mmap.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TableFileException("cannot use " + file + ": file-backed tophash tables map files through Chronicle Core,"
                + " which is not on the class path. Add the dependency " + Artifacts.CHRONICLE_CORE
                + " (tophash needs none of its own dependencies but org.slf4j:slf4j-api; excluding"
                + " net.openhft:chronicle-analytics and net.openhft:posix keeps out usage reporting and native bindings),"
                + " and run the JVM with " + JVM_FLAGS, e);
        }
        Module chronicle = os.getModule();
        StringBuilder missing = new StringBuilder();
        for (String modulePackage : OPENED_TO_CHRONICLE) {
            int slash = modulePackage.indexOf('/');
            if (!Object.class.getModule().isOpen(modulePackage.substring(slash + 1), chronicle)) {
                missing.append(missing.length() == 0 ? "" : " ").append(JvmFlags.opens(modulePackage, chronicle));
            }
        }
        if (missing.length() > 0) {
            throw new TableFileException("cannot use " + file + ": file-backed tophash tables map files through Chronicle Core,"
                + " and this JVM was started without the flags Chronicle needs for that: " + missing + ". Put them on the"
                + " java command line before the main class or -jar; for tests, in Maven Surefire's <argLine>", null);
        }
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
            throw new TableFileException("Chronicle Core, through which file-backed tophash tables map files, could not"
                + " load a class it needs (" + e.getMessage() + "): put " + Artifacts.CHRONICLE_CORE
                + " and its dependency org.slf4j:slf4j-api on the class path", e);
        } catch (LinkageError | IllegalStateException e) {
            throw new TableFileException("file-backed tophash tables map files through Chronicle Core, which failed"
                + " to start; it needs these JVM flags: " + JVM_FLAGS, e);
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
