package dev.tophash.engine;

import dev.tophash.codecs.Slots;

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
        return bits ? Slots.getBits(slotKey, width) == keyBits : Bytes.equal(slotKey, keyAddress, width);
    }

    /** store writes the key (bits, address) into the slot at {@code slotKey}. */
    void store(long slotKey, long keyBits, long keyAddress) {
        if (bits) {
            Slots.putBits(slotKey, width, keyBits);
        } else {
            Bytes.copy(keyAddress, slotKey, width);
        }
    }

    /** bitsAt reads the bits of a stored bits key. */
    long bitsAt(long slotKey) {
        return Slots.getBits(slotKey, width);
    }
}
