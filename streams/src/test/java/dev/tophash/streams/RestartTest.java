package dev.tophash.streams;

import static dev.tophash.streams.TopologiesTest.assertSameRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Restarts: a count-by-key topology runs in one {@link TopologyTestDriver}, then a second
 * driver runs it again on the same task directory.
 *
 * <p>Two facts of the driver shape these tests. It never restores a store from its changelog,
 * so whatever state the second driver finds came from the state directory and nothing was
 * replayed; the in-memory stores, which the driver does not restore, start empty and show it.
 * And its {@code close()} deletes every task directory, so the task directory here is a
 * symbolic link to a directory the test owns: deleting the link leaves the directory, as a
 * stopped instance leaves its state directory for the next start.
 */
class RestartTest {
    private static final String TASK = "0_0";

    @TempDir
    Path root;

    @Test
    void aPersistentStoreKeepsItsStateAcrossACleanRestart() throws IOException {
        Path task = Files.createDirectories(root.resolve("task"));
        List<KeyValue<Long, Long>> first = events(1);
        List<KeyValue<Long, Long>> second = events(2);

        assertSameRecords(counts(List.of(), first), run(StoreKind.TOPHASH_PERSISTENT, task, first));
        assertTrue(Files.isRegularFile(task.resolve(Topologies.STORE).resolve(StoreTables.TABLE_FILE)), "the table file stays in the task directory");

        assertSameRecords(counts(first, second), run(StoreKind.TOPHASH_PERSISTENT, task, second));
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"TOPHASH_IN_MEMORY", "KAFKA_IN_MEMORY"})
    void anInMemoryStoreStartsEmptyInTheDriverWhichReplaysNothing(StoreKind kind) throws IOException {
        Path task = Files.createDirectories(root.resolve("task"));
        List<KeyValue<Long, Long>> first = events(1);
        List<KeyValue<Long, Long>> second = events(2);

        run(kind, task, first);

        assertSameRecords(counts(List.of(), second), run(kind, task, second));
    }

    /**
     * A copy of the task directory taken while the store is open is what a killed process leaves:
     * a table file whose writer never closed it, and no newer checkpoint. The next start runs the
     * table's recovery and finds every count of the records processed before the copy.
     */
    @Test
    void aPersistentStoreRecoversTheTableAKilledProcessLeft() throws IOException {
        Path task = Files.createDirectories(root.resolve("task"));
        Path killed = root.resolve("killed");
        List<KeyValue<Long, Long>> before = events(1);
        List<KeyValue<Long, Long>> after = events(2);

        try (TopologyTestDriver driver = driver(StoreKind.TOPHASH_PERSISTENT, task)) {
            var input = TopologiesTest.input(driver, "events");
            input.pipeKeyValueList(before);
            copyTree(task, killed);
            input.pipeKeyValueList(after);
        }
        Path table = killed.resolve(Topologies.STORE).resolve(StoreTables.TABLE_FILE);
        // The copy is what a killed process leaves: the header's writer flag (the int at byte 12) is still set.
        assertEquals(1, java.nio.ByteBuffer.wrap(Files.readAllBytes(table), 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(),
            "the copied table's writer flag");

        assertSameRecords(counts(before, after), run(StoreKind.TOPHASH_PERSISTENT, killed, after));
    }

    // ------------------------------------------------------------------ helpers

    /** run pipes {@code events} through a driver whose task directory is {@code task}, and returns what it emitted. */
    private List<TestRecord<Long, Long>> run(StoreKind kind, Path task, List<KeyValue<Long, Long>> events)
            throws IOException {
        try (TopologyTestDriver driver = driver(kind, task)) {
            TopologiesTest.input(driver, "events").pipeKeyValueList(events);
            return driver.createOutputTopic("counts", Serdes.Long().deserializer(), Serdes.Long().deserializer()).readRecordsToList();
        }
    }

    /** driver starts a driver on a fresh state directory whose task directory links to {@code task}. */
    private TopologyTestDriver driver(StoreKind kind, Path task) throws IOException {
        Path stateDir = Files.createTempDirectory(root, "state");
        Path appDir = Files.createDirectories(stateDir.resolve(Topologies.APPLICATION_ID));
        Files.createSymbolicLink(appDir.resolve(TASK), task.toAbsolutePath());
        return new TopologyTestDriver(Topologies.countByKey(kind.supplier(Topologies.STORE, 8, 8)), Topologies.config(stateDir));
    }

    /** counts is what count-by-key emits for {@code events} after it has counted {@code earlier}: the running count per key. */
    private static List<TestRecord<Long, Long>> counts(List<KeyValue<Long, Long>> earlier,
                                                                                  List<KeyValue<Long, Long>> events) {
        Map<Long, Long> counts = new HashMap<>();
        earlier.forEach(e -> counts.merge(e.key, 1L, Long::sum));
        List<TestRecord<Long, Long>> out = new ArrayList<>();
        long time = 1_000_000;
        for (KeyValue<Long, Long> e : events) {
            out.add(new TestRecord<>(e.key, counts.merge(e.key, 1L, Long::sum),
                Instant.ofEpochMilli(time++)));
        }
        return out;
    }

    private static List<KeyValue<Long, Long>> events(long seed) {
        Random random = new Random(seed);
        List<KeyValue<Long, Long>> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            events.add(KeyValue.pair((long) random.nextInt(40) - 20, (long) i));
        }
        return events;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
