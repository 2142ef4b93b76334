package dev.tophash.streams;

import static dev.tophash.streams.StoreErrorsTest.key;
import static dev.tophash.streams.StoreErrorsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interactive queries (IQv2): key and range queries answer as Kafka Streams' in-memory store
 * answers them, on the store itself and through the typed layer Kafka Streams puts around it;
 * a query bounded by a position runs only once the store has seen that position.
 */
class StoreQueriesTest {
    private static final QueryConfig PLAIN = new QueryConfig(false);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void keyAndRangeQueriesAnswerAsKafkasInMemoryStore(StoreKind kind) {
        List<String> tophash = answers(kind);
        List<String> kafka = answers(StoreKind.KAFKA_IN_MEMORY);

        assertEquals(kafka, tophash);
        assertTrue(tophash.get(0).startsWith("success 00000065"), tophash.get(0));
    }

    @Test
    void aQueryBoundedByAPositionWaitsForIt() {
        MockProcessorContext<Object, Object> context = context();
        KeyValueStore<Bytes, byte[]> store = StoreKind.TOPHASH_IN_MEMORY.supplier("state", 4, 4).get();
        store.init(context.getStateStoreContext(), store);
        try {
            context.setRecordMetadata("events", 0, 41);
            store.put(key(1), value(1));
            Query<byte[]> get = KeyQuery.withKey(key(1));

            QueryResult<byte[]> reached = store.query(get, bound("events", 0, 41), PLAIN);
            QueryResult<byte[]> ahead = store.query(get, bound("events", 0, 42), PLAIN);
            QueryResult<byte[]> otherPartition = store.query(get, bound("events", 3, 99), PLAIN);

            assertTrue(reached.isSuccess());
            assertEquals(Position.emptyPosition().withComponent("events", 0, 41), reached.getPosition());
            assertEquals(FailureReason.NOT_UP_TO_BOUND, ahead.getFailureReason());
            assertTrue(otherPartition.isSuccess());
        } finally {
            store.close();
        }
    }

    @Test
    void otherQueriesAreUnknownAndInfoIsCollectedOnRequest() {
        KeyValueStore<Bytes, byte[]> store = StoreKind.TOPHASH_IN_MEMORY.supplier("state", 4, 4).get();
        QueryResult<byte[]> early = store.query(KeyQuery.withKey(key(1)), PositionBound.unbounded(), PLAIN);
        assertEquals(FailureReason.NOT_UP_TO_BOUND, early.getFailureReason(), "a store not initialized yet");

        store.init(context().getStateStoreContext(), store);
        try {
            QueryResult<?> window = store.query(WindowKeyQuery.withKeyAndWindowStartRange(key(1), Instant.EPOCH, Instant.EPOCH),
                PositionBound.unbounded(), PLAIN);
            QueryResult<byte[]> withInfo = store.query(KeyQuery.withKey(key(1)), PositionBound.unbounded(), new QueryConfig(true));

            assertEquals(FailureReason.UNKNOWN_QUERY_TYPE, window.getFailureReason());
            assertTrue(withInfo.isSuccess());
            assertFalse(withInfo.getExecutionInfo().isEmpty());
        } finally {
            store.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "TOPHASH_PERSISTENT"})
    void typedQueriesWorkThroughKafkaStreamsLayers(StoreKind kind) {
        KeyValueStore<Long, Long> store = Stores.keyValueStoreBuilder(kind.supplier("state", 8, 8), Serdes.Long(), Serdes.Long())
            .withLoggingDisabled().withCachingDisabled().build();
        store.init(context().getStateStoreContext(), store);
        try {
            for (long k = -3; k <= 3; k++) {
                store.put(k, k * 100);
            }
            QueryResult<Long> one = store.query(KeyQuery.<Long, Long>withKey(2L), PositionBound.unbounded(), PLAIN);
            QueryResult<KeyValueIterator<Long, Long>> range = store.query(
                RangeQuery.<Long, Long>withRange(0L, 2L).withDescendingKeys(), PositionBound.unbounded(), PLAIN);

            assertEquals(200L, one.getResult());
            List<Long> keys = new ArrayList<>();
            try (KeyValueIterator<Long, Long> it = range.getResult()) {
                it.forEachRemaining(e -> keys.add(e.key));
            }
            assertEquals(List.of(2L, 1L, 0L), keys);
        } finally {
            store.close();
        }
    }

    /** answers runs a fixed set of key and range queries against a store filled the same way, as strings. */
    private List<String> answers(StoreKind kind) {
        MockProcessorContext<Object, Object> context = context();
        KeyValueStore<Bytes, byte[]> store = kind.supplier("state", 4, 4).get();
        store.init(context.getStateStoreContext(), store);
        try {
            for (int k = 0; k < 200; k += 3) {
                context.setRecordMetadata("events", 0, k);
                store.put(key(k - 100), value(k + 101));
            }
            List<String> out = new ArrayList<>();
            out.add(show(store.query(KeyQuery.withKey(key(-100)), PositionBound.unbounded(), PLAIN)));
            out.add(show(store.query(KeyQuery.withKey(key(-99)), PositionBound.unbounded(), PLAIN)));
            out.add(showRange(store.query(RangeQuery.withRange(key(-10), key(10)), PositionBound.unbounded(), PLAIN)));
            out.add(showRange(store.query(RangeQuery.<Bytes, byte[]>withRange(key(-10), key(10)).withDescendingKeys(),
                PositionBound.unbounded(), PLAIN)));
            out.add(showRange(store.query(RangeQuery.withLowerBound(key(90)), PositionBound.unbounded(), PLAIN)));
            out.add(showRange(store.query(RangeQuery.withUpperBound(key(-90)), PositionBound.unbounded(), PLAIN)));
            out.add(showRange(store.query(RangeQuery.<Bytes, byte[]>withNoBounds().withDescendingKeys(),
                PositionBound.unbounded(), PLAIN)));
            out.add(showRange(store.query(RangeQuery.withRange(key(10), key(-10)), PositionBound.unbounded(), PLAIN)));
            return out;
        } finally {
            store.close();
        }
    }

    private static String show(QueryResult<byte[]> result) {
        return result.isSuccess()
            ? "success " + DifferentialPropertiesTest.hex(result.getResult()) + " at " + result.getPosition()
            : "failure " + result.getFailureReason();
    }

    private static String showRange(QueryResult<KeyValueIterator<Bytes, byte[]>> result) {
        return result.isSuccess()
            ? "success " + DifferentialPropertiesTest.drain(result.getResult()) + " at " + result.getPosition()
            : "failure " + result.getFailureReason();
    }

    private static PositionBound bound(String topic, int partition, long offset) {
        return PositionBound.at(Position.emptyPosition().withComponent(topic, partition, offset));
    }

    private MockProcessorContext<Object, Object> context() {
        return new MockProcessorContext<>(Topologies.config(dir), new TaskId(0, 0), dir.toFile());
    }
}
