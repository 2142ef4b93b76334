package dev.tophash.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Every offset of a table file, and the encoding of its header; no other class computes a
 * position in the file.
 *
 * <pre>
 *  0        identity (one page, written at creation): magic, version, writer flag, codec
 *           names and widths, a CRC32C over the codec part; at 2048 the live words (below)
 *  4096     state slot A  (32 KiB)   the hmap: B, flags, hash0, count, noverflow, nevacuate,
 *  36864    state slot B  (32 KiB)   and each live generation's regions and nextOverflow
 *  69632    regions: table generations and overflow chunks, page aligned, anywhere after
 * </pre>
 *
 * <h2>Why two state slots</h2>
 * A state record is written whenever the table's shape changes (a grow starts or ends, a chunk
 * is added, a clear, a reseed) and at every flush: into the slot the last record did not use,
 * with a sequence number and a CRC32C. A writer killed half-way through a record leaves the
 * other slot intact, and opening picks the valid record with the highest sequence number.
 * A record is always written before the data it makes reachable, and a region is reused only
 * after the record that referred to it has been replaced.
 *
 * <h2>Live words: what readers in other processes follow</h2>
 * Two words of the identity page, outside its checksum, are rewritten by the writer as it
 * goes, for read-only maps in other processes: the sequence number of the newest state record
 * (stored after the record is written, so a reader that sees it finds the record whole), and
 * the entry count. Each generation's main region ends with its version words, the seqlock
 * words a reader checks around each read (see {@link Generation}). A generation is named in a
 * record with the sequence number of the record that first named it, so a reader can tell a
 * new generation from an old one whose region it reused.
 *
 * <p>Numbers are little-endian (the byte order of every platform tophash runs on; a file read
 * on a big-endian machine fails the magic check instead of reading garbage).
 */
final class FileFormat {
    /** "tophash" and the byte 1, little-endian. */
    static final long MAGIC = 0x0168736168706f74L;
    /**
     * The format this build writes and reads. Version 3 adds what readers in other processes
     * need: the live words, each generation's version words and its first record's number.
     * Version 2 hashed every key as this build does; version 1 with other functions (keys of
     * at most 8 bytes with two multiplies, wider keys with XXH3).
     */
    static final int VERSION = 3;

    static final long PAGE = 4096;
    static final int IDENTITY_BYTES = 4096;
    static final int STATE_SLOT_BYTES = 32 * 1024;
    static final long STATE_SLOT_A = IDENTITY_BYTES;
    static final long STATE_SLOT_B = STATE_SLOT_A + STATE_SLOT_BYTES;
    /** Everything before the first region: what a valid file holds at the least. */
    static final long HEADER_BYTES = STATE_SLOT_B + STATE_SLOT_BYTES;

    // identity page
    static final long MAGIC_OFFSET = 0;
    static final long VERSION_OFFSET = 8;
    static final long WRITER_OFFSET = 12;
    /** The live words, each on a cache line of its own: the newest record's sequence number, the entry count. */
    static final long SHAPE_SEQ_OFFSET = 2048;
    static final long COUNT_OFFSET = 2112;
    /** The byte a writer locks, exclusively, for as long as it has the file; readers lock nothing. */
    static final long WRITER_LOCK_OFFSET = 0;
    private static final int CODECS_OFFSET = 16;
    private static final int NAME_BYTES = 128;
    private static final int CODECS_BYTES = 16 + 2 * NAME_BYTES;
    private static final int IDENTITY_CRC_OFFSET = CODECS_OFFSET + CODECS_BYTES;

    // state slot
    private static final int STATE_FIXED_BYTES = 64;
    private static final int GENERATION_FIXED_BYTES = 32;
    /** Overflow chunks one generation may have in a file; far above what growth produces. */
    static final int MAX_CHUNKS = (STATE_SLOT_BYTES - STATE_FIXED_BYTES - 2 * GENERATION_FIXED_BYTES) / (2 * Long.BYTES);

    private static final int FLAG_SAME_SIZE_GROW = 1;
    private static final int FLAG_CLEARING = 2;

    private FileFormat() {
    }

    /**
     * One generation as the file records it: its B, where its regions are, its overflow cursor,
     * and {@code born}, the sequence number of the first record that named it.
     */
    record GenerationState(int log2Buckets, long mainOffset, long nextOverflow, long born, long[] chunkOffsets) {
    }

    /** The hmap as the file records it; {@code oldbuckets} is null when no grow is in progress. */
    record State(long seq, int log2Buckets, boolean sameSizeGrow, boolean clearing, long hash0, long count,
                 long noverflow, long nevacuate, GenerationState buckets, GenerationState oldbuckets) {
    }

    /** The codecs a file was written with, as its identity page names them. */
    record Identity(int keyWidth, int valueWidth, boolean bitsKeys, String keyCodec, String valueCodec) {
        String describe() {
            return "key codec " + keyCodec + " (" + keyWidth + " bytes), value codec " + valueCodec + " (" + valueWidth + " bytes)";
        }
    }

    /** regionAlign rounds a region's size up to whole pages. */
    static long regionAlign(long bytes) {
        return Math.addExact(bytes, PAGE - 1) & -PAGE;
    }

    // ---------------------------------------------------------------- identity

    /** encodeIdentity is the identity page of a new file, writer flag set. */
    static byte[] encodeIdentity(Identity id) {
        ByteBuffer b = ByteBuffer.allocate(IDENTITY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong((int) MAGIC_OFFSET, MAGIC);
        b.putInt((int) VERSION_OFFSET, VERSION);
        b.putInt((int) WRITER_OFFSET, 1);
        b.putInt(CODECS_OFFSET, id.keyWidth());
        b.putInt(CODECS_OFFSET + 4, id.valueWidth());
        b.putInt(CODECS_OFFSET + 8, id.bitsKeys() ? 1 : 0);
        putName(b, CODECS_OFFSET + 16, id.keyCodec());
        putName(b, CODECS_OFFSET + 16 + NAME_BYTES, id.valueCodec());
        b.putInt(IDENTITY_CRC_OFFSET, crc(b.array(), CODECS_OFFSET, CODECS_BYTES));
        return b.array();
    }

    /**
     * decodeIdentity reads an identity page, throwing {@link TableFileException} (naming
     * {@code file}) when it is not a tophash file of this version or its checksum fails.
     */
    static Identity decodeIdentity(byte[] page, Object file) {
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        long magic = b.getLong((int) MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new TableFileException(file + " is not a tophash table file (its first 8 bytes are 0x"
                + Long.toHexString(Long.reverseBytes(magic)) + ", a tophash file starts with \"tophash\\1\")", null);
        }
        int version = b.getInt((int) VERSION_OFFSET);
        if (version != VERSION) {
            throw new TableFileException(file + " is a tophash file of format version " + version
                + "; this build reads version " + VERSION + " only. " + whatToDo(version), null);
        }
        if (b.getInt(IDENTITY_CRC_OFFSET) != crc(page, CODECS_OFFSET, CODECS_BYTES)) {
            throw new TableFileException(file + " is corrupt: the checksum of its codec header does not match", null);
        }
        int keyWidth = b.getInt(CODECS_OFFSET);
        int valueWidth = b.getInt(CODECS_OFFSET + 4);
        boolean bitsKeys = b.getInt(CODECS_OFFSET + 8) == 1;
        return new Identity(keyWidth, valueWidth, bitsKeys,
            getName(b, CODECS_OFFSET + 16), getName(b, CODECS_OFFSET + 16 + NAME_BYTES));
    }

    /** whatToDo tells the owner of a file of another format version how to keep its entries. */
    private static String whatToDo(int version) {
        if (version > VERSION) {
            return "It was written by a newer tophash: open it with that release or a later one.";
        }
        String why = version == 1 ? "Version 1 hashed keys with other functions. " : "";
        return why + "To keep its entries, read them with the tophash release that wrote the file and put them"
            + " into a new file made by this one.";
    }

    private static void putName(ByteBuffer b, int offset, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, NAME_BYTES - 1);
        b.put(offset, (byte) n);
        b.put(offset + 1, bytes, 0, n);
    }

    private static String getName(ByteBuffer b, int offset) {
        int n = Math.min(b.get(offset) & 0xFF, NAME_BYTES - 1);
        byte[] bytes = new byte[n];
        b.get(offset + 1, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** codecName is how a file names a codec: what it says of itself, capped at the header's room. */
    static String codecName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length < NAME_BYTES ? name : new String(bytes, 0, NAME_BYTES - 1, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- state

    /** stateSlot is where the record with sequence number {@code seq} goes. */
    static long stateSlot(long seq) {
        return (seq & 1) == 0 ? STATE_SLOT_A : STATE_SLOT_B;
    }

    /** encodeState lays out a state record with its length and checksum. */
    static byte[] encodeState(State s) {
        int chunks = s.buckets().chunkOffsets().length + (s.oldbuckets() == null ? 0 : s.oldbuckets().chunkOffsets().length);
        int length = STATE_FIXED_BYTES + 2 * GENERATION_FIXED_BYTES + chunks * Long.BYTES;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, length);
        b.putLong(8, s.seq());
        b.putInt(16, s.log2Buckets());
        b.putInt(20, (s.sameSizeGrow() ? FLAG_SAME_SIZE_GROW : 0) | (s.clearing() ? FLAG_CLEARING : 0));
        b.putLong(24, s.hash0());
        b.putLong(32, s.count());
        b.putLong(40, s.noverflow());
        b.putLong(48, s.nevacuate());
        b.position(STATE_FIXED_BYTES);
        putGeneration(b, s.buckets());
        putGeneration(b, s.oldbuckets());
        b.putInt(0, crc(b.array(), 4, length - 4));
        return b.array();
    }

    private static void putGeneration(ByteBuffer b, GenerationState g) {
        if (g == null) {
            b.putInt(-1).putInt(0).putLong(0).putLong(0).putLong(0);
            return;
        }
        b.putInt(g.log2Buckets()).putInt(g.chunkOffsets().length).putLong(g.mainOffset()).putLong(g.nextOverflow())
            .putLong(g.born());
        for (long offset : g.chunkOffsets()) {
            b.putLong(offset);
        }
    }

    /** stateLength is the length a slot's record claims, to read before decoding it. */
    static int stateLength(byte[] first8) {
        return ByteBuffer.wrap(first8).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
    }

    /** validLength says whether a claimed record length can be read from a slot at all. */
    static boolean validLength(int length) {
        return length >= STATE_FIXED_BYTES + 2 * GENERATION_FIXED_BYTES && length <= STATE_SLOT_BYTES;
    }

    /** decodeState reads a slot's record, or returns null when its checksum fails. */
    static State decodeState(byte[] record) {
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getInt(4);
        if (length != record.length || b.getInt(0) != crc(record, 4, length - 4)) {
            return null;
        }
        int flags = b.getInt(20);
        b.position(STATE_FIXED_BYTES);
        GenerationState buckets = getGeneration(b);
        GenerationState old = getGeneration(b);
        if (buckets == null) {
            return null;
        }
        return new State(b.getLong(8), b.getInt(16), (flags & FLAG_SAME_SIZE_GROW) != 0, (flags & FLAG_CLEARING) != 0,
            b.getLong(24), b.getLong(32), b.getLong(40), b.getLong(48), buckets, old);
    }

    private static GenerationState getGeneration(ByteBuffer b) {
        int log2Buckets = b.getInt();
        int chunks = b.getInt();
        long main = b.getLong();
        long nextOverflow = b.getLong();
        long born = b.getLong();
        if (log2Buckets < 0) {
            return null;
        }
        if (chunks < 0 || chunks > MAX_CHUNKS || b.remaining() < chunks * Long.BYTES) {
            return null;
        }
        long[] offsets = new long[chunks];
        for (int i = 0; i < chunks; i++) {
            offsets[i] = b.getLong();
        }
        return new GenerationState(log2Buckets, main, nextOverflow, born, offsets);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
