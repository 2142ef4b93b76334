package dev.tophash.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Single-threaded model test: random sequences of every {@link ConcurrentLongLongMap} operation,
 * primitive and through the {@code ConcurrentMap} view, applied to the map and to a
 * {@link HashMap}, every answer compared and the whole content compared at the end. Keys come
 * mostly from a small space (updates, deletes, putIfAbsent on present keys), sometimes from a
 * medium one (several grows per shard) or the whole {@code long} range.
 *
 * <p>jqwik does not run JUnit extensions per try, so each try checks itself that every off-heap
 * byte its map allocated is freed by {@code close()}.
 */
class ConcurrentLongLongMapPropertiesTest {

    enum Kind {
        PUT, GET, GET_OR_DEFAULT, CONTAINS, REMOVE, PUT_IF_ABSENT, ADD_TO, SIZE, CLEAR, FOR_EACH,
        VIEW_GET, VIEW_PUT, VIEW_REMOVE, VIEW_PUT_IF_ABSENT, VIEW_REMOVE_IF, VIEW_REPLACE, VIEW_REPLACE_IF,
        VIEW_MERGE, VIEW_COMPUTE, VIEW_EQUALS
    }

    record Op(Kind kind, long key, long value) {
    }

    record Scenario(int shards, long expectedSize, long seed, long missingValue, List<Op> ops) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(List.of(
            Tuple.of(300, Kind.PUT), Tuple.of(120, Kind.GET), Tuple.of(40, Kind.GET_OR_DEFAULT),
            Tuple.of(60, Kind.CONTAINS), Tuple.of(150, Kind.REMOVE), Tuple.of(50, Kind.PUT_IF_ABSENT),
            Tuple.of(50, Kind.ADD_TO), Tuple.of(20, Kind.SIZE), Tuple.of(1, Kind.CLEAR), Tuple.of(3, Kind.FOR_EACH),
            Tuple.of(30, Kind.VIEW_GET), Tuple.of(30, Kind.VIEW_PUT), Tuple.of(30, Kind.VIEW_REMOVE),
            Tuple.of(20, Kind.VIEW_PUT_IF_ABSENT), Tuple.of(20, Kind.VIEW_REMOVE_IF), Tuple.of(20, Kind.VIEW_REPLACE),
            Tuple.of(20, Kind.VIEW_REPLACE_IF), Tuple.of(20, Kind.VIEW_MERGE), Tuple.of(20, Kind.VIEW_COMPUTE),
            Tuple.of(2, Kind.VIEW_EQUALS)));
        Arbitrary<Long> keys = Arbitraries.frequencyOf(List.of(
            Tuple.of(6, Arbitraries.longs().between(-20, 40)),
            Tuple.of(3, Arbitraries.longs().between(0, 5_000)),
            Tuple.of(1, Arbitraries.longs())));
        Arbitrary<Long> values = Arbitraries.frequencyOf(List.of(
            Tuple.of(4, Arbitraries.longs()),
            Tuple.of(1, Arbitraries.longs().between(-2, 2))));
        Arbitrary<List<Op>> ops = Combinators.combine(kinds, keys, values).as(Op::new).list().ofMinSize(50).ofMaxSize(3_000);
        return Combinators.combine(
            Arbitraries.of(1, 2, 4, 16),
            Arbitraries.of(0L, 100L, 3_000L),
            Arbitraries.longs(),
            Arbitraries.of(0L, -1L, Long.MIN_VALUE, 2L),
            ops).as(Scenario::new);
    }

    @Property(tries = 100)
    void everyOperationAnswersAsAHashMapDoes(@ForAll("scenarios") Scenario s) {
        long before = OffHeapMemory.allocatedBytes();
        Map<Long, Long> model = new HashMap<>();
        long missing = s.missingValue();
        try (ConcurrentLongLongMap m = ConcurrentLongLongMap.builder().shards(s.shards()).expectedSize(s.expectedSize())
                .seed(s.seed()).missingValue(missing).backgroundThreads(false).build()) {
            ConcurrentMap<Long, Long> view = m.asMap();
            int step = 0;
            for (Op op : s.ops()) {
                long k = op.key();
                long v = op.value();
                String at = "step " + step++ + " " + op;
                switch (op.kind()) {
                    case PUT -> assertEquals(orMissing(model.put(k, v), missing), m.put(k, v), at);
                    case GET -> assertEquals(model.getOrDefault(k, missing), m.get(k), at);
                    case GET_OR_DEFAULT -> assertEquals(model.getOrDefault(k, v), m.getOrDefault(k, v), at);
                    case CONTAINS -> assertEquals(model.containsKey(k), m.containsKey(k), at);
                    case REMOVE -> assertEquals(orMissing(model.remove(k), missing), m.remove(k), at);
                    case PUT_IF_ABSENT -> assertEquals(orMissing(model.putIfAbsent(k, v), missing), m.putIfAbsent(k, v), at);
                    case ADD_TO -> assertEquals(model.merge(k, missing + v, (old, d) -> old + v), m.addTo(k, v), at);
                    case SIZE -> {
                        assertEquals(model.size(), m.size(), at);
                        assertEquals(model.isEmpty(), m.isEmpty(), at);
                        assertEquals(model.size(), view.size(), at);
                    }
                    case CLEAR -> {
                        model.clear();
                        m.clear();
                    }
                    case FOR_EACH -> {
                        Map<Long, Long> seen = new HashMap<>();
                        m.forEach((key, value) -> assertEquals(null, seen.put(key, value), at + ": a key twice"));
                        assertEquals(model, seen, at);
                    }
                    case VIEW_GET -> assertEquals(model.get(k), view.get(k), at);
                    case VIEW_PUT -> assertEquals(model.put(k, v), view.put(k, v), at);
                    case VIEW_REMOVE -> assertEquals(model.remove(k), view.remove(k), at);
                    case VIEW_PUT_IF_ABSENT -> assertEquals(model.putIfAbsent(k, v), view.putIfAbsent(k, v), at);
                    case VIEW_REMOVE_IF -> {
                        long expected = model.getOrDefault(k, v) + (v & 1);
                        assertEquals(model.remove(k, expected), view.remove(k, expected), at);
                    }
                    case VIEW_REPLACE -> assertEquals(model.replace(k, v), view.replace(k, v), at);
                    case VIEW_REPLACE_IF -> {
                        long expected = model.getOrDefault(k, v) + (v & 1);
                        assertEquals(model.replace(k, expected, v), view.replace(k, expected, v), at);
                    }
                    case VIEW_MERGE -> assertEquals(model.merge(k, v, ConcurrentLongLongMapPropertiesTest::sumOrRemove),
                        view.merge(k, v, ConcurrentLongLongMapPropertiesTest::sumOrRemove), at);
                    case VIEW_COMPUTE -> assertEquals(model.compute(k, (key, old) -> recompute(old, v)),
                        view.compute(k, (key, old) -> recompute(old, v)), at);
                    case VIEW_EQUALS -> {
                        assertEquals(model, view, at);
                        assertEquals(model.hashCode(), view.hashCode(), at);
                    }
                    default -> throw new AssertionError(op.kind());
                }
            }
            assertEquals(model, view);
            assertEquals(model.size(), m.size());
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertEquals(e.getValue(), m.get(e.getKey()));
            }
        }
        assertEquals(before, OffHeapMemory.allocatedBytes(), "off-heap bytes left after close");
    }

    /** A merge function that also removes: the sum, or null (remove) when it is 0. */
    private static Long sumOrRemove(Long a, Long b) {
        long sum = a + b;
        return sum == 0 ? null : sum;
    }

    /** A compute function that inserts, updates and removes, depending on the old value. */
    private static Long recompute(Long old, long v) {
        if (old == null) {
            return v;
        }
        return (old & 3) == 0 ? null : old ^ v;
    }

    private static long orMissing(Long value, long missing) {
        return value == null ? missing : value;
    }
}
