package dev.tophash.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SWAR helpers against a byte-by-byte model. {@link Tophash#matchByte} may mark more than
 * the matching slots (its class comment says why that is safe); these tests hold it to exactly
 * what makes it safe: every matching slot marked, the lowest mark always a match, and an extra
 * mark only on a slot whose tophash is {@code top ^ 1}, never on an empty one.
 */
class TophashTest {
    /** Words built from the bytes that occur: empties, markers, and live values near top. */
    private static long word(SplittableRandom rnd, int top) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            int b = switch (rnd.nextInt(5)) {
                case 0 -> rnd.nextInt(Tophash.MIN_TOP_HASH);
                case 1 -> top;
                case 2 -> top ^ 1;
                default -> Tophash.MIN_TOP_HASH + rnd.nextInt(256 - Tophash.MIN_TOP_HASH);
            };
            w |= (long) b << (8 * i);
        }
        return w;
    }

    private static int slotByte(long word, int i) {
        return (int) (word >>> (8 * i)) & 0xFF;
    }

    @Test
    void matchByteMarksEveryMatchAndOnlyHarmlessExtras() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n = 0; n < 200_000; n++) {
            int top = Tophash.tophash(rnd.nextLong());
            long word = word(rnd, top);
            long marks = Tophash.matchByte(word, Tophash.broadcast(top));
            int lowestMatch = -1;
            for (int i = 7; i >= 0; i--) {
                boolean marked = (marks >>> (8 * i) & 0xFF) == 0x80;
                assertEquals(0, marks >>> (8 * i) & 0x7F, "only high bits are set");
                int b = slotByte(word, i);
                if (b == top) {
                    assertTrue(marked, "a matching slot is marked");
                    lowestMatch = i;
                } else if (marked) {
                    assertEquals(top ^ 1, b, "an extra mark is on a slot whose tophash is top ^ 1");
                    assertTrue(!Tophash.isEmpty(b), "never on an empty slot");
                }
            }
            if (marks != 0) {
                assertEquals(lowestMatch, Tophash.firstSlot(marks), "the lowest mark is a match");
            }
        }
    }

    @Test
    void emptyTestsAreExact() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int n = 0; n < 200_000; n++) {
            long word = word(rnd, Tophash.tophash(rnd.nextLong()));
            boolean anyEmptyRest = false;
            long empties = 0;
            for (int i = 0; i < 8; i++) {
                int b = slotByte(word, i);
                anyEmptyRest |= b == Tophash.EMPTY_REST;
                if (Tophash.isEmpty(b)) {
                    empties |= 0x80L << (8 * i);
                }
            }
            assertEquals(anyEmptyRest, Tophash.hasEmptyRest(word), Long.toHexString(word));
            assertEquals(empties, Tophash.matchEmpty(word), Long.toHexString(word));
        }
    }
}
