package dev.tophash.codecs;

import java.util.List;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * Fails any try that ends with more {@link OffHeapSlot}s allocated than it began with. Counting
 * per try, rather than checking for zero, keeps one leak from failing every later test.
 */
final class FreesEveryOffHeapByte implements AroundTryHook {
    /** Declared on a test class, the check must reach every property and example in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        int before = OffHeapSlot.live();
        TryExecutionResult result = aTry.execute(parameters);
        int leaked = OffHeapSlot.live() - before;
        if (leaked != 0 && result.isSatisfied()) {
            return TryExecutionResult.falsified(new AssertionError(leaked + " off-heap slot(s) left allocated"));
        }
        return result;
    }
}
