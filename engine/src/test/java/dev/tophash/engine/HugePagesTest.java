package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link Allocator#NATIVE} asks of the kernel, read back from {@code /proc/self/smaps}:
 * a range given {@code madvise(MADV_HUGEPAGE)} carries the {@code hg} VmFlag, whether or not the
 * kernel then finds free huge pages (which varies, so it is not checked).
 */
class HugePagesTest {
    /** Above glibc's largest mmap threshold (32 MiB), so each region is a mapping of its own. */
    private static final long REGION = 64L << 20;

    @BeforeAll
    static void linuxWithTransparentHugePages() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux")
            && Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")), "needs Linux with THP");
    }

    @Test
    void nativeAdvisesEveryWholeHugePageOfALargeRegion() throws IOException {
        assertTrue(HugePages.enabled(), HugePages.status());
        long address = Allocator.NATIVE.allocate(REGION);
        try {
            long first = (address + HugePages.SIZE - 1) & -HugePages.SIZE;
            long last = ((address + REGION) & -HugePages.SIZE) - 1;
            assertTrue(vmFlags(first).contains("hg"), "first whole huge page not advised: " + vmFlags(first));
            assertTrue(vmFlags(last).contains("hg"), "last whole huge page not advised: " + vmFlags(last));
            assertTrue(HugePages.status().startsWith("madvise(MADV_HUGEPAGE)"), HugePages.status());
        } finally {
            Allocator.NATIVE.free(address, REGION);
        }
    }

    @Test
    void smallPagesAllocatorLeavesTheRegionAlone() throws IOException {
        long address = Allocator.NATIVE_SMALL_PAGES.allocate(REGION);
        try {
            assertFalse(vmFlags(address + REGION / 2).contains("hg"), vmFlags(address + REGION / 2).toString());
        } finally {
            Allocator.NATIVE_SMALL_PAGES.free(address, REGION);
        }
    }

    @Test
    void populateFaultsEveryPageInAndKeepsTheBytes() throws IOException {
        assertTrue(HugePages.enabled(), HugePages.status());
        assumeTrue(HugePages.canPopulate(), "needs Linux 5.14+ for MADV_POPULATE_WRITE");
        long address = Allocator.NATIVE.allocate(REGION);
        try {
            org.agrona.UnsafeApi.putLong(address, 0x1234_5678_9ABC_DEF0L);
            long before = residentKiB(address, REGION);
            assertTrue(before < REGION / 1024 / 4, "a fresh region is mostly not resident: " + before + " KiB");
            assertTrue(HugePages.populate(address, REGION));
            long after = residentKiB(address, REGION);
            assertTrue(after >= REGION / 1024, "populate left pages out: " + after + " KiB resident of " + REGION / 1024);
            assertEquals(0x1234_5678_9ABC_DEF0L, org.agrona.UnsafeApi.getLong(address), "populate changed a byte");
        } finally {
            Allocator.NATIVE.free(address, REGION);
        }
    }

    /** Resident KiB of the mappings that overlap {@code [address, address + bytes)}. */
    private static long residentKiB(long address, long bytes) throws IOException {
        long kib = 0;
        for (Mapping m : mappings()) {
            if (Long.compareUnsigned(m.start, address + bytes) < 0 && Long.compareUnsigned(m.end, address) > 0) {
                kib += Long.parseLong(m.field("Rss").replaceAll("[^0-9]", ""));
            }
        }
        return kib;
    }

    /** The VmFlags of the mapping that holds {@code address}. */
    private static List<String> vmFlags(long address) throws IOException {
        for (Mapping m : mappings()) {
            if (Long.compareUnsigned(address, m.start) >= 0 && Long.compareUnsigned(address, m.end) < 0) {
                return List.of(m.field("VmFlags").split(" "));
            }
        }
        throw new AssertionError("no mapping holds address 0x" + Long.toHexString(address));
    }

    /** One mapping of {@code /proc/self/smaps}: its range and its "Name: value" lines. */
    private record Mapping(long start, long end, Map<String, String> fields) {
        String field(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    private static List<Mapping> mappings() throws IOException {
        List<Mapping> all = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                all.add(new Mapping(Long.parseUnsignedLong(line.substring(0, dash), 16),
                    Long.parseUnsignedLong(line.substring(dash + 1, space), 16), new HashMap<>()));
            } else if (!all.isEmpty() && line.indexOf(':') > 0) {
                int colon = line.indexOf(':');
                all.get(all.size() - 1).fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return all;
    }
}
