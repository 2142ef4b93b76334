package dev.tophash.engine;

import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.Feature;
import com.google.common.collect.testing.features.MapFeature;
import dev.tophash.codecs.Codecs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.tophash.engine.MapFixture.uuid;

/**
 * Guava testlib's {@code Map} contract suites ({@link MapTestSuiteBuilder}: the map and its
 * key set, values and entry set, at every size from empty to several entries) over
 * {@link OffHeapMap} with 8-byte keys and with fixed-width string keys, and over
 * {@link LongLongMap#asMap()}, in memory and file-backed.
 *
 * <p>The features claimed are what the maps promise, no more: general purpose (put, remove and
 * every bulk and view operation), iterator removal, and queries of null that answer "absent".
 * Not claimed: null keys or values (put rejects them), a known iteration order,
 * fail-fast iterators (iteration follows Go's rules: the map may change meanwhile) and
 * serialization.
 */
@ExtendWith(NoLeaks.class)
class GuavaMapContractTest {
    /** Small pages differ from in memory only in where the allocator's memory comes from. */
    private static final List<MapBackend> BACKENDS = List.of(MapBackend.IN_MEMORY, MapBackend.FILE_BACKED);

    private static final Feature<?>[] FEATURES = {
        MapFeature.GENERAL_PURPOSE,
        MapFeature.ALLOWS_ANY_NULL_QUERIES,
        CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
        CollectionSize.ANY,
    };

    /** Keys at the edges of the long range; values all different, so an absent sample's value is absent too. */
    private static final SampleElements<Map.Entry<Long, Long>> LONGS = new SampleElements<>(
        Map.entry(0L, 10L), Map.entry(-1L, 20L), Map.entry(Long.MIN_VALUE, 30L), Map.entry(Long.MAX_VALUE, 40L),
        Map.entry(1L << 32, 50L));

    private static final SampleElements<Map.Entry<String, UUID>> SYMBOLS = new SampleElements<>(
        Map.entry("VOD.L", uuid(1)), Map.entry("BARC.L", uuid(2)), Map.entry("", uuid(3)),
        Map.entry("ABCDEFGHIJKL", uuid(4)), Map.entry("HSBA.L", uuid(5)));

    /** Thousands of file-backed maps are built and closed here: on tmpfs, see {@link TmpfsTempDir}. */
    @TempDir(factory = TmpfsTempDir.class)
    Path dir;

    @TestFactory
    Stream<DynamicNode> anOffHeapMapOfLongsHonoursTheMapContract() {
        return BACKENDS.stream().map(backend -> suite("OffHeapMap int64 -> int64, " + backend,
            new GuavaMapGenerator<>(Long.class, Long.class, LONGS,
                d -> owned(backend.newMap(Codecs.int64(), Codecs.int64(), d)), dir)));
    }

    @TestFactory
    Stream<DynamicNode> anOffHeapMapOfFixedWidthStringsHonoursTheMapContract() {
        return BACKENDS.stream().map(backend -> suite("OffHeapMap fixedAscii 12 -> uuid, " + backend,
            new GuavaMapGenerator<>(String.class, UUID.class, SYMBOLS,
                d -> owned(backend.newMap(Codecs.fixedAscii(12), Codecs.uuid(), d)), dir)));
    }

    @TestFactory
    Stream<DynamicNode> aLongLongMapsAsMapViewHonoursTheMapContract() {
        return BACKENDS.stream().map(backend -> suite("LongLongMap asMap view, " + backend,
            new GuavaMapGenerator<>(Long.class, Long.class, LONGS, d -> asMapView(backend, d), dir)));
    }

    private static <K, V> GuavaMapGenerator.Made<K, V> owned(OffHeapMap<K, V> m) {
        return new GuavaMapGenerator.Made<>(m, m);
    }

    /** asMapView is the view to test, owned by the LongLongMap it shows. */
    private static GuavaMapGenerator.Made<Long, Long> asMapView(MapBackend backend, Path dir) {
        LongLongMap m = backend.configure(LongLongMap.builder(), dir).build();
        return new GuavaMapGenerator.Made<>(m.asMap(), m);
    }

    private static <K, V> DynamicNode suite(String name, GuavaMapGenerator<K, V> generator) {
        return JUnit3Tests.asDynamic(MapTestSuiteBuilder.using(generator)
            .named(name)
            .withFeatures(FEATURES)
            .withSetUp(generator::startTest)
            .withTearDown(generator::endTest)
            .createTestSuite());
    }
}
