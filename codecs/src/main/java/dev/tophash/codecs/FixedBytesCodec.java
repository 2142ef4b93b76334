package dev.tophash.codecs;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * {@code fixedBytes(width)}: a {@code byte[]} of exactly {@code width} bytes, copied as is.
 *
 * <p>As keys, arrays are equal when their contents are, unlike {@code byte[].equals}.
 */
final class FixedBytesCodec extends NamedCodec<byte[]> {
    /**
     * A codec for arrays of exactly {@code width} bytes.
     *
     * @param width the slot width in bytes
     * @throws IllegalArgumentException when {@code width} is outside 1..{@link Codec#MAX_WIDTH}
     */
    FixedBytesCodec(int width) {
        super("fixedBytes(" + checkWidth("fixedBytes", width) + ")", width, byte[].class);
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof byte[] && ((byte[]) value).length == width();
    }

    /**
     * {@inheritDoc} One bulk copy; allocates nothing.
     *
     * @throws NullPointerException when {@code value} is {@code null}
     */
    @Override
    public void write(long address, byte[] value) {
        if (requireValue(value).length != width()) {
            throw new IllegalArgumentException(name() + " holds arrays of exactly " + width() + " bytes, got "
                    + value.length + " bytes " + Messages.hex(value));
        }
        UnsafeApi.copyMemory(value, BufferUtil.ARRAY_BASE_OFFSET, null, address, width());
    }

    /** {@inheritDoc} Allocates a new array of {@link #width()} bytes on every call. */
    @Override
    public byte[] read(long address) {
        byte[] value = new byte[width()];
        UnsafeApi.copyMemory(null, address, value, BufferUtil.ARRAY_BASE_OFFSET, value.length);
        return value;
    }
}
