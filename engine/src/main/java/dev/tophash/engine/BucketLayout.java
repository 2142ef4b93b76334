package dev.tophash.engine;

import dev.tophash.codecs.Codec;

/**
 * Every offset inside a bucket; no other class computes {@code base + i * width}.
 *
 * <pre>
 *  offset 0                8                      8 + 8*K                 8 + 8*K + 8*V
 *  +-----------------------+----------------------+-----------------------+----------------+
 *  | tophash[0..7] 8 bytes | key[0..7]  8 x K     | value[0..7]  8 x V    | overflow  long |
 *  +-----------------------+----------------------+-----------------------+----------------+
 *  bucket size = 8 + 8*K + 8*V + 8     (K, V: the key and value codec widths)
 * </pre>
 *
 * <p>Keys sit together and values sit together, as in Go, so no padding is needed between a
 * narrow key and a wide value. The overflow word holds the <em>bucket index</em> of the next
 * bucket of the chain inside the same {@link Generation}, or {@link #NO_OVERFLOW}. An index,
 * not an address, so a generation can live in a mapped file or be extended without rewriting
 * links; index 0 can mean "none" because bucket 0 is a head bucket and never an overflow one.
 */
final class BucketLayout {
    /** The overflow word of the last bucket of a chain. */
    static final long NO_OVERFLOW = 0;
    /** Slots per bucket. */
    static final int SLOTS = 8;

    private static final int KEYS_OFFSET = SLOTS;

    final int keyWidth;
    final int valueWidth;
    final long valuesOffset;
    final long overflowOffset;
    final long bucketSize;

    BucketLayout(int keyWidth, int valueWidth) {
        this.keyWidth = checkWidth("key", keyWidth);
        this.valueWidth = checkWidth("value", valueWidth);
        this.valuesOffset = KEYS_OFFSET + (long) SLOTS * keyWidth;
        this.overflowOffset = valuesOffset + (long) SLOTS * valueWidth;
        this.bucketSize = overflowOffset + Long.BYTES;
    }

    private static int checkWidth(String what, int width) {
        if (width < 1 || width > Codec.MAX_WIDTH) {
            throw new IllegalArgumentException(
                what + " width " + width + " is out of range: a codec must be 1 to " + Codec.MAX_WIDTH + " bytes wide");
        }
        return width;
    }

    /** tophashAddress is where slot {@code i}'s tophash byte lives; the bucket's first byte is slot 0's. */
    static long tophashAddress(long bucket, int i) {
        return bucket + i;
    }

    /**
     * bucketOf is the bucket whose tophash byte sits at {@code tophashAddress}: buckets are
     * multiples of 8 bytes and start 8-aligned, so the address names both bucket and slot.
     */
    static long bucketOf(long tophashAddress) {
        return tophashAddress & -SLOTS;
    }

    /** slotOf is the slot whose tophash byte sits at {@code tophashAddress} (see {@link #bucketOf}). */
    static int slotOf(long tophashAddress) {
        return (int) tophashAddress & (SLOTS - 1);
    }

    long keyAddress(long bucket, int i) {
        return bucket + KEYS_OFFSET + (long) i * keyWidth;
    }

    long valueAddress(long bucket, int i) {
        return bucket + valuesOffset + (long) i * valueWidth;
    }

    long overflowAddress(long bucket) {
        return bucket + overflowOffset;
    }

    // The fixed layout of 8-byte keys and 8-byte values (LongLongMap), with constant offsets so
    // the fast path computes them without loading a width: Go's map_fast64.go.

    private static final long VALUES_OFFSET_64 = KEYS_OFFSET + SLOTS * 8L;
    private static final long OVERFLOW_OFFSET_64 = VALUES_OFFSET_64 + SLOTS * 8L;

    /** is64 says whether this is the 8-byte key, 8-byte value layout. */
    boolean is64() {
        return keyWidth == 8 && valueWidth == 8;
    }

    static long key64Address(long bucket, int i) {
        return bucket + KEYS_OFFSET + ((long) i << 3);
    }

    static long value64Address(long bucket, int i) {
        return bucket + VALUES_OFFSET_64 + ((long) i << 3);
    }

    static long overflow64Address(long bucket) {
        return bucket + OVERFLOW_OFFSET_64;
    }

    @Override
    public String toString() {
        return "BucketLayout[key=" + keyWidth + ", value=" + valueWidth + ", bucket=" + bucketSize + " bytes]";
    }
}
