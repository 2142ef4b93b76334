package dev.tophash.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Who has a table file open: at most one writer, across processes (an OS lock on the file's
 * first byte, exclusive) and inside this JVM (a registry, because the OS lock is per process),
 * and any number of readers beside it, who lock nothing: a reader never writes the file, not
 * even a lock, so a crashed reader leaves nothing behind and no reader ever holds up the writer.
 *
 * <p>Why one channel per file per JVM: POSIX drops every lock a process holds on a file when
 * the process closes <em>any</em> descriptor of it, so the writer and the readers of one JVM
 * share the channel, which is closed with the last of them.
 */
final class FileLocks {
    private static final Map<Path, Handle> OPEN = new HashMap<>();

    private FileLocks() {
    }

    /** One open file: its channel, the writer's lock while this JVM has the writer, and how many maps of this JVM use it. */
    static final class Handle {
        final Path path;
        final FileChannel channel;
        /** Whether the channel was opened for writing: a reader's may not be, when the file is read-only to this user. */
        private final boolean writable;
        private FileLock writerLock;
        private int users = 1;

        private Handle(Path path, FileChannel channel, boolean writable) {
            this.path = path;
            this.channel = channel;
            this.writable = writable;
        }
    }

    /**
     * acquire opens {@code path} for a writer ({@code create}: a new file, which must not exist)
     * or a reader, or throws {@link TableFileException} saying who holds it. A reader is refused
     * nothing but a missing or unreadable file. Nothing is left open when it throws.
     */
    static synchronized Handle acquire(Path path, boolean writer, boolean create) {
        Path key = path.toAbsolutePath().normalize();
        Handle held = OPEN.get(key);
        if (held != null) {
            if (writer) {
                lockForWriter(held, path);
            }
            held.users++;
            return held;
        }
        Handle handle = openChannel(key, path, writer, create);
        if (writer) {
            try {
                lockForWriter(handle, path);
            } catch (RuntimeException e) {
                closeQuietly(handle.channel);
                throw e;
            }
        }
        OPEN.put(key, handle);
        return handle;
    }

    private static Handle openChannel(Path key, Path path, boolean writer, boolean create) {
        try {
            if (create) {
                return new Handle(key, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), true);
            }
            try {
                // Readers open for writing too, when they may: a writer of this JVM may join them on this channel.
                return new Handle(key, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE), true);
            } catch (AccessDeniedException e) {
                if (writer) {
                    throw e;
                }
                return new Handle(key, FileChannel.open(path, StandardOpenOption.READ), false);
            }
        } catch (FileAlreadyExistsException e) {
            throw new TableFileException(path + " already exists: open it with open(path), or delete it to start a new table", e);
        } catch (NoSuchFileException e) {
            throw new TableFileException(path + " does not exist: build a table with builder().file(path)", e);
        } catch (IOException e) {
            throw new TableFileException("could not open " + path + ": " + e, e);
        }
    }

    /** lockForWriter takes the writer's lock for {@code handle}, or throws saying who has it. */
    private static void lockForWriter(Handle handle, Path path) {
        if (handle.writerLock != null) {
            throw new TableFileException(path + " is already open for writing in this JVM; a table has one writer."
                + " Open it read-only (openReadOnly) to read it beside the writer", null);
        }
        if (!handle.writable) {
            throw new TableFileException(path + " is open read-only in this JVM through a channel that cannot write"
                + " (the file is not writable by this user); close those readers, or make the file writable", null);
        }
        FileLock lock;
        try {
            lock = handle.channel.tryLock(FileFormat.WRITER_LOCK_OFFSET, 1, false);
        } catch (IOException | RuntimeException e) {
            throw new TableFileException("could not lock " + path + ": " + e, e);
        }
        if (lock == null) {
            throw new TableFileException(path + " is open for writing in another process, and a table has one writer;"
                + " close it there first, or open it read-only (openReadOnly) to read beside that writer", null);
        }
        handle.writerLock = lock;
    }

    /**
     * writerGone says whether no process holds the writer's lock on {@code handle}'s file: its
     * writer closed, or was killed. A system call; for a reader that waits on a change which
     * never ends. False while a writer of this JVM has it, or when the answer cannot be had.
     */
    static synchronized boolean writerGone(Handle handle) {
        if (handle.writerLock != null) {
            return false;
        }
        try {
            FileLock probe = handle.channel.tryLock(FileFormat.WRITER_LOCK_OFFSET, 1, true);
            if (probe == null) {
                return false;
            }
            // Held for as long as one system call takes: a writer opening right now may be
            // refused once, with the message that another process has the file.
            probe.release();
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    /**
     * release gives up one use, the writer's lock with the writer's ({@code writer}); the last
     * use closes the channel.
     */
    static synchronized void release(Handle handle, boolean writer) {
        if (writer && handle.writerLock != null) {
            try {
                handle.writerLock.release();
            } catch (IOException ignored) {
                // closing the channel releases the lock too
            }
            handle.writerLock = null;
        }
        if (--handle.users > 0) {
            return;
        }
        OPEN.remove(handle.path);
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
