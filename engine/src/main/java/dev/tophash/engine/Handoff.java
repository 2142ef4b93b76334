package dev.tophash.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A slot that {@link Prefault}'s thread fills in answer to a numbered request: the table's next
 * generation, or a generation's spare overflow chunk. A request can be withdrawn at any time
 * (a grow that could not wait, a clear, a retired generation); an answer to a withdrawn or older
 * request is released instead of kept, and one already delivered is handed back by the
 * withdrawal. Both sides publish first and check second, so of an offer and a withdrawal
 * running at once one always sees the other and nothing is kept or released twice.
 *
 * @param <T> what is handed over
 */
final class Handoff<T> {
    private final AtomicReference<T> slot = new AtomicReference<>();
    private final AtomicLong request = new AtomicLong();

    /** ask starts a new request and returns its number; earlier ones are no longer wanted. O(1). */
    long ask() {
        return request.incrementAndGet();
    }

    /** wants says whether request {@code number} is still the current one. O(1). */
    boolean wants(long number) {
        return request.get() == number;
    }

    /**
     * offer delivers {@code item} for request {@code number}, or passes it to {@code release}
     * when that request was withdrawn or the slot is taken. Returns whether it was kept.
     */
    boolean offer(T item, long number, Consumer<? super T> release) {
        if (!wants(number) || !slot.compareAndSet(null, item)) {
            release.accept(item);
            return false;
        }
        if (!wants(number) && slot.compareAndSet(item, null)) {
            release.accept(item);
            return false;
        }
        return true;
    }

    /** take empties the slot and returns what was in it, or null. O(1). */
    T take() {
        return slot.getAndSet(null);
    }

    /** withdraw cancels any request in flight, then empties the slot as {@link #take} does. */
    T withdraw() {
        request.incrementAndGet();
        return take();
    }

    /** peek is what the slot holds now, or null. O(1). */
    T peek() {
        return slot.get();
    }
}
