package dev.tophash.codecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The identity of the built-in codecs: names, widths, types, equality, sharing. */
class CodecsTest {

    /** What a built-in codec must declare. */
    record Expected(Codec<?> codec, String name, int width, Class<?> type) {
    }

    private static final List<Expected> BUILT_INS = List.of(
            new Expected(Codecs.int64(), "int64", 8, Long.class),
            new Expected(Codecs.int32(), "int32", 4, Integer.class),
            new Expected(Codecs.int16(), "int16", 2, Short.class),
            new Expected(Codecs.int8(), "int8", 1, Byte.class),
            new Expected(Codecs.char16(), "char16", 2, Character.class),
            new Expected(Codecs.float64(), "float64", 8, Double.class),
            new Expected(Codecs.float32(), "float32", 4, Float.class),
            new Expected(Codecs.fixedAscii(12), "fixedAscii(12)", 12, String.class),
            new Expected(Codecs.uuid(), "uuid", 16, UUID.class),
            new Expected(Codecs.fixedBytes(16), "fixedBytes(16)", 16, byte[].class));

    @Test
    void everyBuiltInHasItsStableNameWidthAndType() {
        for (Expected e : BUILT_INS) {
            assertEquals(e.name(), e.codec().name());
            assertEquals(e.width(), e.codec().width(), e.name());
            assertEquals(e.type(), e.codec().type(), e.name());
        }
    }

    @Test
    void everyBuiltInPrintsAsItsName() {
        for (Expected e : BUILT_INS) {
            assertEquals(e.name(), e.codec().toString());
        }
    }

    @Test
    void exactlyThePrimitiveCodecsAreBitsCodecs() {
        for (Expected e : BUILT_INS) {
            boolean primitive = e.type() != String.class && e.type() != UUID.class && e.type() != byte[].class;
            assertEquals(primitive, e.codec() instanceof BitsCodec, e.name());
            if (primitive) {
                assertTrue(Slots.isBitsWidth(e.width()), e.name());
            }
        }
    }

    @Test
    void parameterlessCodecsAreSharedInstances() {
        assertSame(Codecs.int64(), Codecs.int64());
        assertSame(Codecs.int32(), Codecs.int32());
        assertSame(Codecs.int16(), Codecs.int16());
        assertSame(Codecs.int8(), Codecs.int8());
        assertSame(Codecs.char16(), Codecs.char16());
        assertSame(Codecs.float64(), Codecs.float64());
        assertSame(Codecs.float32(), Codecs.float32());
        assertSame(Codecs.uuid(), Codecs.uuid());
    }

    @Test
    void codecsMadeWithTheSameParametersAreEqual() {
        assertEquals(Codecs.fixedAscii(12), Codecs.fixedAscii(12));
        assertEquals(Codecs.fixedAscii(12).hashCode(), Codecs.fixedAscii(12).hashCode());
        assertEquals(Codecs.fixedBytes(16), Codecs.fixedBytes(16));
        assertEquals(Codecs.fixedBytes(16).hashCode(), Codecs.fixedBytes(16).hashCode());
    }

    @Test
    void codecsWithOtherParametersOrOtherKindsAreNotEqual() {
        assertNotEquals(Codecs.fixedAscii(12), Codecs.fixedAscii(13));
        assertNotEquals(Codecs.fixedBytes(12), Codecs.fixedAscii(12));
        assertNotEquals(Codecs.fixedBytes(16), Codecs.uuid());
        assertNotEquals(Codecs.int64(), Codecs.float64());
        assertNotEquals(Codecs.fixedAscii(12), "fixedAscii(12)");
        assertNotEquals(Codecs.fixedAscii(12), null);
    }

    @Test
    void primitiveCodecsAcceptOnlyTheirOwnBoxedType() {
        assertTrue(Codecs.int64().accepts(1L));
        assertEquals(false, Codecs.int64().accepts(1));
        assertEquals(false, Codecs.int32().accepts(null));
        assertInstanceOf(BitsCodec.class, Codecs.char16());
        assertTrue(Codecs.char16().accepts('x'));
        assertEquals(false, Codecs.float32().accepts(1.0));
    }
}
