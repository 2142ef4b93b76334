package dev.tophash.engine;

/**
 * A table file cannot be used as asked: it is not a tophash file, is of another format version
 * or other codecs, is truncated or corrupt, is open in another process, or was left by a
 * writer that did not close it and cannot be recovered read-only. The message names the file
 * and the problem; when it throws, nothing in the file has been changed.
 */
public final class TableFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception. O(1).
     *
     * @param message what was wrong, naming the file
     * @param cause the underlying failure, or null
     */
    public TableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
