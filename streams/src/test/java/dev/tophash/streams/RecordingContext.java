package dev.tophash.streams;

import java.io.File;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Kafka's {@code MockProcessorContext} store context, keeping the restore callback a store
 * registers (Kafka's mock drops it), so a test can restore the store as Kafka Streams does.
 */
final class RecordingContext implements StateStoreContext {
    private final StateStoreContext inner;
    StateRestoreCallback restoreCallback;

    RecordingContext(StateStoreContext inner) {
        this.inner = inner;
    }

    @Override
    public void register(StateStore store, StateRestoreCallback callback) {
        restoreCallback = callback;
        inner.register(store, callback);
    }

    @Override
    public void register(StateStore store, StateRestoreCallback callback, CommitCallback onCommit) {
        restoreCallback = callback;
        inner.register(store, callback, onCommit);
    }

    @Override
    public String applicationId() {
        return inner.applicationId();
    }

    @Override
    public TaskId taskId() {
        return inner.taskId();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return inner.recordMetadata();
    }

    @Override
    public Serde<?> keySerde() {
        return inner.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
        return inner.valueSerde();
    }

    @Override
    public File stateDir() {
        return inner.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
        return inner.metrics();
    }

    @Override
    public Map<String, Object> appConfigs() {
        return inner.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return inner.appConfigsWithPrefix(prefix);
    }
}
