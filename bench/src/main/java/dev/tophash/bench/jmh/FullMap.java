package dev.tophash.bench.jmh;

import dev.tophash.bench.LongLongPeer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every benchmark on a map holding {@code size} entries shares: the three parameters, the
 * map, and a tear-down that checks the size held (the settings come from {@link SuiteSettings}).
 * JMH applies a superclass's annotations, parameters and fixtures to each subclass (its sample
 * 24, "inheritance").
 */
public abstract class FullMap extends SuiteSettings {
    /** The map under test, as {@link LongLongPeer#create} names it. */
    @Param({"tophash", "HashMap", "agrona", "fastutil"})
    public String map;

    /** Entries in the map: 1000 fits in cache; 1M and 10M take tens and hundreds of MiB. */
    @Param({"1000", "1000000", "10000000"})
    public int size;

    /** The key distribution, as {@link Keys#named} names it. */
    @Param({"random", "sequential", "shifted"})
    public String keys;

    /** The map, made by {@link #fill(long)} or {@link #fill(long[], long[])}. */
    protected LongLongPeer peer;

    /**
     * Makes the map and fills it with the first {@code size} keys of the distribution, each
     * with itself as value, put in an order shuffled with {@code shuffleSeed}.
     *
     * @param shuffleSeed the seed of the insertion order
     * @return the present keys, in insertion order
     */
    protected long[] fill(long shuffleSeed) {
        long[] present = Keys.named(keys).shuffled(0, size, shuffleSeed);
        fill(present, present);
        return present;
    }

    /**
     * Makes the map, presized for {@code size} entries, and puts {@code keys[i] -> values[i]}
     * in array order.
     *
     * @param keys the keys, {@code size} of them
     * @param values their values
     */
    protected void fill(long[] keys, long[] values) {
        peer = LongLongPeer.create(map, size);
        peer.putAll(keys, values);
    }

    /** Checks that the map still holds {@code size} entries, then frees it. */
    @TearDown(Level.Trial)
    public void free() {
        long held = peer.size();
        peer.close();
        if (held != size) {
            throw new IllegalStateException(map + " holds " + held + " entries after " + getClass().getSimpleName()
                + ", expected " + size);
        }
    }
}
