package dev.tophash.engine;

import dev.tophash.codecs.Codec;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a map's table lives. The {@code Map} contract tests run once per backend, so that what
 * holds in memory is shown to hold on small pages and in a memory-mapped file too.
 */
enum MapBackend {
    /** The default: malloc, huge pages advised for large regions. */
    IN_MEMORY("in memory"),
    /** malloc on the system's default pages ({@link Allocator#NATIVE_SMALL_PAGES}). */
    SMALL_PAGES("small pages"),
    /** A new file per map, in the directory the test gives (a JUnit {@code @TempDir}). */
    FILE_BACKED("file-backed");

    /** Numbers the files of one JVM, so maps built in one directory never share a name. */
    private static final AtomicLong FILES = new AtomicLong();

    private final String label;

    MapBackend(String label) {
        this.label = label;
    }

    /** newMap builds an empty map of these codecs on this backend, with a random seed. */
    <K, V> OffHeapMap<K, V> newMap(Codec<K> keyCodec, Codec<V> valueCodec, Path dir) {
        return configure(OffHeapMap.builder(keyCodec, valueCodec), dir).build();
    }

    /** configure sets {@code builder} up for this backend; a file-backed map gets a new file in {@code dir}. */
    <K, V> OffHeapMap.Builder<K, V> configure(OffHeapMap.Builder<K, V> builder, Path dir) {
        return switch (this) {
            case IN_MEMORY -> builder;
            case SMALL_PAGES -> builder.allocator(Allocator.NATIVE_SMALL_PAGES);
            case FILE_BACKED -> builder.file(newFile(dir));
        };
    }

    /** configure sets a {@link LongLongMap} builder up for this backend, as for an {@link OffHeapMap}. */
    LongLongMap.Builder configure(LongLongMap.Builder builder, Path dir) {
        return switch (this) {
            case IN_MEMORY -> builder;
            case SMALL_PAGES -> builder.allocator(Allocator.NATIVE_SMALL_PAGES);
            case FILE_BACKED -> builder.file(newFile(dir));
        };
    }

    private static Path newFile(Path dir) {
        return dir.resolve("map-" + FILES.incrementAndGet() + ".tph");
    }

    @Override
    public String toString() {
        return label;
    }
}
