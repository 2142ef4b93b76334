package dev.tophash.streams;

import dev.tophash.codecs.Codecs;
import dev.tophash.engine.OffHeapMap;
import dev.tophash.engine.TableFileException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.errors.ProcessorStateException;

/**
 * Where a store's table comes from: fresh off-heap memory, or the table file in the store's
 * directory inside the task's state directory, created on the first start and reopened on
 * every later one.
 */
final class StoreTables {
    /** The table file's name inside the store's directory ({@code <task dir>/<store name>/}). */
    static final String TABLE_FILE = "table.tophash";

    private StoreTables() {
    }

    /** inMemory allocates an empty table of one bucket: O(1). */
    static OffHeapMap<byte[], byte[]> inMemory(EntryWidths widths) {
        return OffHeapMap.builder(Codecs.fixedBytes(widths.keyWidth), Codecs.fixedBytes(widths.valueWidth)).build();
    }

    /**
     * persistent opens the table file in {@code storeDir}, or creates it (and the directory) when
     * there is none. Opening a file whose last writer died runs the table's recovery first:
     * O(table) then, O(1) after a clean close.
     *
     * @throws ProcessorStateException naming the store and the file, and saying how to start over,
     *     when the file cannot be created or opened (damaged, written with other widths, open in
     *     another process, or Chronicle or its JVM flags missing)
     */
    static OffHeapMap<byte[], byte[]> persistent(EntryWidths widths, File storeDir) {
        Path file = storeDir.toPath().resolve(TABLE_FILE);
        try {
            Files.createDirectories(storeDir.toPath());
            if (Files.exists(file)) {
                return OffHeapMap.open(file, Codecs.fixedBytes(widths.keyWidth), Codecs.fixedBytes(widths.valueWidth));
            }
            return OffHeapMap.builder(Codecs.fixedBytes(widths.keyWidth), Codecs.fixedBytes(widths.valueWidth))
                .file(file)
                .build();
        } catch (TableFileException | UncheckedIOException e) {
            throw cannotOpen(widths, file, storeDir, e.getMessage(), e);
        } catch (IOException e) {
            throw cannotOpen(widths, file, storeDir, "cannot create the directory: " + e, e);
        }
    }

    private static ProcessorStateException cannotOpen(EntryWidths widths, Path file, File storeDir, String why, Exception cause) {
        File taskDir = storeDir.getAbsoluteFile().getParentFile();
        return new ProcessorStateException("tophash " + widths + " cannot open its table file " + file + ": " + why
            + ". If the file is damaged or was written with other widths, stop this instance and delete the task"
            + " directory " + taskDir + " (KafkaStreams#cleanUp() deletes every task directory of the application);"
            + " Kafka Streams then rebuilds the store from its changelog.", cause);
    }
}
