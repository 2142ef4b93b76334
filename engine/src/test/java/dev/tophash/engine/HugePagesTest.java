package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** The VmFlags of the mapping that holds {@code address}, from {@code /proc/self/smaps}. */
    private static List<String> vmFlags(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                inside = Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
            } else if (inside && line.startsWith("VmFlags:")) {
                return List.of(line.substring("VmFlags:".length()).trim().split(" "));
            }
        }
        throw new AssertionError("no mapping holds address 0x" + Long.toHexString(address));
    }
}
