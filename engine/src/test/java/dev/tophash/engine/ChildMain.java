package dev.tophash.engine;

import dev.tophash.codecs.Codecs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.UnsafeApi;

/**
 * The program the child JVMs of {@link ChildProcessTest} run, and the deterministic write
 * stream that the child and the parent both compute.
 *
 * <h2>The stream</h2>
 * Step {@code i} (0, 1, 2, ...) puts {@link #key key(i)} with {@link #value value(i)}; every
 * seventh step ({@link #removes}) then removes {@code key(i - 3)}. Keys are a bijection of
 * {@code i} (the SplitMix64 finaliser), so every key is put once and removed at most once,
 * and {@link #index} turns any key found in a map back into the step that wrote it: the parent
 * can judge every entry of a recovered file, not only the ones it expects.
 *
 * <h2>The protocol</h2>
 * One line per event on stdout, flushed at once; the parent reads them as they come. A child
 * that waits (for the kill, or for the parent's go-ahead) watches stdin and ends when it ends,
 * so a parent that dies without killing it does not leave it running. Any failure is an
 * exception: the child exits non-zero with the stack trace on stderr, which the parent shows.
 */
final class ChildMain {
    /** The seed of every map the children and the parent build: the same file layout each run. */
    static final long SEED = 0x7A11_C0DE;
    private static final long KEY_SALT = 0x5EED_0F_4E15L;
    private static final long VALUE_SALT = 0x0DDB_A11_5EEDL;
    private static final long MUL1 = 0xBF58476D1CE4E5B9L;
    private static final long MUL2 = 0x94D049BB133111EBL;
    private static final long INV1 = inverse(MUL1);
    private static final long INV2 = inverse(MUL2);
    /**
     * zero-allocation-hashing's memory access through sun.misc.Unsafe: its initialiser already
     * calls the methods JDK 24 and later warn about, so tophash must never initialise it.
     */
    static final String ZAH_UNSAFE_ACCESS = "net.openhft.hashing.UnsafeAccess";
    /** A stream child stops writing this many flushes after its last planned stop, in case nobody kills it. */
    private static final int SPARE_FLUSHES = 200;

    private ChildMain() {
    }

    // ---------------------------------------------------------------- the stream

    /** mix is the SplitMix64 finaliser: a bijection of the longs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * MUL1;
        z = (z ^ (z >>> 27)) * MUL2;
        return z ^ (z >>> 31);
    }

    /** unmix inverts {@link #mix}: each xorshift and each odd multiplier undone in reverse order. */
    static long unmix(long z) {
        z = z ^ (z >>> 31) ^ (z >>> 62);
        z *= INV2;
        z = z ^ (z >>> 27) ^ (z >>> 54);
        z *= INV1;
        return z ^ (z >>> 30) ^ (z >>> 60);
    }

    /** inverse is the multiplicative inverse of an odd long modulo 2^64 (Newton: each step doubles the correct bits). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /** The key step {@code i} puts. */
    static long key(long i) {
        return mix(i ^ KEY_SALT);
    }

    /** The value step {@code i} puts. */
    static long value(long i) {
        return mix(i + VALUE_SALT);
    }

    /** The step whose key is {@code key}: {@code index(key(i)) == i}; garbage keys give huge or negative numbers. */
    static long index(long key) {
        return unmix(key) ^ KEY_SALT;
    }

    /** Whether step {@code i} also removes {@code key(i - 3)}. */
    static boolean removes(long i) {
        return i % 7 == 6;
    }

    /** step applies step {@code i} to a map, checking what each call returns. */
    static void step(LongLongMap m, long i) {
        long previous = m.put(key(i), value(i));
        if (previous != m.missingValue()) {
            throw new IllegalStateException("put of the new key " + key(i) + " (step " + i + ") returned " + previous);
        }
        if (removes(i)) {
            long removed = m.remove(key(i - 3));
            if (removed != value(i - 3)) {
                throw new IllegalStateException("remove of key(" + (i - 3) + ") returned " + removed
                    + ", expected " + value(i - 3));
            }
        }
    }

    /** step applies step {@code i} to a model. */
    static void step(Map<Long, Long> model, long i) {
        model.put(key(i), value(i));
        if (removes(i)) {
            model.remove(key(i - 3));
        }
    }

    /** model is what the map holds after steps {@code 0..last} (none when {@code last < 0}). */
    static Map<Long, Long> model(long last) {
        Map<Long, Long> model = new HashMap<>();
        for (long i = 0; i <= last; i++) {
            step(model, i);
        }
        return model;
    }

    /** checksum is an order-independent digest of a map's entries, to compare two readers. */
    static long checksum(LongLongMap m) {
        long[] sum = {0};
        m.forEach((k, v) -> sum[0] += mix(k ^ mix(v)));
        return sum[0];
    }

    /** checksum of a model, equal to {@link #checksum(LongLongMap)} of a map with the same entries. */
    static long checksum(Map<Long, Long> model) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            sum += mix(e.getKey() ^ mix(e.getValue()));
        }
        return sum;
    }

    // ---------------------------------------------------------------- the child

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "stream" -> stream(Path.of(args[1]), Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
            case "read" -> read(Path.of(args[1]), Long.parseLong(args[2]));
            case "hold-writer" -> holdWriter(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
            case "follow" -> follow(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "in-memory" -> inMemory(Path.of(args[1]));
            case "no-agrona-flag" -> noAgronaFlag(Path.of(args[1]));
            case "no-file-flags" -> noFileFlags(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Stdin, wrapped only in a child: the parent JVM loads this class too, and its stdin is surefire's. */
    private static final class Stdin {
        static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /** awaitLine waits for the parent's next line; the end of stdin (the parent is gone) ends this JVM. */
    private static void awaitLine() throws IOException {
        if (Stdin.IN.readLine() == null) {
            Runtime.getRuntime().halt(3);
        }
    }

    /**
     * stream writes the stream into a new file-backed map built with no expected size, so it
     * grows through many generations meanwhile; every {@code flushEvery} steps it flushes and
     * says {@code flushed <last step>}. It never closes the map: it runs until killed.
     * {@code stop} says where it waits for the kill after its {@code stopAt}-th flush:
     * {@code none}, writing on; {@code flush}, right after that flush ({@code paused <i>});
     * {@code grow}, at the next point where a grow has evacuated a third of its old buckets and
     * steps were written since the flush ({@code growing <i> <B> <nevacuate>}). A child not
     * killed stops writing {@link #SPARE_FLUSHES} flushes later and waits, which bounds the file.
     */
    private static void stream(Path file, int flushEvery, String stop, int stopAt) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                while (true) {
                    awaitLine(); // halts at the end of stdin; lines are ignored
                }
            } catch (IOException e) {
                Runtime.getRuntime().halt(4);
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        LongLongMap m = LongLongMap.builder().file(file).seed(SEED).build();
        int flushes = 0;
        long lastFlushed = -1;
        for (long i = 0; ; i++) {
            step(m, i);
            if ((i + 1) % flushEvery == 0) {
                m.flush();
                flushes++;
                lastFlushed = i;
                say("flushed " + i);
                if ((stop.equals("flush") && flushes == stopAt) || flushes == stopAt + SPARE_FLUSHES) {
                    say("paused " + i);
                    break;
                }
            } else if (stop.equals("grow") && flushes >= stopAt && i - lastFlushed >= 100) {
                MapStats stats = m.stats();
                if (stats.growing() && stats.evacuatedBuckets() * 3 >= stats.oldBucketCount()) {
                    say("growing " + i + " " + stats.log2Buckets() + " " + stats.evacuatedBuckets());
                    break;
                }
            }
        }
        watchdog.join(); // never returns: the kill comes first, or halt(3) when stdin ends
    }

    /**
     * read opens the file read-only while the parent has it open read-only too, checks it holds
     * exactly steps {@code 0..last}, says {@code entries <n> checksum <c>}, closes it, then tries
     * to open it for writing, which the parent's shared lock must refuse:
     * {@code writer refused <message>}.
     */
    private static void read(Path file, long last) {
        Map<Long, Long> model = model(last);
        try (LongLongMap m = LongLongMap.openReadOnly(file)) {
            if (m.size() != model.size()) {
                throw new IllegalStateException("size " + m.size() + ", expected " + model.size());
            }
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                long k = e.getKey();
                if (!m.containsKey(k) || m.get(k) != e.getValue()) {
                    throw new IllegalStateException("key " + k + " (step " + index(k) + "): containsKey "
                        + m.containsKey(k) + ", value " + m.get(k) + ", expected " + e.getValue());
                }
            }
            long[] visited = {0};
            m.forEach((k, v) -> {
                Long expected = model.get(k);
                if (expected == null || expected != v) {
                    throw new IllegalStateException("forEach saw " + k + "=" + v + ", expected " + expected);
                }
                visited[0]++;
            });
            if (visited[0] != model.size()) {
                throw new IllegalStateException("forEach visited " + visited[0] + " entries of " + model.size());
            }
            say("entries " + m.size() + " checksum " + checksum(m));
        }
        // Our own reader is closed (inside one JVM the registry, not the OS lock, would refuse
        // us): what refuses this writer now is the parent's shared lock.
        try (LongLongMap w = LongLongMap.open(file)) {
            say("writer allowed, size " + w.size());
        } catch (TableFileException e) {
            say("writer refused " + e.getMessage());
        }
    }

    /**
     * holdWriter opens the file for writing, adds steps {@code from..from+count-1}, says
     * {@code ready}, and keeps the file until the parent sends a line; then closes it cleanly
     * and says {@code closed}.
     */
    private static void holdWriter(Path file, long from, long count) throws IOException {
        try (LongLongMap m = LongLongMap.open(file)) {
            for (long i = from; i < from + count; i++) {
                step(m, i);
            }
            say("ready " + m.size());
            awaitLine();
        }
        say("closed");
    }

    /**
     * follow opens the file read-only beside a writer in another process and reads it with
     * {@code threads} threads until told to stop, checking every answer on its own: a key of the
     * stream found holds its step's value in its low 48 bits (the writer may rewrite the top
     * 16), {@link #MARKER} holds a number that only grows, and an iteration visits no key twice
     * and only such entries. Says {@code ready}; then for each line
     * {@code check <n>} from the parent it reads {@link #MARKER}, which a put that returned
     * before the line set to at least {@code n}, and says {@code ok <marker> <gets>}; for
     * {@code stop} it says {@code done <gets> <iterations>} and exits. Any wrong answer ends it
     * with a stack trace and a non-zero exit.
     */
    private static void follow(Path file, int threads, long keys) throws Exception {
        try (LongLongMap m = LongLongMap.openReadOnly(file)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> error = new AtomicReference<>();
            LongAdder gets = new LongAdder();
            LongAdder iterations = new LongAdder();
            Thread[] readers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                long seed = t;
                readers[t] = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    try {
                        for (long n = 1; !stop.get(); n++) {
                            long i = random.nextLong(keys);
                            long k = key(i);
                            long v = m.getOrDefault(k, Long.MIN_VALUE);
                            if (v != Long.MIN_VALUE && !ownValue(i, v)) {
                                throw new IllegalStateException("get(key(" + i + ")) = " + v + ", expected " + value(i) + " in the low 48 bits");
                            }
                            gets.increment();
                            if (seed == 0 && n % 50_000 == 0) {
                                iterate(m, keys);
                                iterations.increment();
                            }
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }, "follower " + t);
                readers[t].start();
            }
            say("ready");
            long lastMarker = -1;
            for (String line; (line = Stdin.IN.readLine()) != null && !line.equals("stop"); ) {
                long atLeast = Long.parseLong(line.split(" ")[1]);
                long marker = m.getOrDefault(MARKER, -1);
                if (marker < atLeast || marker < lastMarker) {
                    throw new IllegalStateException("marker " + marker + " after a put of " + atLeast + " returned (last read " + lastMarker + ")");
                }
                lastMarker = marker;
                if (error.get() != null) {
                    break;
                }
                say("ok " + marker + " " + gets.sum());
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            if (error.get() != null) {
                throw new IllegalStateException("a reader thread saw a wrong answer", error.get());
            }
            say("done " + gets.sum() + " " + iterations.sum());
        }
    }

    /** The key whose value the parent raises before each {@code check}: far outside the stream's steps. */
    static final long MARKER = key(1L << 40);

    /** ownValue says whether {@code v} is what the writer may have stored for step {@code i}: its value, top 16 bits aside. */
    static boolean ownValue(long i, long v) {
        return ((v ^ value(i)) & ((1L << 48) - 1)) == 0;
    }

    /** iterate walks the map once, checking each entry. */
    private static void iterate(LongLongMap m, long keys) {
        HashSet<Long> seen = new HashSet<>();
        m.forEach((k, v) -> {
            if (!seen.add(k)) {
                throw new IllegalStateException("an iteration visited " + k + " twice");
            }
            long i = index(k);
            if (k != MARKER && (i < 0 || i >= keys || !ownValue(i, v))) {
                throw new IllegalStateException("an iteration saw " + k + "=" + v + ", which the writer never wrote");
            }
        });
    }

    /**
     * inMemory runs without tophash's optional dependencies on the class path and with Agrona's
     * flag alone: says {@code absent: chronicle, jna, slf4j} after proving it, exercises an
     * in-memory {@link LongLongMap} and two {@link OffHeapMap}s, one keyed by 12-byte ASCII and
     * one by UUIDs (growth from one bucket, removes, iteration, clear) against {@link HashMap}s,
     * says {@code wide keys hashed, <class> never initialised} for zero-allocation-hashing's
     * {@code sun.misc.Unsafe} access, says {@code huge pages <status>}, tries a file-backed map
     * ({@code file refused <exception>} and whether the file was left behind), and says
     * {@code ok}.
     */
    private static void inMemory(Path dir) {
        for (String absent : new String[] {"net.openhft.chronicle.core.OS", "com.sun.jna.Native", "org.slf4j.LoggerFactory"}) {
            try {
                Class.forName(absent, false, ChildMain.class.getClassLoader());
                throw new IllegalStateException(absent + " is on this JVM's classpath");
            } catch (ClassNotFoundException expected) {
                // what this child is for
            }
        }
        say("absent: chronicle, jna, slf4j");
        try (LongLongMap m = LongLongMap.builder().seed(SEED).build()) {
            Map<Long, Long> model = new HashMap<>();
            for (long i = 0; i < 100_000; i++) {
                step(m, i);
                step(model, i);
            }
            check(m.stats().log2Buckets() >= 13, "the map grew: " + m.stats());
            check(m.size() == model.size(), "size " + m.size() + " != " + model.size());
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                check(m.get(e.getKey()) == e.getValue(), "value of " + e.getKey());
            }
            for (long i = 0; i < 100_000; i++) {
                check(m.containsKey(key(i)) == model.containsKey(key(i)), "containsKey(key(" + i + "))");
            }
            check(checksum(m) == checksum(model), "forEach saw other entries");
            try (LongLongCursor c = m.cursor()) {
                long n = 0;
                while (c.next()) {
                    check(model.get(c.key()) == c.value(), "cursor entry " + c.key());
                    n++;
                }
                check(n == model.size(), "cursor visited " + n);
            }
            check(m.asMap().equals(model), "asMap equals the model");
            m.clear();
            check(m.isEmpty() && m.get(key(1)) == 0, "cleared");
            step(m, 0);
            check(m.size() == 1, "usable after clear");
        }
        try (OffHeapMap<String, Long> m = OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.int64()).seed(SEED).build()) {
            Map<String, Long> model = new HashMap<>();
            for (int i = 0; i < 30_000; i++) {
                m.put("SYM" + i, (long) i);
                model.put("SYM" + i, (long) i);
                if (i % 5 == 4) {
                    check(m.remove("SYM" + (i - 2)) == i - 2, "remove SYM" + (i - 2));
                    model.remove("SYM" + (i - 2));
                }
            }
            check(m.stats().log2Buckets() >= 11, "the map grew: " + m.stats());
            check(m.equals(model) && model.equals(m), "OffHeapMap equals the model");
            long n = 0;
            for (Map.Entry<String, Long> e : m.entrySet()) {
                check(e.getValue().equals(model.get(e.getKey())), "entry " + e);
                n++;
            }
            check(n == model.size(), "iteration visited " + n);
        }
        try (OffHeapMap<UUID, String> m = OffHeapMap.builder(Codecs.uuid(), Codecs.fixedAscii(12)).seed(SEED).build()) {
            Map<UUID, String> model = new HashMap<>();
            for (long i = 0; i < 30_000; i++) {
                UUID id = new UUID(key(i), i);
                m.put(id, "ORD" + i);
                model.put(id, "ORD" + i);
            }
            for (long i = 0; i < 30_000; i += 3) {
                UUID id = new UUID(key(i), i);
                check(("ORD" + i).equals(m.remove(id)), "remove " + id);
                model.remove(id);
            }
            check(m.stats().log2Buckets() >= 11, "the map grew: " + m.stats());
            for (long i = 0; i < 30_000; i++) {
                UUID id = new UUID(key(i), i);
                check(Objects.equals(m.get(id), model.get(id)), "get " + id);
            }
            check(m.equals(model) && model.equals(m), "the UUID-keyed OffHeapMap equals the model");
        }
        say("wide keys hashed, " + untouched(ZAH_UNSAFE_ACCESS));
        say("huge pages " + HugePages.status());
        Path file = dir.resolve("needs-chronicle.tph");
        Throwable refused = refusal(() -> LongLongMap.builder().file(file).build().close());
        say("file refused " + refused.getClass().getSimpleName() + " left=" + Files.exists(file) + " " + chain(refused));
        say("ok");
    }

    /**
     * untouched says {@code <class> never initialised} when the named class was never initialised
     * in this JVM (it may be loaded: a hash function's class names it); otherwise it throws.
     * Asking does not initialise it.
     */
    private static String untouched(String className) {
        try {
            Class<?> c = Class.forName(className, false, ChildMain.class.getClassLoader());
            check(UnsafeApi.shouldBeInitialized(c), className + " was initialised");
            return className + " never initialised";
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path: the check would prove nothing", e);
        }
    }

    /**
     * noAgronaFlag runs without Agrona's flag: builds a {@link LongLongMap} twice and an
     * {@link OffHeapMap} once, and opens {@code file}, saying {@code <what> refused <chain>} for
     * each; then {@code ok}.
     */
    private static void noAgronaFlag(Path file) {
        say("LongLongMap refused " + chain(refusal(() -> LongLongMap.builder().build().close())));
        say("LongLongMap refused " + chain(refusal(() -> LongLongMap.builder().build().close())));
        say("OffHeapMap refused " + chain(refusal(() -> OffHeapMap.builder(Codecs.fixedAscii(12), Codecs.uuid()).build().close())));
        say("open refused " + chain(refusal(() -> LongLongMap.open(file).close())));
        say("ok");
    }

    /**
     * noFileFlags runs with Chronicle on the class path but without its flags: builds a map in
     * the new file {@code fresh}, and opens {@code existing} for writing and read-only, saying
     * {@code <what> refused <chain>} for each; then {@code ok}.
     */
    private static void noFileFlags(Path fresh, Path existing) {
        say("build refused " + chain(refusal(() -> LongLongMap.builder().file(fresh).build().close())));
        say("open refused " + chain(refusal(() -> LongLongMap.open(existing).close())));
        say("openReadOnly refused " + chain(refusal(() -> LongLongMap.openReadOnly(existing).close())));
        say("ok");
    }

    /** refusal runs {@code action}, which must throw, and returns what it threw. */
    private static Throwable refusal(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            return t;
        }
        throw new IllegalStateException("not refused");
    }

    /** chain is a throwable and its causes on one line: {@code Class: message <- Cause: message}. */
    private static String chain(Throwable refused) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return chain.toString();
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("failed: " + what);
        }
    }
}
