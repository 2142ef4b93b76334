package dev.tophash.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts a {@code @TempDir} on tmpfs ({@code /dev/shm}) where the machine has one, else in the
 * default temporary directory. For tests that build thousands of small file-backed maps to check
 * the {@code Map} contract: every build and close of such a map calls {@code fsync}, which costs
 * milliseconds on a disk and nothing on tmpfs, while the mapping, locking and file format are
 * the same. The JUnit contract tests, {@link FileBackedTest} and {@link ChildProcessTest} keep
 * their files on the disk.
 */
final class TmpfsTempDir implements TempDirFactory {
    private static final Path TMPFS = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws IOException {
        if (Files.isDirectory(TMPFS) && Files.isWritable(TMPFS)) {
            return Files.createTempDirectory(TMPFS, "tophash-test");
        }
        return Files.createTempDirectory("tophash-test");
    }
}
