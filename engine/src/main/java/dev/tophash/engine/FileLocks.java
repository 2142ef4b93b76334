package dev.tophash.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Who has a table file open: one writer alone, or any number of readers, across processes
 * (an OS file lock: exclusive for a writer, shared for readers) and inside this JVM (a
 * registry, because the OS lock is per process).
 *
 * <p>Why one channel per file per JVM: POSIX drops every lock a process holds on a file when
 * the process closes <em>any</em> descriptor of it, so two readers in one JVM share the channel
 * and the lock, which are closed with the last of them.
 */
final class FileLocks {
    private static final Map<Path, Handle> OPEN = new HashMap<>();

    private FileLocks() {
    }

    /** One open file: its channel, its OS lock, and how many maps of this JVM use it. */
    static final class Handle {
        final Path path;
        final FileChannel channel;
        final boolean writer;
        private final FileLock lock;
        private int users = 1;

        private Handle(Path path, FileChannel channel, FileLock lock, boolean writer) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
            this.writer = writer;
        }
    }

    /**
     * acquire opens {@code path} for a writer ({@code create}: a new file, which must not exist)
     * or a reader, or throws {@link TableFileException} saying who holds it. Nothing is left
     * open when it throws.
     */
    static synchronized Handle acquire(Path path, boolean writer, boolean create) {
        Path key = path.toAbsolutePath().normalize();
        Handle held = OPEN.get(key);
        if (held != null) {
            if (writer || held.writer) {
                throw new TableFileException(path + " is already open " + (held.writer ? "for writing" : "for reading")
                    + " in this JVM; a writer needs the file alone", null);
            }
            held.users++;
            return held;
        }
        FileChannel channel;
        try {
            if (create) {
                channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } else if (writer) {
                channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } else {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            }
        } catch (FileAlreadyExistsException e) {
            throw new TableFileException(path + " already exists: open it with open(path), or delete it to start a new table", e);
        } catch (NoSuchFileException e) {
            throw new TableFileException(path + " does not exist: build a table with builder().file(path)", e);
        } catch (IOException e) {
            throw new TableFileException("could not open " + path + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, !writer);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new TableFileException("could not lock " + path + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new TableFileException(path + " is open in another process ("
                + (writer ? "a writer needs it alone" : "a writer has it") + "); close it there first", null);
        }
        Handle handle = new Handle(key, channel, lock, writer);
        OPEN.put(key, handle);
        return handle;
    }

    /** release gives up one use; the last one releases the lock and closes the channel. */
    static synchronized void release(Handle handle) {
        if (--handle.users > 0) {
            return;
        }
        OPEN.remove(handle.path);
        try {
            handle.lock.release();
        } catch (IOException ignored) {
            // closing the channel releases the lock too
        }
        closeQuietly(handle.channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it that close could lose
        }
    }
}
