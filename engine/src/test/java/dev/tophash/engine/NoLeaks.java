package dev.tophash.engine;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that fails a test which leaves tophash off-heap memory allocated: what
 * {@link OffHeapMemory#allocatedBytes()} reads after the test must equal what it read before.
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeaks.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("bytes", OffHeapMemory.allocatedBytes());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("bytes", Long.class);
        long after = OffHeapMemory.allocatedBytes();
        if (after != before) {
            throw new AssertionError("off-heap leak: " + (after - before) + " bytes still allocated after the test");
        }
    }
}
