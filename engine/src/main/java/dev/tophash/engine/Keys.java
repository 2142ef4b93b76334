package dev.tophash.engine;

import dev.tophash.codecs.Slots;
import org.agrona.UnsafeApi;

/**
 * How the engine holds, compares, copies and hashes keys without calling a codec per slot.
 *
 * <p>A key is passed around as a pair: its <em>bits</em> when the key codec is a
 * {@link dev.tophash.codecs.BitsCodec} (1, 2, 4 or 8 bytes), or the <em>address</em> of its
 * encoded bytes otherwise. Bits keys compare as one integer; byte keys compare word by word.
 */
final class Keys {
    final int width;
    final boolean bits;

    Keys(int width, boolean bits) {
        this.width = width;
        this.bits = bits && Slots.isBitsWidth(width);
    }

    /** matches says whether the key stored at {@code slotKey} is the key (bits, address). */
    boolean matches(long slotKey, long keyBits, long keyAddress) {
        return bits ? Slots.getBits(slotKey, width) == keyBits : equalBytes(slotKey, keyAddress, width);
    }

    /** store writes the key (bits, address) into the slot at {@code slotKey}. */
    void store(long slotKey, long keyBits, long keyAddress) {
        if (bits) {
            Slots.putBits(slotKey, width, keyBits);
        } else {
            UnsafeApi.copyMemory(keyAddress, slotKey, width);
        }
    }

    /** hashOf hashes the key stored at {@code slotKey}, as evacuation and iterators need. */
    long hashOf(Hashing hashing, long slotKey) {
        return bits ? hashing.hashBits(Slots.getBits(slotKey, width)) : hashing.hashBytes(slotKey, width);
    }

    /** bitsAt reads the bits of a stored bits key. */
    long bitsAt(long slotKey) {
        return Slots.getBits(slotKey, width);
    }

    /** equalBytes compares {@code width} bytes at two addresses, eight at a time. */
    static boolean equalBytes(long a, long b, int width) {
        int i = 0;
        for (; i + Long.BYTES <= width; i += Long.BYTES) {
            if (UnsafeApi.getLong(a + i) != UnsafeApi.getLong(b + i)) {
                return false;
            }
        }
        for (; i < width; i++) {
            if (UnsafeApi.getByte(a + i) != UnsafeApi.getByte(b + i)) {
                return false;
            }
        }
        return true;
    }
}
