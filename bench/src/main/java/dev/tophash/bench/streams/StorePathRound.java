package dev.tophash.bench.streams;

import dev.tophash.engine.OffHeapMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * One round of count-by-key on one store's path, the part of a DSL {@code count()} that
 * touches the store: for each record, a {@code get} and a {@code put} of the key's count with
 * its timestamp, through the timestamped, metered store Kafka Streams builds around the
 * supplier's store, and a commit every {@code commitEvery} records. Kafka Streams' record
 * cache and changelog are off: the cache would absorb repeated keys alike for every store, and
 * the changelog needs a broker. Then, untimed, the counts are checked, the store's footprint is
 * measured, and the timed restart: reopening a persistent store, restoring an in-memory one.
 */
final class StorePathRound {
    static final String STORE = "counts";

    /**
     * What one round measured.
     *
     * @param countNanos the timed count-by-key loop, commits included
     * @param restartNanos reopening the persistent store and one get, or building the in-memory store and restoring every entry
     * @param diskBytes bytes of the files in the state directory after a clean close (persistent stores; RocksDB keeps its
     *     store in {@code rocksdb/<name>} there, tophash in {@code <name>})
     * @param heapBytes the heap the full store holds, measured after garbage collection (in-memory stores)
     * @param offHeapBytes the off-heap bytes tophash holds for the store
     */
    record Result(long countNanos, long restartNanos, long diskBytes, long heapBytes, long offHeapBytes) {
    }

    private StorePathRound() {
    }

    /**
     * run counts {@code keys}, one record each, on a new store of {@code kind} in {@code stateDir}.
     *
     * @throws IllegalStateException when the counts read back are not the counts of {@code keys}
     */
    static Result run(StoreUnderTest kind, long[] keys, int commitEvery, Path stateDir) {
        StateStoreContext context = context(stateDir);
        long heapBefore = usedHeapAfterGc();
        long offHeapBefore = OffHeapMemory.allocatedBytes();
        TimestampedKeyValueStore<Long, Long> store = build(kind);
        store.init(context, store);

        long start = System.nanoTime();
        for (int i = 0; i < keys.length; i++) {
            ValueAndTimestamp<Long> old = store.get(keys[i]);
            store.put(keys[i], ValueAndTimestamp.make(old == null ? 1L : old.value() + 1, i));
            if ((i + 1) % commitEvery == 0) {
                store.commit(Map.of());
            }
        }
        store.commit(Map.of());
        long countNanos = System.nanoTime() - start;

        List<KeyValue<Long, ValueAndTimestamp<Long>>> entries = check(store, keys.length);
        long heapBytes = kind.persistent() ? 0 : Math.max(0, usedHeapAfterGc() - heapBefore);
        long offHeapBytes = OffHeapMemory.allocatedBytes() - offHeapBefore;
        store.close();
        long diskBytes = kind.persistent() ? bytesUnder(stateDir) : 0;

        long restartNanos = restart(kind, context, entries);
        return new Result(countNanos, restartNanos, diskBytes, heapBytes, offHeapBytes);
    }

    /** restart times what a new instance does before the store can answer: reopen, or restore every entry. */
    private static long restart(StoreUnderTest kind, StateStoreContext context, List<KeyValue<Long, ValueAndTimestamp<Long>>> entries) {
        KeyValue<Long, ValueAndTimestamp<Long>> probe = entries.get(0);
        long start = System.nanoTime();
        TimestampedKeyValueStore<Long, Long> store = build(kind);
        store.init(context, store);
        if (!kind.persistent()) {
            store.putAll(entries);
        }
        ValueAndTimestamp<Long> found = store.get(probe.key);
        long nanos = System.nanoTime() - start;
        store.close();
        if (found == null || !found.value().equals(probe.value.value())) {
            throw new IllegalStateException(kind.label() + " lost key " + probe.key + " across the restart: " + found);
        }
        return nanos;
    }

    private static TimestampedKeyValueStore<Long, Long> build(StoreUnderTest kind) {
        return Stores.timestampedKeyValueStoreBuilder(kind.supplier(STORE), Serdes.Long(), Serdes.Long())
            .withCachingDisabled()
            .withLoggingDisabled()
            .build();
    }

    /** check reads every count back: they must add up to the records counted. Returns the entries, for the restore. */
    private static List<KeyValue<Long, ValueAndTimestamp<Long>>> check(TimestampedKeyValueStore<Long, Long> store, long records) {
        List<KeyValue<Long, ValueAndTimestamp<Long>>> entries = new ArrayList<>();
        long sum = 0;
        try (KeyValueIterator<Long, ValueAndTimestamp<Long>> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Long, ValueAndTimestamp<Long>> e = it.next();
                sum += e.value.value();
                entries.add(e);
            }
        }
        if (sum != records) {
            throw new IllegalStateException("the counts add up to " + sum + ", not to the " + records + " records counted");
        }
        return entries;
    }

    private static StateStoreContext context(Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "tophash-bench-streams");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile()).getStateStoreContext();
    }

    /** usedHeapAfterGc is the heap in use once the collector has run twice: a rough figure, good to a few percent. */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** bytesUnder is the total size of the files under {@code dir}. */
    static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
