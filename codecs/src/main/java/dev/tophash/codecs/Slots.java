package dev.tophash.codecs;

import org.agrona.UnsafeApi;

/**
 * Raw reads and writes of primitive slots at off-heap addresses, shared by codecs and the
 * engine so that both agree on how a slot of 1, 2, 4 or 8 bytes holds its bits.
 *
 * <p>Accesses go straight to memory through Agrona's {@link UnsafeApi}, native byte order,
 * without bounds checks: callers own the address arithmetic. Unaligned addresses are allowed
 * (the platforms tophash supports, x86-64 and AArch64, read them in hardware).
 */
public final class Slots {
    /** Static helpers only. */
    private Slots() {
    }

    /**
     * Reads a signed integer of {@code width} bytes at {@code address}, sign-extended. O(1).
     *
     * @param address the off-heap address
     * @param width 1, 2, 4 or 8
     * @return the bits as a sign-extended {@code long}
     */
    public static long getBits(long address, int width) {
        switch (width) {
            case 8: return UnsafeApi.getLong(address);
            case 4: return UnsafeApi.getInt(address);
            case 2: return UnsafeApi.getShort(address);
            case 1: return UnsafeApi.getByte(address);
            default: throw new IllegalArgumentException("bits width must be 1, 2, 4 or 8, got " + width);
        }
    }

    /**
     * Writes the low {@code width} bytes of {@code bits} at {@code address}. O(1).
     *
     * @param address the off-heap address
     * @param width 1, 2, 4 or 8
     * @param bits the bits; higher bytes are dropped
     */
    public static void putBits(long address, int width, long bits) {
        switch (width) {
            case 8: UnsafeApi.putLong(address, bits); break;
            case 4: UnsafeApi.putInt(address, (int) bits); break;
            case 2: UnsafeApi.putShort(address, (short) bits); break;
            case 1: UnsafeApi.putByte(address, (byte) bits); break;
            default: throw new IllegalArgumentException("bits width must be 1, 2, 4 or 8, got " + width);
        }
    }

    /**
     * Whether {@code width} is one of the widths that {@link BitsCodec} may declare.
     *
     * @param width a width in bytes
     * @return {@code true} for 1, 2, 4 and 8
     */
    public static boolean isBitsWidth(int width) {
        return width == 1 || width == 2 || width == 4 || width == 8;
    }
}
