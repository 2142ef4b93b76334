package dev.tophash.codecs;

/**
 * One reusable byte array per thread, so that a codec building a {@code String} from off-heap
 * bytes allocates nothing but the string: Java offers no public way to build a string straight
 * from off-heap memory, and the string constructor copies its input anyway.
 *
 * <p>Cost: one array per thread that ever reads, as long as the widest read so far (at most
 * {@link Codec#MAX_WIDTH} bytes), kept for the thread's life; a thread-local lookup per use.
 * The array holds no reference to tophash classes, so it pins no class loader.
 */
final class Scratch {
    /** This thread's array, or {@code null} before its first use. */
    private static final ThreadLocal<byte[]> BYTES = new ThreadLocal<>();

    /** Static helpers only. */
    private Scratch() {
    }

    /**
     * This thread's scratch array, at least {@code length} bytes long. Its contents are garbage;
     * it stays valid until this thread's next call, so callers must not call back into code
     * that might use it before they are done.
     *
     * @param length the number of bytes needed, 0 to {@link Codec#MAX_WIDTH}
     * @return the array
     */
    static byte[] bytes(int length) {
        byte[] bytes = BYTES.get();
        if (bytes == null || bytes.length < length) {
            bytes = new byte[length];
            BYTES.set(bytes);
        }
        return bytes;
    }
}
