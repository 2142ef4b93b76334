package dev.tophash.engine;

import dev.tophash.codecs.Codec;
import java.nio.ByteBuffer;
import org.agrona.BufferUtil;

/**
 * A per-thread off-heap buffer where object maps encode a key and a value before they touch the
 * table, and where a put leaves the value it replaced, so a codec that rejects its input fails before anything changes, and several threads
 * may read one map at once. Direct buffers owned by the JDK: the garbage collector frees a
 * thread's buffer with the thread; they are not counted in {@link OffHeapMemory}.
 */
final class Scratch {
    private static final ThreadLocal<ByteBuffer> BUFFER =
        ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(3 * Codec.MAX_WIDTH));

    private Scratch() {
    }

    /** keyAddress is where this thread encodes a key: {@link Codec#MAX_WIDTH} bytes. */
    static long keyAddress() {
        return BufferUtil.address(BUFFER.get());
    }

    /** valueAddress is where this thread encodes a value: {@link Codec#MAX_WIDTH} bytes. */
    static long valueAddress() {
        return BufferUtil.address(BUFFER.get()) + Codec.MAX_WIDTH;
    }

    /** previousValueAddress is where a put copies the value it replaces: {@link Codec#MAX_WIDTH} bytes. */
    static long previousValueAddress() {
        return BufferUtil.address(BUFFER.get()) + 2L * Codec.MAX_WIDTH;
    }
}
