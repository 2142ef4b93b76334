package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * File-backed tables across real processes: a writer killed with SIGKILL in the middle of a
 * stream of writes, two processes sharing a file; and what a JVM without tophash's optional
 * dependencies or without its JVM flags does.
 *
 * <p>Why child JVMs: {@link FileBackedTest} simulates a killed writer with a copy of the file
 * taken while it is open, and tests the locks inside one JVM, where they are a registry, not
 * the OS lock. Here the writer really dies at an arbitrary instruction, the OS lock is really
 * contended, and the class path or the command line really lacks what is tested. Each child
 * runs {@link ChildMain} with the test class path (or part of it) and talks to the parent one
 * line at a time on stdout; its stderr goes to a file that every failure message includes.
 *
 * <p>Assertions never depend on timing: where the kill lands varies from run to run, and
 * every property checked must hold wherever it lands. The only clock is a hang guard on
 * reading a child's next line.
 */
@ExtendWith(NoLeaks.class)
class ChildProcessTest {
    /** Agrona's flag, which every JVM running tophash needs. */
    private static final String AGRONA_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
    /** How long a child may take to say its next line before the test calls it hung: a hang guard, never a measurement. */
    private static final long HANG_GUARD_SECONDS = 120;
    /** What {@code Process.exitValue()} reports on Unix for a process ended by SIGKILL: 128 + 9. */
    private static final int KILLED_BY_SIGKILL = 137;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- 1. SIGKILL mid-stream

    /**
     * A writer killed with SIGKILL mid-stream loses nothing it flushed and invents nothing:
     * after recovery the map holds exactly what the stream held after some step at or past
     * the last flush the child reported (the kernel keeps every store made to the shared
     * mapping, so even unflushed steps survive; the one step the kill may cut is either whole
     * or absent). The recovered map passes the invariant checker, keeps working, and closes
     * into a clean file.
     *
     * <p>Scenarios: {@code none} kills while the child writes on, right after the parent reads
     * the chosen flush line or a few milliseconds later, after few or many flushes, with rare or
     * frequent flushes, so that the kill lands in different places from run to run: inside a
     * flush, mid-put, mid-evacuation, while a grow starts (the delay only moves the kill; nothing
     * asserted depends on it). {@code flush} kills a child waiting right after a flush, with
     * nothing written since: the map must be exactly the flushed one. {@code grow} kills a child
     * waiting a third of the way through a grow, with steps written since the last flush: the
     * recovered map must still be growing, at the same size, with no evacuated bucket undone.
     */
    @ParameterizedTest(name = "stop={0}, flush every {1}, after {2} flushes, then {3} ms")
    @CsvSource({
        "none,   5000,  3,  0",
        "none,   5000, 12,  5",
        "none,   1000, 40, 10",
        "none,  20000,  3, 30",
        "flush,  5000,  5,  0",
        "grow,   5000,  4,  0",
    })
    void aWriterKilledMidStreamLosesNothingFlushedAndInventsNothing(String stop, int flushEvery, int flushes, int delayMillis)
        throws IOException, InterruptedException {
        Path file = dir.resolve("killed.tph");
        long flushed = -1;
        long pausedAt = -1;
        int grownB = -1;
        long evacuated = -1;
        try (Child child = Child.start(dir, "writer", classpath(), fileFlags(),
            "stream", file.toString(), Integer.toString(flushEvery), stop, Integer.toString(flushes))) {
            for (int n = 0; n < flushes; n++) {
                flushed = number(child.expect("flushed "), 1);
            }
            if (stop.equals("flush")) {
                pausedAt = number(child.expect("paused "), 1);
                assertEquals(flushed, pausedAt);
            } else if (stop.equals("grow")) {
                String line;
                while ((line = child.expect("")).startsWith("flushed ")) {
                    flushed = number(line, 1);
                }
                assertTrue(line.startsWith("growing "), line + child.stderr());
                pausedAt = number(line, 1);
                grownB = (int) number(line, 2);
                evacuated = number(line, 3);
            }
            Thread.sleep(delayMillis); // where the kill lands, not what is asserted
            child.kill();
            assertEquals(KILLED_BY_SIGKILL, child.exitValue(), "the child died of the kill, not of an error" + child.stderr());
            // Lines said before the kill count too: each one's flush had returned.
            for (String line : child.rest()) {
                if (line.startsWith("flushed ")) {
                    flushed = number(line, 1);
                }
            }
        }
        assertTrue(flushed >= (long) flushEvery * flushes - 1, "flushed " + flushed);

        // A reader may open what the killed writer left and reads the table as it was left:
        // every key answers as it will after recovery, and nothing is invented.
        LongLongMap left = LongLongMap.openReadOnly(file);
        Map<Long, Long> model;
        try (LongLongMap m = LongLongMap.open(file)) { // recovery, while that reader is open
            String where = " [stop=" + stop + ", flushed through step " + flushed + ", recovered " + m.stats() + "]";
            assertTrue(m.table().file().unclean, "the kill left the writer flag set" + where);
            TableChecker.check(m.table());
            Map<Long, Long> recovered = new HashMap<>();
            long[] visits = {0};
            m.forEach((k, v) -> {
                visits[0]++;
                assertNull(recovered.put(k, v), "forEach visited key " + k + " twice");
            });
            assertEquals(m.size(), visits[0], "size() counts what forEach visits" + where);
            try (left) {
                long newest = recovered.keySet().stream().mapToLong(ChildMain::index).max().orElse(0);
                for (long i = 0; i <= newest + 10; i++) {
                    long k = ChildMain.key(i);
                    assertEquals(recovered.getOrDefault(k, -1L), left.getOrDefault(k, -1L),
                        "the reader of the killed writer's file, at key(" + i + ")" + where);
                }
                Map<Long, Long> iterated = new HashMap<>();
                left.forEach((k, v) -> assertNull(iterated.put(k, v), "the reader's forEach visited key " + k + " twice"));
                assertEquals(recovered, iterated, "the reader's forEach of the killed writer's file" + where);
            }

            // Nothing flushed is lost: every entry of the model at the flush is there with its
            // value, unless a step after the flush removed it.
            Map<Long, Long> atFlush = ChildMain.model(flushed);
            for (Map.Entry<Long, Long> e : atFlush.entrySet()) {
                long i = ChildMain.index(e.getKey());
                Long v = recovered.get(e.getKey());
                if (v == null) {
                    assertTrue(ChildMain.removes(i + 3) && i + 3 > flushed,
                        "key(" + i + "), flushed and not removed since, was lost" + where);
                } else {
                    assertEquals(e.getValue(), v, "value of key(" + i + ")" + where);
                }
            }
            // Nothing is invented: every entry is a key of the stream with that key's value, and
            // a key written up to the flush is there only if the model at the flush has it.
            long last = -1;
            for (Map.Entry<Long, Long> e : recovered.entrySet()) {
                long i = ChildMain.index(e.getKey());
                assertTrue(i >= 0 && i < 1L << 32, "key " + e.getKey() + " is no key of the stream" + where);
                assertEquals(ChildMain.value(i), e.getValue(), "value of key(" + i + ")" + where);
                assertTrue(i > flushed || atFlush.containsKey(e.getKey()), "key(" + i + "), removed before the flush, is back" + where);
                last = Math.max(last, i);
            }
            // Stronger, because SIGKILL keeps every store: the map is the stream's state after the
            // put of its newest key, with or without the remove that step may end with.
            assertTrue(last >= flushed, "the newest key is from step " + last + where);
            Map<Long, Long> beforeRemove = ChildMain.model(last - 1);
            beforeRemove.put(ChildMain.key(last), ChildMain.value(last));
            model = ChildMain.model(last);
            boolean removeCut = !recovered.equals(model);
            if (removeCut) {
                assertTrue(ChildMain.removes(last) && recovered.equals(beforeRemove),
                    "the recovered map is no state the stream passed through after step " + last + where);
                model = beforeRemove;
            }
            if (pausedAt >= 0) {
                assertEquals(pausedAt, last, "a child killed while waiting had written exactly to step " + pausedAt + where);
                assertFalse(removeCut, where);
            }
            if (stop.equals("grow")) {
                MapStats stats = m.stats();
                assertTrue(stats.growing(), "the grow in progress was kept: " + stats);
                assertEquals(grownB, stats.log2Buckets());
                assertTrue(stats.evacuatedBuckets() >= evacuated, "recovery keeps the evacuated buckets: " + stats);
            }

            // The recovered map keeps working: finish the cut step, write on, grow on.
            if (removeCut) {
                assertEquals(ChildMain.value(last - 3), m.remove(ChildMain.key(last - 3)));
                model.remove(ChildMain.key(last - 3));
            }
            for (long i = last + 1; i <= last + 20_000; i++) {
                ChildMain.step(m, i);
                ChildMain.step(model, i);
            }
            assertContents(m, model);
        }
        try (LongLongMap r = LongLongMap.openReadOnly(file)) {
            assertContents(r, model);
        }
        try (LongLongMap m = LongLongMap.open(file)) {
            assertFalse(m.table().file().unclean, "the recovered map closed cleanly");
            assertEquals(model.size(), m.size());
        }
    }

    // ---------------------------------------------------------------- 2. two processes, one file

    /**
     * Readers in any process share a file with its one writer: a reader never keeps a writer
     * out, and a second writer is refused across processes.
     */
    @Test
    void readersInTwoProcessesShareAFileWithItsOneWriter() throws IOException, InterruptedException {
        Path file = dir.resolve("shared.tph");
        long last = 200_000 * 7 / 6; // about 200k entries after the removes
        Map<Long, Long> model = ChildMain.model(last);
        try (LongLongMap m = LongLongMap.builder().file(file).seed(ChildMain.SEED).build()) {
            for (long i = 0; i <= last; i++) {
                ChildMain.step(m, i);
            }
        }
        long checksum = ChildMain.checksum(model);

        // The parent reads; a child reads at the same time, then opens it for writing beside the parent's reader.
        try (LongLongMap r = LongLongMap.openReadOnly(file)) {
            assertEquals(checksum, ChildMain.checksum(r));
            try (Child child = Child.start(dir, "reader", classpath(), fileFlags(), "read", file.toString(), Long.toString(last))) {
                String line = child.expect("entries ");
                assertEquals(model.size(), number(line, 1), line);
                assertEquals(checksum, number(line, 3), "the child read the entries the parent reads");
                assertEquals("writer allowed, size " + model.size(), child.expect("writer "));
                assertEquals(0, child.waitForExit(), child.stderr());
            }
            assertContents(r, model);
        }

        // A child writes and holds the file: the parent reads what it wrote, and is refused as a second writer.
        long extra = 10_000;
        try (Child child = Child.start(dir, "holding-writer", classpath(), fileFlags(),
            "hold-writer", file.toString(), Long.toString(last + 1), Long.toString(extra))) {
            for (long i = last + 1; i <= last + extra; i++) {
                ChildMain.step(model, i);
            }
            assertEquals("ready " + model.size(), child.expect("ready "));
            try (LongLongMap r = LongLongMap.openReadOnly(file)) {
                assertEntries(r, model);
                TableFileException writer = assertThrows(TableFileException.class, () -> LongLongMap.open(file).close());
                assertTrue(writer.getMessage().contains("another process"), writer.getMessage());
                child.send("release");
                child.expect("closed");
                assertEquals(0, child.waitForExit(), child.stderr());
                assertEntries(r, model);
            }
        }
        try (LongLongMap r = LongLongMap.openReadOnly(file)) {
            assertFalse(r.table().file().unclean, "the child writer closed the file cleanly");
            assertContents(r, model);
        }
    }

    /**
     * Readers in two other processes, two threads each (more threads than cores), read a file
     * while this process writes it: it grows from one bucket through every doubling, rewrites
     * values, churns (removes and puts back, which same-size grows repack, reusing the space of
     * retired generations), clears and refills. Each reader checks every answer on its own
     * ({@link ChildMain#follow}); after each put of the marker returns, each must read it.
     */
    @Test
    void readersInOtherProcessesFollowAWriterThatGrowsChurnsAndClears() throws IOException, InterruptedException {
        Path file = dir.resolve("followed.tph");
        long keys = 120_000;
        try (LongLongMap m = LongLongMap.builder().file(file).seed(ChildMain.SEED).build();
             Child a = Child.start(dir, "follower-a", classpath(), fileFlags(), "follow", file.toString(), "2", Long.toString(keys));
             Child b = Child.start(dir, "follower-b", classpath(), fileFlags(), "follow", file.toString(), "2", Long.toString(keys))) {
            List<Child> readers = List.of(a, b);
            for (Child c : readers) {
                c.expect("ready");
            }
            long marker = 0;
            for (long i = 0; i < keys; i++) {
                m.put(ChildMain.key(i), ChildMain.value(i));
                if (i % 8_000 == 0) {
                    marker = checkMarker(m, marker, readers);
                }
            }
            assertTrue(m.stats().log2Buckets() >= 14, "grew: " + m.stats());
            for (long round = 1; round <= 3; round++) {
                for (long i = round; i < keys; i += 3) {
                    m.put(ChildMain.key(i), ChildMain.value(i) ^ (round << 48));
                }
                marker = checkMarker(m, marker, readers);
            }
            for (int round = 0; round < 4; round++) {
                for (long i = round; i < keys; i += 2) {
                    m.remove(ChildMain.key(i));
                }
                marker = checkMarker(m, marker, readers);
                for (long i = round; i < keys; i += 2) {
                    m.put(ChildMain.key(i), ChildMain.value(i));
                }
                marker = checkMarker(m, marker, readers);
            }
            m.clear();
            marker = checkMarker(m, marker, readers);
            for (long i = 0; i < keys / 2; i++) {
                m.put(ChildMain.key(i), ChildMain.value(i));
            }
            checkMarker(m, marker, readers);
            for (Child c : readers) {
                c.send("stop");
                String done = c.expect("done ");
                assertTrue(number(done, 1) > 0, done);
                assertEquals(0, c.waitForExit(), c.stderr());
            }
        }
    }

    /**
     * A writer killed with SIGKILL while a reader in another process reads: the reader goes on
     * answering (as the writer left the table), then goes on while a new writer in this process
     * recovers the file, and follows that writer's puts.
     */
    @Test
    void readersOutliveAKilledWriterAndFollowTheNextOne() throws IOException, InterruptedException {
        Path file = dir.resolve("killed-followed.tph");
        long keys = 400_000;
        try (Child writer = Child.start(dir, "writer", classpath(), fileFlags(), "stream", file.toString(), "5000", "none", "1000")) {
            writer.expect("flushed ");
            try (Child reader = Child.start(dir, "follower", classpath(), fileFlags(), "follow", file.toString(), "2",
                Long.toString(keys))) {
                reader.expect("ready");
                for (int n = 0; n < 4; n++) {
                    writer.expect("flushed ");
                }
                writer.kill();
                assertEquals(KILLED_BY_SIGKILL, writer.exitValue(), writer.stderr());
                reader.send("check -1");
                reader.expect("ok ");
                try (LongLongMap m = LongLongMap.open(file)) {
                    assertTrue(m.table().file().unclean, "recovered while the reader reads");
                    reader.send("check -1");
                    reader.expect("ok ");
                    long marker = 0;
                    for (long i = keys - 50_000; i < keys; i++) {
                        ChildMain.step(m, i);
                        if (i % 10_000 == 0) {
                            marker = checkMarker(m, marker, List.of(reader));
                        }
                    }
                    checkMarker(m, marker, List.of(reader));
                }
                reader.send("stop");
                reader.expect("done ");
                assertEquals(0, reader.waitForExit(), reader.stderr());
            }
        }
    }

    /** checkMarker raises the marker to {@code marker + 1} and has every reader read at least that. */
    private static long checkMarker(LongLongMap m, long marker, List<Child> readers) throws IOException, InterruptedException {
        long next = marker + 1;
        m.put(ChildMain.MARKER, next);
        for (Child c : readers) {
            c.send("check " + next);
        }
        for (Child c : readers) {
            c.expect("ok ");
        }
        return next;
    }

    // ---------------------------------------------------------------- 3. optional dependencies and JVM flags

    /**
     * An in-memory map needs none of tophash's optional dependencies and only Agrona's flag: the
     * child's class path lacks every jar a user of in-memory maps does not get (Chronicle and
     * what it brings, JNA, SLF4J), its flags are Agrona's alone, and it proves those classes
     * absent before using the maps. It prints nothing on stderr: on JDK 24 and later that
     * proves nothing called {@code sun.misc.Unsafe}'s memory access, which the JVM warns about
     * there, so keys wider than 8 bytes are hashed without it; on every JDK the child shows that
     * zero-allocation-hashing's {@code sun.misc.Unsafe} access class was never initialised.
     * Huge pages are off and name the JNA artifact; a file-backed build is refused, leaving no
     * file, with a {@link TableFileException} that names Chronicle Core's artifact and the
     * flags. The artifacts are named with the versions of the jars this test's own class path
     * holds.
     */
    @Test
    void inMemoryMapsNeedNoOptionalDependencyAndOnlyAgronasFlag() throws IOException, InterruptedException {
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String entry : classpath()) {
            (optional(entry) ? dropped : kept).add(entry);
        }
        String chronicleCore = artifact(dropped, "net.openhft", "chronicle-core");
        String jna = artifact(dropped, "net.java.dev.jna", "jna");
        assertTrue(dropped.stream().anyMatch(p -> p.contains("slf4j-api")), "SLF4J was on the classpath: " + dropped);
        assertTrue(kept.stream().anyMatch(p -> p.contains("zero-allocation-hashing")), "the engine's hashing stays: " + kept);
        try (Child child = Child.start(dir, "in-memory", kept, List.of(AGRONA_FLAG), "in-memory", dir.toString())) {
            child.expect("absent: chronicle, jna, slf4j");
            child.expect("wide keys hashed, " + ChildMain.ZAH_UNSAFE_ACCESS + " never initialised");
            String hugePages = child.expect("huge pages ");
            String refused = child.expect("file refused ");
            child.expect("ok");
            assertEquals(0, child.waitForExit(), child.stderr());
            assertEquals("", child.stderr(), "the child printed nothing on stderr");
            assertTrue(hugePages.contains("off: JNA is not on the class path") && hugePages.contains(jna),
                "huge pages are off and name " + jna + ": " + hugePages);
            assertTrue(refused.startsWith("file refused TableFileException"), "refused with TableFileException: " + refused);
            assertTrue(refused.contains("left=false"), "a refused file-backed build leaves no file: " + refused);
            assertTrue(refused.contains(chronicleCore) && refused.contains(Mmap.JVM_FLAGS),
                "the refusal names " + chronicleCore + " and the flags: " + refused);
        }
    }

    /**
     * Without Agrona's flag, every map's first build throws an {@link IllegalStateException}
     * that names the flag and where to put it, before Agrona is touched: so the second build
     * says the same, instead of a {@code NoClassDefFoundError} from a class that failed to load.
     * Opening a file is refused the same way, and leaves the file as it was.
     */
    @Test
    void withoutAgronasFlagEveryBuildNamesIt() throws IOException, InterruptedException {
        Path file = smallTableFile("existing.tph");
        byte[] before = Files.readAllBytes(file);
        try (Child child = Child.start(dir, "no-agrona-flag", classpath(), List.of(), "no-agrona-flag", file.toString())) {
            List<String> refusals = List.of(child.expect("LongLongMap "), child.expect("LongLongMap "),
                child.expect("OffHeapMap "), child.expect("open "));
            child.expect("ok");
            assertEquals(0, child.waitForExit(), child.stderr());
            for (String refused : refusals) {
                String what = refused.substring(refused.indexOf(' ') + 1);
                assertTrue(what.startsWith("refused IllegalStateException: tophash needs the JVM flag " + AGRONA_FLAG), refused);
                assertTrue(what.contains("java command line") && what.contains("<argLine>")
                    && what.contains("--add-exports java.base/jdk.internal.misc=org.agrona"), "says where to put it: " + refused);
            }
        }
        assertTrue(Arrays.equals(before, Files.readAllBytes(file)), "the refused open changed the file");
    }

    /**
     * With Chronicle on the class path but without its flags, a file-backed build and an open
     * are refused with a {@link TableFileException} naming each missing flag, and change no
     * file: neither creates one nor touches the existing one.
     */
    @Test
    void withoutChroniclesFlagsFileBackedMapsNameThem() throws IOException, InterruptedException {
        Path existing = smallTableFile("existing.tph");
        byte[] before = Files.readAllBytes(existing);
        Path fresh = dir.resolve("fresh.tph");
        try (Child child = Child.start(dir, "no-file-flags", classpath(), List.of(AGRONA_FLAG),
            "no-file-flags", fresh.toString(), existing.toString())) {
            List<String> refusals = List.of(child.expect("build "), child.expect("open "), child.expect("openReadOnly "));
            child.expect("ok");
            assertEquals(0, child.waitForExit(), child.stderr());
            for (String refused : refusals) {
                assertTrue(refused.contains("refused TableFileException") && refused.contains(Mmap.JVM_FLAGS), refused);
            }
        }
        assertFalse(Files.exists(fresh), "a refused build created its file");
        assertTrue(Arrays.equals(before, Files.readAllBytes(existing)), "a refused open changed the file");
    }

    /** smallTableFile is a closed table file holding one entry, for a child to be refused. */
    private Path smallTableFile(String name) {
        Path file = dir.resolve(name);
        try (LongLongMap m = LongLongMap.builder().file(file).build()) {
            m.put(1, 2);
        }
        return file;
    }

    /** optional says whether a class path entry is a jar that a user of in-memory maps does not get. */
    private static boolean optional(String entry) {
        String path = entry.replace(File.separatorChar, '/');
        return path.contains("/net/openhft/chronicle-") || path.contains("/net/openhft/posix/") || path.contains("/com/github/jnr/")
            || path.contains("/org/ow2/asm/") || path.contains("/net/java/dev/jna/") || path.contains("/org/slf4j/");
    }

    /**
     * artifact is {@code groupId:artifactId:version} of the jar among {@code entries} that sits in
     * a Maven repository at {@code groupId/artifactId/version/}: what tophash's messages must name.
     */
    private static String artifact(List<String> entries, String groupId, String artifactId) {
        String dirs = "/" + groupId.replace('.', '/') + "/" + artifactId + "/";
        for (String entry : entries) {
            String path = entry.replace(File.separatorChar, '/');
            int at = path.indexOf(dirs);
            if (at >= 0) {
                String version = path.substring(at + dirs.length(), path.indexOf('/', at + dirs.length()));
                return groupId + ":" + artifactId + ":" + version;
            }
        }
        throw new AssertionError(groupId + ":" + artifactId + " is not on the test class path: " + entries);
    }

    // ---------------------------------------------------------------- helpers

    /** assertContents checks a map against a model every way it can be read, and its invariants. */
    private static void assertContents(LongLongMap m, Map<Long, Long> model) {
        assertEntries(m, model);
        TableChecker.check(m.table());
    }

    /**
     * assertEntries checks a map against a model every way it can be read: for a reader beside a
     * live writer, whose overflow cursors are as of the writer's last record, so the invariants
     * that count handed-out buckets do not apply to it.
     */
    private static void assertEntries(LongLongMap m, Map<Long, Long> model) {
        assertEquals(model.size(), m.size());
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertTrue(m.containsKey(e.getKey()), "missing key(" + ChildMain.index(e.getKey()) + ")");
            assertEquals(e.getValue(), m.get(e.getKey()));
        }
        assertEquals(ChildMain.checksum(model), ChildMain.checksum(m), "forEach sees the model's entries");
    }

    /** number parses the {@code field}-th space-separated word of a line (0 is the first). */
    private static long number(String line, int field) {
        return Long.parseLong(line.split(" ")[field]);
    }

    /** The flags a JVM with file-backed maps needs: Agrona's and {@link Mmap#JVM_FLAGS}. */
    private static List<String> fileFlags() {
        return List.of(AGRONA_FLAG, Mmap.JVM_FLAGS);
    }

    /**
     * classpath is this JVM's test classpath, entry by entry. Surefire puts the real test
     * classpath in {@code surefire.test.class.path} (and, with its default system class
     * loader, in {@code java.class.path} too); when the class path is a single manifest-only
     * jar, as a forked JVM started from such a jar sees it, the entries are read from its
     * manifest's {@code Class-Path} (URLs, relative to the jar), because a filter must see
     * them. Checked to hold this class's own location, so a child can load {@link ChildMain}.
     */
    static List<String> classpath() {
        String property = System.getProperty("surefire.test.class.path");
        if (property == null || property.isBlank()) {
            property = System.getProperty("java.class.path");
        }
        List<String> entries = Arrays.stream(property.split(File.pathSeparator)).filter(s -> !s.isEmpty()).toList();
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            Path jar = Path.of(entries.get(0)).toAbsolutePath();
            try (JarFile j = new JarFile(jar.toFile())) {
                Manifest manifest = j.getManifest();
                String listed = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (listed != null && !listed.isBlank()) {
                    URI base = jar.toUri();
                    entries = Arrays.stream(listed.trim().split("\\s+")).map(u -> Path.of(base.resolve(u)).toString()).toList();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the manifest of " + jar, e);
            }
        }
        Path own;
        try {
            own = Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(entries.stream().anyMatch(p -> Path.of(p).toAbsolutePath().normalize().equals(own.toAbsolutePath().normalize())),
            "the test classpath " + entries + " holds " + own);
        return entries;
    }

    /**
     * A child JVM running {@link ChildMain}: its stdout read line by line on a thread of its
     * own into a queue (so the pipe never fills and a read can give up), stderr into a file.
     * Closing it kills it if it still runs, so every test's try-with-resources is its finally.
     */
    private static final class Child implements AutoCloseable {
        /** Put in the queue when stdout ends; compared by identity, so no line can equal it. */
        private static final String END = new String("end of stdout");

        private final String name;
        private final Process process;
        private final Path stderrFile;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;
        private final Writer stdin;
        private boolean ended;

        private Child(String name, Process process, Path stderrFile) {
            this.name = name;
            this.process = process;
            this.stderrFile = stderrFile;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the stream was closed under us by close(): the child is gone
                } finally {
                    lines.add(END);
                }
            }, "child " + name + " stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path dir, String name, List<String> classpath, List<String> flags, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String flag : flags) {
                command.addAll(Arrays.asList(flag.split(" ")));
            }
            command.add("-Xmx256m");
            command.add("-ea"); // the engine's own assertions, as in this JVM
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classpath));
            command.add(ChildMain.class.getName());
            command.addAll(Arrays.asList(args));
            Path stderr = dir.resolve(name + ".stderr");
            Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new Child(name, p, stderr);
        }

        /** expect returns the next line, failing unless it starts with {@code prefix}, or if stdout ends first. */
        String expect(String prefix) throws InterruptedException {
            assertFalse(ended, "child " + name + " said everything already");
            String line = lines.poll(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                fail("child " + name + " said nothing for " + HANG_GUARD_SECONDS + " s (hung?)" + stderr());
            }
            if (line == END) {
                ended = true;
                fail("child " + name + " ended (" + exitDescription() + ") while '" + prefix + "...' was expected" + stderr());
            }
            assertTrue(line.startsWith(prefix), "child " + name + " said '" + line + "', expected '" + prefix + "...'" + stderr());
            return line;
        }

        /** rest is every line the child said that was not read yet; call once the child is dead. */
        List<String> rest() throws InterruptedException {
            List<String> rest = new ArrayList<>();
            while (!ended) {
                String line = lines.poll(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                assertNotNull(line, "stdout of the dead child " + name + " did not end");
                if (line == END) {
                    ended = true;
                } else {
                    rest.add(line);
                }
            }
            return rest;
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        /** kill sends SIGKILL (on Unix) and waits for the process to be gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "child " + name + " survived SIGKILL");
        }

        int waitForExit() throws InterruptedException {
            assertTrue(process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "child " + name + " did not exit" + stderr());
            return process.exitValue();
        }

        int exitValue() {
            return process.exitValue();
        }

        private String exitDescription() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        /** stderr is the child's stderr so far, to append to a failure message. */
        String stderr() {
            try {
                String text = Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
                return text.isBlank() ? "" : "\n--- stderr of child " + name + " ---\n" + text;
            } catch (IOException e) {
                return "\n(stderr of child " + name + " unreadable: " + e + ")";
            }
        }

        /**
         * close kills the child if it still runs and waits for it and for its stdout reader.
         * Throws nothing checked (an interrupt is passed on), so a try-with-resources over a
         * child needs no catch of its own.
         */
        @Override
        public void close() {
            try {
                if (process.isAlive()) {
                    process.destroyForcibly();
                    process.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                }
                reader.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    stdin.close();
                } catch (IOException ignored) {
                    // the child is gone, and its end of the pipe with it
                }
            }
        }
    }
}
