/**
 * tophash's engine: Go's classic runtime map (the {@code hmap}/{@code bmap} design of Go 1.12 to
 * 1.23) over off-heap memory.
 *
 * <h2>Buckets</h2>
 * A table is an array of {@code 2^B} buckets of eight slots. A bucket holds the eight tophash
 * bytes, then the eight keys, then the eight values, then the index of its overflow bucket
 * (see {@code BucketLayout}):
 * <pre>
 *   | tophash[8] | key[8] | value[8] | overflow |
 * </pre>
 * A chain is a head bucket and the overflow buckets linked after it. The head buckets and the
 * {@code 2^(B-4)} preallocated overflow buckets (B &gt;= 4) share one off-heap segment, a
 * <em>generation</em>; further overflow buckets come in chunks once that pool runs out.
 *
 * <h2>Hash bits</h2>
 * A key's 64-bit hash is seeded per map. Its low B bits pick the bucket; its top byte is the
 * slot's <em>tophash</em> (plus 5 when below 5, since 0 to 4 are markers: emptyRest, emptyOne,
 * evacuatedX, evacuatedY, evacuatedEmpty). A lookup loads the eight tophash bytes of a bucket as
 * one {@code long}, finds the matching bytes with SWAR arithmetic, compares only those keys,
 * and stops at the first emptyRest: a delete turns trailing empty cells into emptyRest so that
 * misses end early.
 *
 * <h2>Growth</h2>
 * An insert that would take the map past 6.5 entries per bucket doubles the table; one that
 * finds as many overflow buckets as buckets (capped at {@code 2^15}) starts a same-size grow that
 * repacks chains. A grow only allocates. Every later write evacuates the old chain its key maps
 * to and one more, so at most two chains move per write and a grow ends within {@code 2^oldB}
 * writes. Old chain j splits into new chains j (X) and {@code j + 2^oldB} (Y) by one hash bit.
 * While growing, a lookup reads the old chain if it is not evacuated yet. The old generation
 * is freed when the last old chain moves. New head buckets are zeroed as they are filled, so no
 * operation touches the whole table. Tables never shrink.
 *
 * <h2>Iteration</h2>
 * Each iteration starts at a random bucket and slot offset. Writes during an iteration are
 * allowed: no entry is returned twice, entries present throughout are returned once with their
 * current value, entries deleted before they are reached are not returned.
 *
 * <h2>What differs from Go, and why</h2>
 * Links are bucket indexes, not pointers, so a generation can be file-backed. Memory is freed
 * when a generation retires, so iterators pin what they read. Go's fatal errors are exceptions:
 * {@code ConcurrentModificationException} for overlapping writes, {@code IllegalStateException}
 * after {@code close()}. Keys and values are fixed-width and inline up to 4096 bytes each;
 * Go's indirect storage of large keys is not needed.
 */
package dev.tophash.engine;
