package dev.tophash.engine;

/**
 * Thrown when off-heap memory for a table generation or an overflow chunk cannot be had. The
 * map that asked keeps exactly the entries it had before the call and stays usable; a grow
 * may have started (its new generation was allocated, and the failure came after), which
 * changes where entries sit, never which entries there are.
 */
public final class OffHeapAllocationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was being allocated, and how many bytes
     * @param cause the allocator's failure
     */
    public OffHeapAllocationException(String message, Throwable cause) {
        super(message, cause);
    }
}
