package dev.tophash.engine;

import dev.tophash.codecs.Codec;
import dev.tophash.codecs.Codecs;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A codec pair on a backend, with injective generators of keys and values by index, so a test
 * can keep its model as {@code Map<Integer, Integer>} (key index to value index) whatever the
 * types. The {@code Map} contract tests draw their maps from here.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class MapFixture<K, V> {
    /** The hash seed of every fixture map, so a failure replays. */
    static final long SEED = 42;
    /** Spreads small indexes over the whole {@code long} range (Fibonacci hashing's constant). */
    static final long GOLDEN = 0x9E3779B97F4A7C15L;

    static final MapFixture<String, UUID> SYMBOLS = new MapFixture<>("fixedAscii(12) -> uuid",
        Codecs.fixedAscii(12), Codecs.uuid(),
        i -> "S." + Integer.toString(i, 36).toUpperCase(Locale.ROOT), i -> new UUID(i, ~(long) i), HashSet::new, MapBackend.IN_MEMORY);

    static final MapFixture<Long, Long> LONGS = new MapFixture<>("int64 -> int64",
        Codecs.int64(), Codecs.int64(), i -> i * GOLDEN, i -> -7L * i - 1, HashSet::new, MapBackend.IN_MEMORY);

    static final MapFixture<Integer, byte[]> INTS_TO_BYTES = new MapFixture<>("int32 -> fixedBytes(3)",
        Codecs.int32(), Codecs.fixedBytes(3),
        i -> i * 0x9E3779B9, i -> new byte[] {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16)}, HashSet::new, MapBackend.IN_MEMORY);

    static final MapFixture<byte[], Double> BYTES_TO_DOUBLES = new MapFixture<>("fixedBytes(16) -> float64",
        Codecs.fixedBytes(16), Codecs.float64(),
        i -> ByteBuffer.allocate(16).putLong(i * GOLDEN).putLong(~(long) i).array(), i -> i + 0.25,
        () -> new TreeSet<byte[]>(Arrays::compare), MapBackend.IN_MEMORY);

    final Codec<K> keyCodec;
    final Codec<V> valueCodec;
    final MapBackend backend;
    private final String name;
    private final IntFunction<K> keys;
    private final IntFunction<V> values;
    private final Supplier<Set<K>> keySets;

    private MapFixture(String name, Codec<K> keyCodec, Codec<V> valueCodec, IntFunction<K> keys, IntFunction<V> values,
            Supplier<Set<K>> keySets, MapBackend backend) {
        this.name = name;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.keys = keys;
        this.values = values;
        this.keySets = keySets;
        this.backend = backend;
    }

    /** Every codec pair on every backend. */
    static Stream<MapFixture<?, ?>> everyPairOnEveryBackend() {
        return onEveryBackend(Stream.of(SYMBOLS, LONGS, INTS_TO_BYTES, BYTES_TO_DOUBLES));
    }

    /** The pairs whose values have value equality (not byte[]), for the value-comparing views, on every backend. */
    static Stream<MapFixture<?, ?>> pairsWithValueEqualityOnEveryBackend() {
        return onEveryBackend(Stream.of(SYMBOLS, LONGS, BYTES_TO_DOUBLES));
    }

    private static Stream<MapFixture<?, ?>> onEveryBackend(Stream<MapFixture<?, ?>> fixtures) {
        return fixtures.flatMap(f -> Stream.of(MapBackend.values()).map(f::on));
    }

    /** on is this codec pair on {@code backend}. */
    MapFixture<K, V> on(MapBackend backend) {
        return new MapFixture<>(name, keyCodec, valueCodec, keys, values, keySets, backend);
    }

    /** key returns a new key object for index {@code i} (a fresh array for byte[] keys). */
    K key(int i) {
        return keys.apply(i);
    }

    V value(int i) {
        return values.apply(i);
    }

    /** newKeySet is an on-heap set that compares keys as the map does (by content for arrays). */
    Set<K> newKeySet() {
        return keySets.get();
    }

    /** newMap builds an empty map on this fixture's backend; a file-backed one gets a new file in {@code dir}. */
    OffHeapMap<K, V> newMap(Path dir) {
        return backend.configure(OffHeapMap.builder(keyCodec, valueCodec).seed(SEED), dir).build();
    }

    /** filled puts key i -> value i for i in [0, n) into a new map and into {@code model}. */
    OffHeapMap<K, V> filled(Path dir, int n, Map<Integer, Integer> model) {
        OffHeapMap<K, V> m = newMap(dir);
        for (int i = 0; i < n; i++) {
            m.put(key(i), value(i));
            model.put(i, i);
        }
        return m;
    }

    /** uuid is a UUID that differs in both halves for different {@code i}. */
    static UUID uuid(int i) {
        return new UUID(i * GOLDEN, i);
    }

    @Override
    public String toString() {
        return name + ", " + backend;
    }
}
