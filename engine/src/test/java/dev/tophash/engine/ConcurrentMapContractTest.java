package dev.tophash.engine;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guava testlib's {@code ConcurrentMap} contract suite ({@link ConcurrentMapTestSuiteBuilder}: the
 * {@code Map} suites plus {@code putIfAbsent}, {@code remove(key, value)} and both
 * {@code replace}s, at every size) over {@link ConcurrentLongLongMap#asMap()}, with one shard and
 * with several.
 *
 * <p>Features claimed: general purpose and iterator removal. Not claimed: null keys, values or
 * queries (every one throws {@link NullPointerException}, as {@code ConcurrentHashMap}'s do), an
 * iteration order, fail-fast iterators (they are weakly consistent) and serialization.
 */
@ExtendWith(NoLeaks.class)
class ConcurrentMapContractTest {
    /** Keys at the edges of the long range; values all different, so an absent sample's value is absent too. */
    private static final SampleElements<Map.Entry<Long, Long>> LONGS = new SampleElements<>(
        Map.entry(0L, 10L), Map.entry(-1L, 20L), Map.entry(Long.MIN_VALUE, 30L), Map.entry(Long.MAX_VALUE, 40L),
        Map.entry(1L << 32, 50L));

    /** Unused: these maps live in memory; the generator empties it after every test. */
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicNode> theAsMapViewHonoursTheConcurrentMapContract() {
        return IntStream.of(1, 4).mapToObj(shards -> {
            GuavaMapGenerator<Long, Long> generator = new GuavaMapGenerator<>(Long.class, Long.class, LONGS, d -> {
                ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(shards).build();
                return new GuavaMapGenerator.Made<>(m.asMap(), m);
            }, dir);
            return JUnit3Tests.asDynamic(ConcurrentMapTestSuiteBuilder.using(generator)
                .named("ConcurrentLongLongMap asMap view, " + shards + " shards")
                .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE, CollectionSize.ANY)
                .withSetUp(generator::startTest)
                .withTearDown(generator::endTest)
                .createTestSuite());
        });
    }
}
