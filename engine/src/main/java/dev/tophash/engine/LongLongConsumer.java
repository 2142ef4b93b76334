package dev.tophash.engine;

/** Receives one entry of a {@link LongLongMap}, as two primitives, so nothing boxes. */
@FunctionalInterface
public interface LongLongConsumer {
    /**
     * Accepts one entry.
     *
     * @param key the entry's key
     * @param value the entry's value
     */
    void accept(long key, long value);
}
