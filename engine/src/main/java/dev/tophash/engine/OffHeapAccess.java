package dev.tophash.engine;

import java.nio.ByteOrder;
import net.openhft.hashing.Access;
import org.agrona.UnsafeApi;

/**
 * How zero-allocation-hashing reads the bytes of a key in off-heap memory: through Agrona's
 * {@code UnsafeApi} ({@code jdk.internal.misc.Unsafe}, which tophash needs anyway), never
 * through the library's own {@code Access.unsafe()}, which reads through
 * {@code sun.misc.Unsafe} and makes JDK 24 and later print a deprecation warning on the
 * user's console.
 *
 * <p>There is no input object ({@code Void}, always {@code null}): the offset a hash function
 * passes is the absolute address of the byte it wants. Reads are unaligned-safe, since keys of
 * 12 or 20 bytes sit at any address, and come in a fixed byte order whatever the platform's,
 * so a key hashes the same on every machine.
 */
final class OffHeapAccess extends Access<Void> {
    /** The access the hash functions use: they ask for little-endian reads. */
    static final OffHeapAccess LITTLE_ENDIAN = new OffHeapAccess(false);
    /** Only the library's byte-order contract asks for it: {@link #reverseAccess} of LITTLE_ENDIAN. */
    private static final OffHeapAccess BIG_ENDIAN = new OffHeapAccess(true);

    private final boolean bigEndian;

    private OffHeapAccess(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    /** getLong reads the 8 bytes at {@code address}. One load. */
    @Override
    public long getLong(Void none, long address) {
        return UnsafeApi.getLongUnaligned(null, address, bigEndian);
    }

    /** getInt reads the 4 bytes at {@code address}. One load. */
    @Override
    public int getInt(Void none, long address) {
        return UnsafeApi.getIntUnaligned(null, address, bigEndian);
    }

    /** getUnsignedInt reads the 4 bytes at {@code address}, zero-extended. One load. */
    @Override
    public long getUnsignedInt(Void none, long address) {
        return getInt(none, address) & 0xFFFF_FFFFL;
    }

    /** getShort reads the 2 bytes at {@code address}, sign-extended. One load. */
    @Override
    public int getShort(Void none, long address) {
        return UnsafeApi.getShortUnaligned(null, address, bigEndian);
    }

    /** getUnsignedShort reads the 2 bytes at {@code address}, zero-extended. One load. */
    @Override
    public int getUnsignedShort(Void none, long address) {
        return getShort(none, address) & 0xFFFF;
    }

    /** getByte reads the byte at {@code address}, sign-extended. One load. */
    @Override
    public int getByte(Void none, long address) {
        return UnsafeApi.getByte(address);
    }

    /** byteOrder is the order of every multi-byte read of this access. */
    @Override
    public ByteOrder byteOrder(Void none) {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** reverseAccess is the access that reads in the other byte order (a fixed instance). */
    @Override
    protected Access<Void> reverseAccess() {
        return bigEndian ? LITTLE_ENDIAN : BIG_ENDIAN;
    }
}
