package dev.tophash.bench.shared;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tophash.bench.LongLongPeer;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Values name their key: each thread can tell a right answer from a torn, foreign or missing one on its own. */
class ValuesTest {
    @Property
    void aValueBelongsToItsKeyWhateverTheVersion(@ForAll long key, @ForAll long version) {
        assertTrue(Values.belongs(key, Values.of(key, version)));
    }

    @Property
    void additionsOfOneKeepAValueItsKeys(@ForAll long key, @ForAll long version,
                                         @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int additions) {
        assertTrue(Values.belongs(key, Values.of(key, version) + additions));
    }

    @Property
    void aValueDoesNotBelongToAnotherKey(@ForAll long key, @ForAll long other, @ForAll long version) {
        Assume.that(key != other);
        assertFalse(Values.belongs(other, Values.of(key, version)));
    }

    @Property
    void halvesOfTwoKeysValuesDoNotMakeAValue(@ForAll long key, @ForAll long other, @ForAll long version) {
        Assume.that(key != other);
        long mine = Values.of(key, version);
        long torn = (Values.of(other, version) & 0xFFFF_FFFF_0000_0000L) | (mine & 0xFFFF_FFFFL);
        assertFalse(Values.belongs(key, torn));
    }

    @Property
    void missingIsNeverAValue(@ForAll long key) {
        assertFalse(Values.belongs(key, LongLongPeer.MISSING));
    }
}
