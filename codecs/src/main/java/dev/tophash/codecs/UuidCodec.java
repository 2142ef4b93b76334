package dev.tophash.codecs;

import java.util.UUID;
import org.agrona.UnsafeApi;

/**
 * {@code uuid}: a {@link UUID} in 16 bytes, the most significant long then the least
 * significant long, each big-endian. That is the RFC 4122 binary form, byte for byte the hex
 * digits of {@link UUID#toString()}, so slots read the same in a hex dump, in a file moved to
 * another machine and in other systems; on little-endian hardware the swap is one instruction.
 */
final class UuidCodec extends NamedCodec<UUID> {
    /** The only instance; the codec has no parameters. */
    static final UuidCodec INSTANCE = new UuidCodec();
    /** The slot width: two longs. */
    private static final int WIDTH = 2 * Long.BYTES;
    /** Passed to Agrona's unaligned accessors to ask for big-endian order. */
    private static final boolean BIG_ENDIAN = true;

    /** Use {@link #INSTANCE}. */
    private UuidCodec() {
        super("uuid", WIDTH, UUID.class);
    }

    /**
     * {@inheritDoc} Two 8-byte stores; allocates nothing.
     *
     * @throws NullPointerException when {@code value} is {@code null}
     */
    @Override
    public void write(long address, UUID value) {
        UnsafeApi.putLongUnaligned(null, address, requireValue(value).getMostSignificantBits(), BIG_ENDIAN);
        UnsafeApi.putLongUnaligned(null, address + Long.BYTES, value.getLeastSignificantBits(), BIG_ENDIAN);
    }

    /** {@inheritDoc} Two 8-byte loads and one {@link UUID}. */
    @Override
    public UUID read(long address) {
        return new UUID(UnsafeApi.getLongUnaligned(null, address, BIG_ENDIAN),
                UnsafeApi.getLongUnaligned(null, address + Long.BYTES, BIG_ENDIAN));
    }
}
