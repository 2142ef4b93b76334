package dev.tophash.engine;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Transparent huge pages for large tables: {@link Allocator#NATIVE} asks Linux, with
 * {@code madvise(MADV_HUGEPAGE)}, to back every whole 2 MiB of a region it allocates with huge
 * pages. The same binding also prefaults the next generation of a large table before its grow
 * starts ({@code MADV_POPULATE_WRITE}, see {@link Prefault}).
 *
 * <p>Why: a get in a large table reads buckets at random over hundreds of megabytes. With 4 KiB
 * pages nearly every one of those reads also misses the TLB and walks the page tables; with 2 MiB
 * pages the walk is one level shorter and its entries stay in cache (bench/RESULTS.md has the
 * figures). Where THP is off ({@code never}) the advice is accepted and has no effect; where it
 * is {@code always}, it changes nothing.
 *
 * <p>The cost moves: a huge page is zeroed whole on its first write, and on a virtual machine
 * whose host backs memory only when the guest first touches it that write can take
 * milliseconds. A grow writes the pages of its new
 * generation in random order, so its first few hundred puts would each meet such a fault;
 * {@link Prefault} takes those faults on a background thread before the grow begins.
 *
 * <p>The system call goes through JNA, whose native library takes a fraction of a second to load.
 * So that no {@code put} ever waits for it, the first region of at least a huge page that a map allocates
 * with {@link Allocator#NATIVE} has the binding loaded by the map's housekeeper thread (see
 * {@link Housekeeper}), and regions allocated before it is ready are left on small pages. A map
 * built with no background threads loads it in {@code build()}, on the caller. {@link #enabled()}
 * loads it on the caller if nothing has yet, or waits for the load under way, for callers that
 * want every region advised (call it once at start-up). On JDK 22 and later, run with
 * {@code --enable-native-access=ALL-UNNAMED} to keep the JVM from warning when JNA loads.
 *
 * <p>JNA is an optional dependency. Without it on the class path huge pages are simply off: no
 * thread starts, nothing is printed, and {@link #status()} names the artifact that turns them on.
 */
public final class HugePages {
    /** The huge page size of x86-64 and of arm64 with 4 KiB base pages. */
    static final long SIZE = 2L << 20;
    /** Linux's MADV_HUGEPAGE, the same on every architecture. */
    private static final int MADV_HUGEPAGE = 14;
    /** Linux's MADV_POPULATE_WRITE (5.14 and later): fault pages in, writable, keeping their contents. */
    private static final int MADV_POPULATE_WRITE = 23;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch LOADED = new CountDownLatch(1);
    /** True once madvise can be called; written once by the loader before {@link #LOADED} opens. */
    private static volatile boolean ready;
    /** True once madvise is bound and the kernel knows MADV_POPULATE_WRITE; set before {@link #LOADED} opens. */
    private static volatile boolean populates;
    private static volatile String status = "not asked for yet: no map has allocated memory";
    /** The status without JNA: what is off, and what turns it on. */
    private static final String JNA_ABSENT = "off: JNA is not on the class path; add " + Artifacts.JNA
        + " to turn huge pages on (and, on JDK 22 and later, run with --enable-native-access=ALL-UNNAMED)";

    private HugePages() {
    }

    /**
     * Whether regions allocated from now on by {@link Allocator#NATIVE} are advised to use huge
     * pages. Loads the native binding on the calling thread if nothing has yet, or waits for the
     * load under way: at most once per JVM; O(1) after that. False where it cannot be had (not
     * 64-bit Linux, JNA not on the class path, or JNA cannot load); {@link #status()} says why.
     *
     * @return true if {@code madvise(MADV_HUGEPAGE)} is called on large regions
     */
    public static boolean enabled() {
        if (STARTED.compareAndSet(false, true)) {
            load();
        }
        boolean interrupted = false;
        while (true) {
            try {
                LOADED.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ready;
    }

    /**
     * What this JVM does about huge pages, and why: for logs and for benchmark reports. O(1)
     * apart from reading one sysfs file; does not wait for the binding.
     *
     * @return a sentence such as {@code "madvise(MADV_HUGEPAGE) on every whole 2 MiB of each
     *     allocated region; ...; transparent_hugepage/enabled: always [madvise] never"}
     */
    public static String status() {
        String s = status;
        if (!STARTED.get() && !jnaPresent()) {
            return JNA_ABSENT;
        }
        if (!ready) {
            return s;
        }
        try {
            Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
            return s + "; transparent_hugepage/enabled: " + Files.readString(mode).strip();
        } catch (IOException | RuntimeException e) {
            return s + "; transparent_hugepage/enabled unreadable: " + e;
        }
    }

    /**
     * advise asks for huge pages on the whole 2 MiB pages inside {@code [address, address +
     * bytes)}, if the binding is ready; otherwise it leaves the region alone. Never fails: it is advice, and a region the kernel will not advise works as before.
     * O(1) plus one system call for a region holding a whole huge page.
     */
    static void advise(long address, long bytes) {
        if (!ready) {
            return;
        }
        long start = (address + SIZE - 1) & -SIZE;
        long end = (address + bytes) & -SIZE;
        if (end > start) {
            LibC.madvise(start, end - start, MADV_HUGEPAGE);
        }
    }

    /**
     * canPopulate says whether {@link #populate} can fault a region in: the binding is ready and
     * the kernel is 5.14 or later. Does not wait for the binding. O(1).
     */
    static boolean canPopulate() {
        return populates;
    }

    /**
     * populate faults every page of {@code [address, address + bytes)} in, writable, without
     * changing a byte: {@code madvise(MADV_POPULATE_WRITE)}. Safe while another thread writes
     * the region, since it never writes data itself. O(pages) inside the kernel, so it runs on
     * {@link Prefault}'s thread, never on a map operation. Returns false if it could not.
     *
     * <p>One call per huge page, not one for the region: the kernel holds the process's memory
     * map lock for reading through each call, and an {@code mmap} or {@code munmap} on the
     * writer's thread (a new overflow chunk, say) waits for it, and one call over a whole large
     * region would stall such a put for as long as the region takes to fault in.
     */
    static boolean populate(long address, long bytes) {
        if (!populates) {
            return false;
        }
        long end = address + bytes;
        for (long from = address & -4096L; from < end; ) {
            long to = Math.min(end, (from + SIZE) & -SIZE);
            if (LibC.madvise(from, to - from, MADV_POPULATE_WRITE) != 0) {
                return false;
            }
            from = to;
        }
        return true;
    }

    /**
     * loadOn has the binding loaded once per JVM: queued for {@code housekeeper}'s thread, or on
     * the calling thread when it has none. O(1) after the first call.
     */
    static void loadOn(Housekeeper housekeeper) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        if (!jnaPresent()) {
            finish(false, JNA_ABSENT); // no thread for a binding that cannot load
            return;
        }
        status = "loading the native binding";
        if (!housekeeper.offer(HugePages::load)) {
            load();
        }
    }

    /**
     * jnaPresent says whether JNA's classes can be loaded, without loading them: JNA is an
     * optional dependency, and no JNA class may be touched without it.
     */
    private static boolean jnaPresent() {
        try {
            Class.forName("com.sun.jna.Native", false, HugePages.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void load() {
        if (!jnaPresent()) {
            finish(false, JNA_ABSENT);
            return;
        }
        try {
            if (!Platform.isLinux() || !Platform.is64Bit()) {
                finish(false, "off: madvise(MADV_HUGEPAGE) is only used on 64-bit Linux");
                return;
            }
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
            // A region of no pages is valid everywhere madvise exists: it proves the binding works.
            int rc = LibC.madvise(0, 0, MADV_HUGEPAGE);
            if (rc != 0) {
                finish(false, "off: madvise(MADV_HUGEPAGE) failed with errno " + Native.getLastError());
                return;
            }
            populates = LibC.madvise(0, 0, MADV_POPULATE_WRITE) == 0;
            finish(true, "madvise(MADV_HUGEPAGE) on every whole 2 MiB of each allocated region"
                + (populates ? "; next generations prefaulted in the background (MADV_POPULATE_WRITE)"
                    : "; no MADV_POPULATE_WRITE (Linux before 5.14): growth faults its pages in as it writes"));
        } catch (LinkageError | RuntimeException e) {
            finish(false, "off: JNA could not bind madvise: " + e);
        }
    }

    private static void finish(boolean works, String why) {
        status = why;
        ready = works;
        LOADED.countDown();
    }

    /** The C library's madvise, bound by JNA's direct mapping (no per-call reflection). */
    private static final class LibC {
        private LibC() {
        }

        static native int madvise(long address, long length, int advice);
    }
}
