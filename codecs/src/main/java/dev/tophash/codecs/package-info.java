/**
 * Codecs: how one key or one value sits in a fixed-width off-heap slot.
 *
 * <p>A tophash table stores keys and values inline in its buckets, eight per bucket, each in a
 * slot of a fixed number of bytes. A {@link dev.tophash.codecs.Codec} fixes that width and
 * moves one value between its Java form and the bytes at a raw address. The engine never asks a
 * codec to hash or compare: two keys are equal exactly when their encodings are byte for byte
 * equal, so a key codec must be canonical, one value, one byte sequence.
 *
 * <h2>Bits codecs</h2>
 *
 * <p>A codec of 1, 2, 4 or 8 bytes implements {@link dev.tophash.codecs.BitsCodec}: it maps each
 * value to a primitive integer of its width, sign-extended to a {@code long}. The engine then
 * loads, compares and hashes a slot as that integer, without calling the codec per slot; the
 * shared {@link dev.tophash.codecs.Slots} helpers define how those integers sit in memory
 * (native byte order).
 *
 * <h2>Built-ins</h2>
 *
 * <p>{@link dev.tophash.codecs.Codecs} provides the primitives ({@code int64}, {@code int32},
 * {@code int16}, {@code int8}, {@code char16}, {@code float64}, {@code float32}, all bits codecs)
 * and three fixed-width byte sequences ({@code fixedAscii(n)}, {@code uuid},
 * {@code fixedBytes(n)}). Their names are stable: tables stored in files record them.
 *
 * <h2>Writing a codec</h2>
 *
 * <p>A composite key such as an order id and a venue fits in 12 bytes:
 *
 * <pre>{@code
 * record OrderKey(long venueOrderId, int venue) { }
 *
 * final class OrderKeyCodec implements Codec<OrderKey> {
 *     public int width() { return 12; }
 *     public String name() { return "orderKey"; }
 *     public Class<OrderKey> type() { return OrderKey.class; }
 *     public void write(long address, OrderKey key) {
 *         UnsafeApi.putLong(address, key.venueOrderId());
 *         UnsafeApi.putInt(address + 8, key.venue());
 *     }
 *     public OrderKey read(long address) {
 *         return new OrderKey(UnsafeApi.getLong(address), UnsafeApi.getInt(address + 8));
 *     }
 * }
 * }</pre>
 *
 * <p>A codec must be stateless and thread-safe, write exactly {@code width()} bytes, validate a
 * value completely before writing its first byte (so a rejected value leaves the slot as it
 * was), and throw {@link java.lang.IllegalArgumentException} naming the value and the limit it
 * breaks. Slot addresses need not be aligned.
 */
package dev.tophash.codecs;
