/**
 * tophash tables as Kafka Streams key-value state stores, for state whose serialized keys and
 * values have a fixed width. {@link dev.tophash.streams.TophashStores} makes the suppliers;
 * everything else here is the store behind them.
 *
 * <h2>The store</h2>
 * A store is a {@code KeyValueStore<Bytes, byte[]>} over an {@code OffHeapMap} whose key and
 * value codecs are {@code fixedBytes(keyWidth)} and {@code fixedBytes(valueWidth)}. Kafka
 * Streams puts its own layers around it (metrics and serdes, the record cache, the changelog),
 * so a topology sees typed keys and values and the store sees their bytes.
 *
 * <h2>Widths</h2>
 * Every serialized key must have {@code keyWidth} bytes and every serialized value
 * {@code valueWidth} bytes; anything else is refused with an {@link IllegalArgumentException}
 * that names the store, the width it holds and the width it got, and nothing changes (a
 * {@code putAll} or a restored batch is checked whole before any of it is written). Kafka
 * Streams keeps an 8-byte timestamp in front of each value of a store that is not persistent
 * when it uses it as a timestamped store, as the DSL does; the in-memory store sees that
 * ({@code init}'s root store is a {@code TimestampedKeyValueStore}) and makes its slots 8 bytes
 * wider, so the widths given are always those the serdes write.
 *
 * <h2>Ordered reads</h2>
 * {@code range}, {@code reverseRange}, {@code all}, {@code reverseAll} and {@code prefixScan}
 * return keys in the order Kafka Streams requires, {@code Bytes} order (unsigned bytes,
 * lexicographic). A hash table has no such order, so each iterator scans the whole table once,
 * O(n) for n entries, copies the m keys it covers and sorts them, O(m log m), and holds those m
 * keys until it is closed or exhausted. Values are read from the table as the iterator reaches
 * them, as Kafka Streams' in-memory store does: an open iterator stays valid while the store is
 * written, skips keys deleted since it was opened, returns updated keys with their new value,
 * and does not return keys added since. {@code get}, {@code put} and {@code delete} are one
 * table operation, O(1) expected.
 *
 * <h2>Threads</h2>
 * A stream thread writes while interactive queries read from other threads, and a tophash
 * table takes one writer and no reader beside a write, so every method holds the store's lock,
 * as Kafka Streams' in-memory store does; an iterator takes it once per step.
 *
 * <h2>Persistent stores: commit, restart, crash</h2>
 * The persistent store keeps its table in the file {@code table.tophash} in its directory in
 * the task's state directory, {@code <state.dir>/<application.id>/<task>/<store name>/}. It
 * leaves the changelog offsets to Kafka Streams' checkpoint file, as any store does that does
 * not manage offsets itself. A commit writes the table's dirty pages and its header to disk (two
 * {@code fsync}s), after which Kafka Streams may write a checkpoint covering every record
 * written so far. A clean close does the same and marks the file closed. So:
 * <ul>
 *   <li>after a clean shutdown, a restart reopens the file without reading it (O(1); pages load
 *       as they are touched) and Kafka Streams replays only the changelog records its checkpoint
 *       does not cover, which is none;</li>
 *   <li>after a crash, opening the file runs the table's recovery first, O(table), which makes
 *       it consistent again; then Kafka Streams replays the changelog from its last checkpoint
 *       (at-least-once), or, under exactly-once, where it keeps no checkpoint while running,
 *       wipes the task's state and restores the store from the whole changelog;</li>
 *   <li>a file that cannot be opened (damaged beyond what a crash leaves, written with other
 *       widths, open in another process) fails the task's start with a
 *       {@code ProcessorStateException} naming the store, the file and the task directory to
 *       delete so that Kafka Streams rebuilds the store from its changelog.</li>
 * </ul>
 * The in-memory store starts empty on every start; Kafka Streams restores it from the whole
 * changelog. Restoration writes in batches ({@code BatchingStateRestoreCallback}).
 *
 * <h2>Interactive queries</h2>
 * {@code query} answers {@code KeyQuery} and {@code RangeQuery} over serialized keys; other
 * queries come back as an unknown query type. The store tracks the position (input offsets) of
 * the records written to it, so a query bounded by a position waits for it; the position is not
 * kept across a restart nor rebuilt from the changelog, so after a restart a bounded query
 * waits until the store has processed records again.
 *
 * <h2>JVM flags</h2>
 * Every JVM running tophash needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}
 * (Agrona). The persistent store maps its file through Chronicle Core, which needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang.reflect=ALL-UNNAMED}
 * and Chronicle Core on the class path (this module depends on it).
 */
package dev.tophash.streams;
