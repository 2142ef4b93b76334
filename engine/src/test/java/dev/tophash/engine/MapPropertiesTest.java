package dev.tophash.engine;

import dev.tophash.codecs.Codec;
import dev.tophash.codecs.Codecs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model-based properties: long random operation sequences applied to a tophash map and to a
 * {@link HashMap}, every result compared, the table's invariants checked along the way
 * ({@link TableChecker}) and the full content compared by iterating.
 *
 * <p>Two shapes of sequence. <em>Random</em> sequences draw keys from a small space (about 50
 * keys: mostly updates and deletes of present keys), a medium one (thousands: several doubling
 * grows) or the whole {@code long} range, plus "live" keys (a key the model holds) and fresh
 * ones. <em>Churn</em> sequences fill the map to just under the load factor of some B (2..4) and then
 * keep replacing keys (delete one, insert a fresh one): the count stays put while overflow
 * buckets pile up, which is what starts Go's same-size grows.
 *
 * <p>jqwik does not run JUnit extensions per try, so each try checks itself that every
 * off-heap byte it allocated is freed when its map is closed.
 */
@StatisticsReport(onFailureOnly = true)
class MapPropertiesTest {

    // ------------------------------------------------------------------ operations

    /** What an operation does. The last few are rare whole-map operations. */
    enum Kind {
        PUT, GET, REMOVE, CONTAINS, GET_OR_DEFAULT, PUT_IF_ABSENT, ADD_TO, SIZE,
        CLEAR, ITERATE, FOR_EACH, CURSOR, CHECK
    }

    /** Which key an operation uses. */
    enum Target {
        /** The key drawn for the operation. */
        KEY,
        /** A key the model holds, the drawn number picking which (falls back to KEY when empty). */
        LIVE,
        /** A key never used before in this sequence (pseudo-random, so its hash is too). */
        FRESH
    }

    record Op(Kind kind, Target target, long key, long value) {
        @Override
        public String toString() {
            return kind + "(" + target + " " + key + (kind == Kind.PUT || kind == Kind.PUT_IF_ABSENT
                || kind == Kind.ADD_TO || kind == Kind.GET_OR_DEFAULT ? ", " + value : "") + ")";
        }
    }

    /**
     * One sequence and the map it runs on: expected size, hash seed (empty: a random seed),
     * missing value of a LongLongMap, and a salt that makes fresh keys differ between tries.
     */
    record Scenario(String shape, long expectedSize, OptionalLong seed, long missingValue, long salt, List<Op> ops) {
        @Override
        public String toString() {
            return "Scenario[" + shape + ", expectedSize=" + expectedSize + ", seed=" + seed + ", missingValue="
                + missingValue + ", salt=" + salt + ", " + ops.size() + " ops " + ops + "]";
        }
    }

    private static Arbitrary<Kind> randomKinds() {
        return Arbitraries.frequency(List.of(
            Tuple.of(300, Kind.PUT),
            Tuple.of(150, Kind.GET),
            Tuple.of(180, Kind.REMOVE),
            Tuple.of(80, Kind.CONTAINS),
            Tuple.of(40, Kind.GET_OR_DEFAULT),
            Tuple.of(50, Kind.PUT_IF_ABSENT),
            Tuple.of(50, Kind.ADD_TO),
            Tuple.of(40, Kind.SIZE),
            Tuple.of(1, Kind.CLEAR),
            Tuple.of(3, Kind.ITERATE),
            Tuple.of(3, Kind.FOR_EACH),
            Tuple.of(3, Kind.CURSOR),
            Tuple.of(6, Kind.CHECK)));
    }

    private static Arbitrary<Target> targets(int key, int live, int fresh) {
        return Arbitraries.frequency(List.of(Tuple.of(key, Target.KEY), Tuple.of(live, Target.LIVE),
            Tuple.of(fresh, Target.FRESH)));
    }

    private static Arbitrary<Long> values() {
        return Arbitraries.frequencyOf(List.of(
            Tuple.of(8, Arbitraries.longs()),
            Tuple.of(1, Arbitraries.longs().between(-2, 2))));
    }

    /** A random sequence over one key space; {@code targets} says how often live and fresh keys are used. */
    private static Arbitrary<List<Op>> randomOps(Arbitrary<Long> keys, Arbitrary<Target> targets, int minSize, int maxSize) {
        return sized(Combinators.combine(randomKinds(), targets, keys, values()).as(Op::new), minSize, maxSize);
    }

    /**
     * sized makes lists whose size is drawn uniformly from {@code [min, max]}: jqwik's own list
     * sizes cluster near the minimum, and these sequences need their length.
     */
    private static <T> Arbitrary<List<T>> sized(Arbitrary<T> element, int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform())
            .flatMap(n -> element.list().ofSize(n));
    }

    private static Arbitrary<OptionalLong> seeds() {
        return Arbitraries.frequencyOf(List.of(
            Tuple.of(3, Arbitraries.longs().map(OptionalLong::of)),
            Tuple.of(1, Arbitraries.just(OptionalLong.empty()))));
    }

    private static Arbitrary<Scenario> scenario(String shape, Arbitrary<Long> expectedSizes, Arbitrary<List<Op>> ops) {
        Arbitrary<Long> missing = Arbitraries.frequencyOf(List.of(
            Tuple.of(2, Arbitraries.just(0L)),
            Tuple.of(1, Arbitraries.longs())));
        return Combinators.combine(expectedSizes, seeds(), missing, Arbitraries.longs(), ops)
            .as((size, seed, mv, salt, list) -> new Scenario(shape, size, seed, mv, salt, list));
    }

    private static Arbitrary<Long> smallExpectedSizes() {
        return Arbitraries.frequencyOf(List.of(
            Tuple.of(3, Arbitraries.just(0L)),
            Tuple.of(1, Arbitraries.longs().between(0, 120))));
    }

    /**
     * Random sequences: about 50 keys (mostly hits: updates and deletes of present keys),
     * thousands of keys (several doubling grows), or any long.
     */
    @Provide
    Arbitrary<Scenario> randomScenarios() {
        Arbitrary<Scenario> small = scenario("small keys", smallExpectedSizes(),
            randomOps(Arbitraries.longs().between(-20, 30), targets(90, 8, 2), 300, 2000));
        Arbitrary<Scenario> medium = scenario("medium keys", smallExpectedSizes(),
            randomOps(Arbitraries.longs().between(0, 2999), targets(80, 15, 5), 1000, 3000));
        Arbitrary<Long> anyLong = Arbitraries.frequencyOf(List.of(
            Tuple.of(6, Arbitraries.longs()),
            Tuple.of(1, Arbitraries.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 1L << 63 >>> 1))));
        Arbitrary<Scenario> large = scenario("large keys", smallExpectedSizes(),
            randomOps(anyLong, targets(45, 35, 20), 500, 3000));
        return Arbitraries.oneOf(List.of(small, medium, large));
    }

    /**
     * Churn: fresh keys up to a count just under 6.5 * 2^B (B = 2..4), then mostly
     * delete-one-insert-one steps with reads, updates and the odd full check or iteration.
     */
    @Provide
    Arbitrary<Scenario> churnScenarios() {
        Arbitrary<List<Op>> ops = Arbitraries.integers().between(2, 4).flatMap(b -> {
            int full = (13 << b) / 2;
            return Arbitraries.integers().between(0, (1 << b) / 8).flatMap(delta -> {
                int target = full - delta;
                Arbitrary<List<Op>> fill = values().map(v -> new Op(Kind.PUT, Target.FRESH, 0, v))
                    .list().ofSize(target);
                Arbitrary<List<List<Op>>> steps = sized(churnStep(), 2500, 4000);
                return Combinators.combine(fill, steps).as((f, s) -> {
                    List<Op> all = new ArrayList<>(f);
                    s.forEach(all::addAll);
                    return all;
                });
            });
        });
        return scenario("churn", Arbitraries.just(0L), ops);
    }

    private static Arbitrary<List<Op>> churnStep() {
        Arbitrary<Long> index = Arbitraries.longs().between(0, 1 << 20);
        Arbitrary<List<Op>> replace = Combinators.combine(index, values())
            .as((i, v) -> List.of(new Op(Kind.REMOVE, Target.LIVE, i, 0), new Op(Kind.PUT, Target.FRESH, 0, v)));
        Arbitrary<List<Op>> update = Combinators.combine(index, values())
            .as((i, v) -> List.of(new Op(Kind.PUT, Target.LIVE, i, v)));
        Arbitrary<List<Op>> read = index.map(i -> List.of(new Op(Kind.GET, Target.LIVE, i, 0)));
        Arbitrary<List<Op>> miss = Arbitraries.longs().map(k -> List.of(new Op(Kind.CONTAINS, Target.KEY, k, 0)));
        Arbitrary<List<Op>> add = Combinators.combine(index, values())
            .as((i, v) -> List.of(new Op(Kind.ADD_TO, Target.LIVE, i, v)));
        return Arbitraries.frequencyOf(List.of(
            Tuple.of(70, replace),
            Tuple.of(10, update),
            Tuple.of(10, read),
            Tuple.of(3, miss),
            Tuple.of(3, add),
            Tuple.of(2, Arbitraries.just(List.of(new Op(Kind.SIZE, Target.KEY, 0, 0)))),
            Tuple.of(1, Arbitraries.just(List.of(new Op(Kind.CHECK, Target.KEY, 0, 0)))),
            Tuple.of(1, Arbitraries.just(List.of(new Op(Kind.ITERATE, Target.KEY, 0, 0)))),
            Tuple.of(1, Arbitraries.just(List.of(new Op(Kind.FOR_EACH, Target.KEY, 0, 0)))),
            Tuple.of(1, Arbitraries.just(List.of(new Op(Kind.CURSOR, Target.KEY, 0, 0))))));
    }

    // ------------------------------------------------------------------ LongLongMap

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void aLongLongMapAgreesWithHashMapOnRandomSequences(@ForAll("randomScenarios") Scenario s) {
        Result r = runLongLong(s);
        Statistics.label("shape").collect(s.shape());
        Statistics.label("grows to B").collect(r.maxLog2Buckets >= 8 ? "8+" : String.valueOf(r.maxLog2Buckets));
        Statistics.label("reached B >= 5").collect(r.maxLog2Buckets >= 5)
            .coverage(c -> c.check(true).percentage(p -> p >= 20));
    }

    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void aLongLongMapAgreesWithHashMapUnderChurnThroughSameSizeGrows(@ForAll("churnScenarios") Scenario s) {
        Result r = runLongLong(s);
        Statistics.label("same-size grow seen").collect(r.sameSizeGrows > 0)
            .coverage(c -> c.check(true).percentage(p -> p >= 60));
    }

    @Example
    void churnAtASteadyCountStartsSameSizeGrowsThatKeepBAndRepackOverflow() {
        long before = OffHeapMemory.allocatedBytes();
        try (LongLongMap m = LongLongMap.builder().seed(7).build()) {
            Map<Long, Long> model = new HashMap<>();
            LiveKeys<Long> live = new LiveKeys<>();
            long fresh = 0;
            while (m.size() < 100) {
                long k = freshKey(7, fresh++);
                m.put(k, k);
                model.put(k, k);
                live.add(k);
            }
            assertEquals(4, m.stats().log2Buckets(), "100 keys fit B=4 (at most 104 before a doubling)");
            int sameSizeGrows = 0;
            boolean was = false;
            long overflowBeforeGrow = 0;
            long lastOverflowBeforeGrow = -1;
            long lastOverflowAfterGrow = -1;
            for (int step = 0; step < 20_000 && sameSizeGrows < 3; step++) {
                long victim = live.get(Math.floorMod(freshKey(-7, step), live.size()));
                assertEquals(model.remove(victim), m.remove(victim));
                live.remove(victim);
                long k = freshKey(7, fresh++);
                MapStats beforePut = m.stats();
                m.put(k, step);
                model.put(k, (long) step);
                live.add(k);
                MapStats s = m.stats();
                assertEquals(4, s.log2Buckets(), "churn at a steady count must never double the table");
                if (s.sameSizeGrow() && !was) {
                    sameSizeGrows++;
                    assertTrue(beforePut.overflowCounter() >= 16, "a same-size grow starts at noverflow >= 2^B");
                    overflowBeforeGrow = beforePut.overflowBucketsInUse();
                }
                if (!s.growing() && was) {
                    lastOverflowBeforeGrow = overflowBeforeGrow;
                    lastOverflowAfterGrow = s.overflowBucketsInUse();
                    TableChecker.check(m.table());
                }
                was = s.sameSizeGrow();
            }
            assertEquals(3, sameSizeGrows, "churn at a steady count starts same-size grows");
            assertTrue(lastOverflowAfterGrow >= 0 && lastOverflowAfterGrow < lastOverflowBeforeGrow,
                "a same-size grow repacks: " + lastOverflowBeforeGrow + " overflow buckets before, "
                    + lastOverflowAfterGrow + " after");
            assertSameContent(model, m);
            TableChecker.check(m.table());
        }
        assertEquals(before, OffHeapMemory.allocatedBytes(), "off-heap bytes leaked");
    }

    /** What a run saw: the largest B and the number of same-size grows started. */
    static final class Result {
        int maxLog2Buckets;
        int sameSizeGrows;
        private boolean inSameSizeGrow;

        void observe(MapStats s) {
            maxLog2Buckets = Math.max(maxLog2Buckets, s.log2Buckets());
            if (s.sameSizeGrow() && !inSameSizeGrow) {
                sameSizeGrows++;
            }
            inSameSizeGrow = s.sameSizeGrow();
        }
    }

    private static Result runLongLong(Scenario s) {
        long before = OffHeapMemory.allocatedBytes();
        Result result = new Result();
        LongLongMap.Builder builder = LongLongMap.builder().expectedSize(s.expectedSize()).missingValue(s.missingValue());
        s.seed().ifPresent(builder::seed);
        try (LongLongMap m = builder.build()) {
            final long missing = s.missingValue();
            Map<Long, Long> model = new HashMap<>();
            LiveKeys<Long> live = new LiveKeys<>();
            long fresh = 0;
            int n = 0;
            for (Op op : s.ops()) {
                n++;
                final int at = n;
                Supplier<String> where = () -> "op #" + at + " " + op + " of " + s.shape() + ", map " + m.stats();
                long k;
                if (op.target() == Target.FRESH) {
                    k = freshKey(s.salt(), fresh++);
                } else if (op.target() == Target.LIVE && live.size() > 0) {
                    k = live.get(Math.floorMod(op.key(), live.size()));
                } else {
                    k = op.key();
                }
                long v = op.value();
                switch (op.kind()) {
                    case PUT -> {
                        Long old = model.put(k, v);
                        assertEquals(old == null ? missing : old, m.put(k, v), where);
                        live.add(k);
                    }
                    case GET -> assertEquals(model.getOrDefault(k, missing), m.get(k), where);
                    case GET_OR_DEFAULT -> assertEquals(model.getOrDefault(k, v), m.getOrDefault(k, v), where);
                    case CONTAINS -> assertEquals(model.containsKey(k), m.containsKey(k), where);
                    case REMOVE -> {
                        Long old = model.remove(k);
                        assertEquals(old == null ? missing : old, m.remove(k), where);
                        live.remove(k);
                    }
                    case PUT_IF_ABSENT -> {
                        Long old = model.putIfAbsent(k, v);
                        assertEquals(old == null ? missing : old, m.putIfAbsent(k, v), where);
                        live.add(k);
                    }
                    case ADD_TO -> {
                        long sum = model.getOrDefault(k, missing) + v;
                        model.put(k, sum);
                        assertEquals(sum, m.addTo(k, v), where);
                        live.add(k);
                    }
                    case SIZE -> {
                        assertEquals(model.size(), m.size(), where);
                        assertEquals(model.isEmpty(), m.isEmpty(), where);
                    }
                    case CLEAR -> {
                        model.clear();
                        live.clear();
                        int b = m.stats().log2Buckets();
                        m.clear();
                        assertEquals(0, m.size(), where);
                        assertEquals(b, m.stats().log2Buckets(), "clear keeps B");
                    }
                    case ITERATE -> {
                        Map<Long, Long> seen = new HashMap<>();
                        for (Map.Entry<Long, Long> e : m.asMap().entrySet()) {
                            assertNull(seen.put(e.getKey(), e.getValue()), () -> "returned twice: " + e + " at " + where.get());
                        }
                        assertEquals(model, seen, where);
                    }
                    case FOR_EACH -> assertEquals(model, viaForEach(m), where);
                    case CURSOR -> assertEquals(model, viaCursor(m), where);
                    case CHECK -> assertEquals(model.size(), TableChecker.check(m.table()), where);
                }
                result.observe(m.stats());
            }
            assertSameContent(model, m);
            assertEquals(model.size(), TableChecker.check(m.table()));
            assertEquals(OffHeapMemory.allocatedBytes() - before, m.stats().offHeapBytes(),
                "the map accounts for every off-heap byte it holds");
        }
        assertEquals(before, OffHeapMemory.allocatedBytes(), "closing the map frees every off-heap byte");
        return result;
    }

    private static void assertSameContent(Map<Long, Long> model, LongLongMap m) {
        assertEquals(model.size(), m.size());
        assertEquals(model, viaCursor(m));
        assertEquals(model, viaForEach(m));
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertTrue(m.containsKey(e.getKey()));
            assertEquals(e.getValue(), m.getOrDefault(e.getKey(), ~e.getValue()));
        }
    }

    private static Map<Long, Long> viaCursor(LongLongMap m) {
        Map<Long, Long> seen = new HashMap<>();
        try (LongLongCursor c = m.cursor()) {
            while (c.next()) {
                long k = c.key();
                long v = c.value();
                assertNull(seen.put(k, v), () -> "cursor returned key " + k + " twice");
            }
        }
        return seen;
    }

    private static Map<Long, Long> viaForEach(LongLongMap m) {
        Map<Long, Long> seen = new HashMap<>();
        m.forEach((k, v) -> assertNull(seen.put(k, v), () -> "forEach returned key " + k + " twice"));
        return seen;
    }

    // ------------------------------------------------------------------ OffHeapMap flavors

    /**
     * How a flavor of OffHeapMap turns the sequence's longs into keys and values, and how the
     * model compares them: {@code keyId}/{@code valueId} give objects with content equality
     * (byte arrays become ByteBuffers), {@code keyOf} turns a key id back into a key.
     */
    record Flavor<K, V>(String name, Codec<K> keyCodec, Codec<V> valueCodec, LongFunction<K> key, LongFunction<V> value,
                        Function<K, Object> keyId, Function<Object, K> keyOf, Function<V, Object> valueId) {
    }

    /** (a) narrow: int32 keys, int16 values. */
    private static final Flavor<Integer, Short> NARROW = new Flavor<>("int32 -> int16", Codecs.int32(), Codecs.int16(),
        id -> (int) (id ^ (id >>> 32)), v -> (short) v, k -> k, id -> (Integer) id, v -> v);

    /** (b) odd: 3-byte keys and values. */
    private static final Flavor<byte[], byte[]> ODD = new Flavor<>("fixedBytes(3) -> fixedBytes(3)",
        Codecs.fixedBytes(3), Codecs.fixedBytes(3),
        id -> bytes(id ^ (id >>> 24) ^ (id >>> 48), 3), v -> bytes(v, 3),
        ByteBuffer::wrap, id -> ((ByteBuffer) id).array(), ByteBuffer::wrap);

    /** (c) wide: uuid keys, 16-byte values. */
    private static final Flavor<UUID, byte[]> WIDE = new Flavor<>("uuid -> fixedBytes(16)", Codecs.uuid(), Codecs.fixedBytes(16),
        id -> new UUID(Long.rotateLeft(id, 29) ^ 0x6A09E667F3BCC908L, id), v -> bytes16(v),
        k -> k, id -> (UUID) id, ByteBuffer::wrap);

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void anInt32ToInt16MapAgreesWithHashMapOnRandomSequences(@ForAll("randomScenarios") Scenario s) {
        runOffHeap(NARROW, s);
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void aThreeByteKeyAndValueMapAgreesWithHashMapOnRandomSequences(@ForAll("randomScenarios") Scenario s) {
        runOffHeap(ODD, s);
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void aUuidToSixteenByteMapAgreesWithHashMapOnRandomSequences(@ForAll("randomScenarios") Scenario s) {
        runOffHeap(WIDE, s);
    }

    @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
    void anInt32ToInt16MapAgreesWithHashMapUnderChurnThroughSameSizeGrows(@ForAll("churnScenarios") Scenario s) {
        Result r = runOffHeap(NARROW, s);
        Statistics.label("same-size grow seen").collect(r.sameSizeGrows > 0)
            .coverage(c -> c.check(true).percentage(p -> p >= 60));
    }

    @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
    void aThreeByteKeyAndValueMapAgreesWithHashMapUnderChurnThroughSameSizeGrows(@ForAll("churnScenarios") Scenario s) {
        Result r = runOffHeap(ODD, s);
        Statistics.label("same-size grow seen").collect(r.sameSizeGrows > 0)
            .coverage(c -> c.check(true).percentage(p -> p >= 60));
    }

    @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
    void aUuidToSixteenByteMapAgreesWithHashMapUnderChurnThroughSameSizeGrows(@ForAll("churnScenarios") Scenario s) {
        Result r = runOffHeap(WIDE, s);
        Statistics.label("same-size grow seen").collect(r.sameSizeGrows > 0)
            .coverage(c -> c.check(true).percentage(p -> p >= 60));
    }

    private static <K, V> Result runOffHeap(Flavor<K, V> f, Scenario s) {
        long before = OffHeapMemory.allocatedBytes();
        Result result = new Result();
        OffHeapMap.Builder<K, V> builder = OffHeapMap.builder(f.keyCodec(), f.valueCodec()).expectedSize(s.expectedSize());
        s.seed().ifPresent(builder::seed);
        try (OffHeapMap<K, V> m = builder.build()) {
            Map<Object, Object> model = new HashMap<>();
            LiveKeys<Object> live = new LiveKeys<>();
            long fresh = 0;
            int n = 0;
            for (Op op : s.ops()) {
                n++;
                final int at = n;
                Supplier<String> where = () -> "op #" + at + " " + op + " of " + s.shape() + " on " + f.name()
                    + ", map " + m.stats();
                K k;
                if (op.target() == Target.FRESH) {
                    k = f.key().apply(freshKey(s.salt(), fresh++));
                } else if (op.target() == Target.LIVE && live.size() > 0) {
                    k = f.keyOf().apply(live.get(Math.floorMod(op.key(), live.size())));
                } else {
                    k = f.key().apply(op.key());
                }
                Object kid = f.keyId().apply(k);
                V v = f.value().apply(op.value());
                Object vid = f.valueId().apply(v);
                switch (op.kind()) {
                    case PUT -> {
                        assertEquals(model.put(kid, vid), idOf(f, m.put(k, v)), where);
                        live.add(kid);
                    }
                    case GET -> assertEquals(model.get(kid), idOf(f, m.get(k)), where);
                    case GET_OR_DEFAULT -> assertEquals(model.getOrDefault(kid, vid), f.valueId().apply(m.getOrDefault(k, v)), where);
                    case CONTAINS -> {
                        assertEquals(model.containsKey(kid), m.containsKey(k), where);
                        assertEquals(model.containsKey(kid), m.keySet().contains(k), where);
                    }
                    case REMOVE -> {
                        assertEquals(model.remove(kid), idOf(f, m.remove(k)), where);
                        live.remove(kid);
                    }
                    case PUT_IF_ABSENT -> {
                        assertEquals(model.putIfAbsent(kid, vid), idOf(f, m.putIfAbsent(k, v)), where);
                        live.add(kid);
                    }
                    case ADD_TO -> assertEquals(model.replace(kid, vid), idOf(f, m.replace(k, v)), where);
                    case SIZE -> {
                        assertEquals(model.size(), m.size(), where);
                        assertEquals(model.size(), m.longSize(), where);
                        assertEquals(model.isEmpty(), m.isEmpty(), where);
                    }
                    case CLEAR -> {
                        model.clear();
                        live.clear();
                        int b = m.stats().log2Buckets();
                        m.clear();
                        assertTrue(m.isEmpty(), where);
                        assertEquals(b, m.stats().log2Buckets(), "clear keeps B");
                    }
                    case ITERATE -> assertEquals(model, viaEntrySet(f, m), where);
                    case FOR_EACH -> {
                        Map<Object, Object> seen = new HashMap<>();
                        m.forEach((key, value) -> assertNull(seen.put(f.keyId().apply(key), f.valueId().apply(value)),
                            () -> "forEach returned a key twice at " + where.get()));
                        assertEquals(model, seen, where);
                    }
                    case CURSOR -> {
                        Map<Object, Object> seen = new HashMap<>();
                        for (K key : m.keySet()) {
                            assertNull(seen.put(f.keyId().apply(key), idOf(f, m.get(key))),
                                () -> "keySet returned a key twice at " + where.get());
                        }
                        assertEquals(model, seen, where);
                    }
                    case CHECK -> assertEquals(model.size(), TableChecker.check(m.table()), where);
                }
                result.observe(m.stats());
            }
            assertEquals(model.size(), m.size());
            assertEquals(model, viaEntrySet(f, m));
            for (Map.Entry<Object, Object> e : model.entrySet()) {
                assertEquals(e.getValue(), idOf(f, m.get(f.keyOf().apply(e.getKey()))));
            }
            assertEquals(model.size(), TableChecker.check(m.table()));
            assertEquals(OffHeapMemory.allocatedBytes() - before, m.stats().offHeapBytes(),
                "the map accounts for every off-heap byte it holds");
        }
        assertEquals(before, OffHeapMemory.allocatedBytes(), "closing the map frees every off-heap byte");
        return result;
    }

    private static <K, V> Object idOf(Flavor<K, V> f, V value) {
        return value == null ? null : f.valueId().apply(value);
    }

    private static <K, V> Map<Object, Object> viaEntrySet(Flavor<K, V> f, OffHeapMap<K, V> m) {
        Map<Object, Object> seen = new HashMap<>();
        Iterator<Map.Entry<K, V>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, V> e = it.next();
            assertNull(seen.put(f.keyId().apply(e.getKey()), f.valueId().apply(e.getValue())),
                () -> "the entry iterator returned a key twice: " + e);
        }
        assertFalse(it.hasNext());
        return seen;
    }

    // ------------------------------------------------------------------ helpers

    /** freshKey is the {@code n}-th fresh key of a sequence: a bijection of n, so never repeated. */
    static long freshKey(long salt, long n) {
        return Hashing.mix(n * 0x9E3779B97F4A7C15L + salt) ^ Long.rotateLeft(salt, 31);
    }

    private static byte[] bytes(long v, int width) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static byte[] bytes16(long v) {
        return ByteBuffer.allocate(16).putLong(v).putLong(~v * 0x9E3779B97F4A7C15L).array();
    }

    /** The keys the model holds, in a list so that a drawn number can pick one in O(1). */
    static final class LiveKeys<T> {
        private final ArrayList<T> keys = new ArrayList<>();
        private final HashMap<T, Integer> index = new HashMap<>();

        void add(T key) {
            if (index.putIfAbsent(key, keys.size()) == null) {
                keys.add(key);
            }
        }

        void remove(T key) {
            Integer i = index.remove(key);
            if (i == null) {
                return;
            }
            T last = keys.remove(keys.size() - 1);
            if (i < keys.size()) {
                keys.set(i, last);
                index.put(last, i);
            }
        }

        T get(int i) {
            return keys.get(i);
        }

        int size() {
            return keys.size();
        }

        void clear() {
            keys.clear();
            index.clear();
        }
    }
}
