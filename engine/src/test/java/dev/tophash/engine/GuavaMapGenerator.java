package dev.tophash.engine;

import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.TestMapGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Makes the maps Guava testlib's {@code Map} contract suites test, and owns them: every map a
 * test made is closed when the test ends, and the test fails if any off-heap byte it took is
 * still held then (what {@link NoLeaks} checks for a JUnit test). Pass {@link #startTest} and
 * {@link #endTest} to the suite builder's {@code withSetUp} and {@code withTearDown}.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class GuavaMapGenerator<K, V> implements TestMapGenerator<K, V> {
    /** A map to test and what owns its memory: the map itself, or the LongLongMap it is a view of. */
    record Made<K, V>(Map<K, V> map, AutoCloseable owner) {
    }

    private final Class<K> keyType;
    private final Class<V> valueType;
    private final SampleElements<Map.Entry<K, V>> samples;
    private final Function<Path, Made<K, V>> maker;
    private final Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private long bytesAtStart;

    /**
     * A generator of maps with these key and value types and samples: {@code maker} builds an
     * empty one, file-backed ones in {@code dir}, which is emptied after every test.
     */
    GuavaMapGenerator(Class<K> keyType, Class<V> valueType, SampleElements<Map.Entry<K, V>> samples,
            Function<Path, Made<K, V>> maker, Path dir) {
        this.keyType = keyType;
        this.valueType = valueType;
        this.samples = samples;
        this.maker = maker;
        this.dir = dir;
    }

    @Override
    public SampleElements<Map.Entry<K, V>> samples() {
        return samples;
    }

    /** create makes a new map holding {@code entries} (put in order, so a repeated key keeps its last value). */
    @Override
    public Map<K, V> create(Object... entries) {
        Made<K, V> made = maker.apply(dir);
        open.add(made.owner());
        for (Object o : entries) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            made.map().put(keyType.cast(e.getKey()), valueType.cast(e.getValue()));
        }
        return made.map();
    }

    @Override
    @SuppressWarnings("unchecked") // an array of a generic type can only be made raw
    public Map.Entry<K, V>[] createArray(int length) {
        return (Map.Entry<K, V>[]) new Map.Entry<?, ?>[length];
    }

    @Override
    @SuppressWarnings("unchecked") // Array.newInstance of Class<K> is a K[]
    public K[] createKeyArray(int length) {
        return (K[]) Array.newInstance(keyType, length);
    }

    @Override
    @SuppressWarnings("unchecked") // Array.newInstance of Class<V> is a V[]
    public V[] createValueArray(int length) {
        return (V[]) Array.newInstance(valueType, length);
    }

    /** order is the insertion order: these maps promise no order, so the suites never ask for one. */
    @Override
    public Iterable<Map.Entry<K, V>> order(List<Map.Entry<K, V>> insertionOrder) {
        return insertionOrder;
    }

    /** startTest notes the off-heap bytes held before the test makes its maps. */
    void startTest() {
        bytesAtStart = OffHeapMemory.allocatedBytes();
    }

    /** endTest closes every map the test made, deletes their files, and fails if memory is still held. */
    void endTest() {
        try {
            for (AutoCloseable owner : open) {
                owner.close();
            }
        } catch (Exception e) {
            throw new AssertionError("closing a map failed", e);
        } finally {
            open.clear();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long held = OffHeapMemory.allocatedBytes() - bytesAtStart;
        if (held != 0) {
            throw new AssertionError("off-heap leak: " + held + " bytes still allocated after the test closed its maps");
        }
    }
}
