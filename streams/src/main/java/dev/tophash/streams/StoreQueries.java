package dev.tophash.streams;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.ResultOrder;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Interactive queries (IQv2) on a key-value store of serialized keys and values: a
 * {@link KeyQuery} answers as {@code get}, a {@link RangeQuery} as {@code range},
 * {@code reverseRange}, {@code all} or {@code reverseAll}; any other query is an unknown type.
 * A query bounded by a {@link Position} runs only once the store has seen, for its own
 * partition, every offset the bound names.
 */
final class StoreQueries {
    private StoreQueries() {
    }

    /**
     * run answers {@code query} from {@code store}, which must not change meanwhile (the caller
     * holds its lock), and stamps the result with a copy of {@code position}. Failures come
     * back as failed results, never as exceptions.
     *
     * @param partition the store's task partition, or null before the store is initialized
     */
    @SuppressWarnings("unchecked")
    static <R> QueryResult<R> run(KeyValueStore<Bytes, byte[]> store, Query<R> query, PositionBound bound,
                                  boolean collectExecutionInfo, Position position, Integer partition) {
        long start = collectExecutionInfo ? System.nanoTime() : 0;
        QueryResult<R> result;
        if (!(query instanceof KeyQuery) && !(query instanceof RangeQuery)) {
            result = QueryResult.forUnknownQueryType(query, store);
        } else if (partition == null || !reaches(position, bound, partition)) {
            result = QueryResult.notUpToBound(position, bound, partition);
        } else {
            try {
                result = (QueryResult<R>) (query instanceof KeyQuery
                    ? QueryResult.forResult(store.get(((KeyQuery<Bytes, byte[]>) query).getKey()))
                    : QueryResult.forResult(range(store, (RangeQuery<Bytes, byte[]>) query)));
            } catch (RuntimeException e) {
                result = QueryResult.forFailure(FailureReason.STORE_EXCEPTION,
                    "store '" + store.name() + "' failed to answer " + query + ": " + e);
            }
        }
        if (collectExecutionInfo) {
            result.addExecutionInfo("Handled in " + store.getClass() + " in " + (System.nanoTime() - start) + "ns");
        }
        result.setPosition(position.copy());
        return result;
    }

    private static Object range(KeyValueStore<Bytes, byte[]> store, RangeQuery<Bytes, byte[]> query) {
        Optional<Bytes> lower = query.getLowerBound();
        Optional<Bytes> upper = query.getUpperBound();
        boolean descending = query.resultOrder() == ResultOrder.DESCENDING;
        if (lower.isEmpty() && upper.isEmpty()) {
            return descending ? store.reverseAll() : store.all();
        }
        return descending
            ? store.reverseRange(lower.orElse(null), upper.orElse(null))
            : store.range(lower.orElse(null), upper.orElse(null));
    }

    /**
     * reaches tells whether {@code position} is at or past {@code bound} for {@code partition}:
     * for every topic the bound names for that partition, the store has seen that offset.
     * Topics the bound names only for other partitions do not matter.
     */
    static boolean reaches(Position position, PositionBound bound, int partition) {
        Position wanted = bound.position();
        for (String topic : wanted.getTopics()) {
            Long needed = wanted.getPartitionPositions(topic).get(partition);
            if (needed == null) {
                continue;
            }
            Map<Integer, Long> seen = position.getPartitionPositions(topic);
            Long at = seen.get(partition);
            if (at == null || at < needed) {
                return false;
            }
        }
        return true;
    }
}
