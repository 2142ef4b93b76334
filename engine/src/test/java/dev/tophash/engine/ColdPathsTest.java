package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The first build()'s warm-up leaves nothing behind: no memory, no housekeeper thread. */
@ExtendWith(NoLeaks.class)
class ColdPathsTest {
    @Test
    void theWarmUpFreesWhatItAllocatedAndStartsNoThread() {
        long segments = OffHeapMemory.allocatedSegments();
        try (LongLongMap holder = LongLongMap.builder().build()) {
            Housekeeper housekeeper = holder.table().owner().housekeeper();
            ColdPaths.warm();
            assertEquals(segments + 1, OffHeapMemory.allocatedSegments(), "only the holder's table is left");
            assertNull(housekeeper.thread(), "the warm-up started the housekeeper thread");
        }
    }
}
