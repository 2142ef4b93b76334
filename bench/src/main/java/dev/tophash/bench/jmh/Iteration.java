package dev.tophash.bench.jmh;

import dev.tophash.bench.LongLongPeer;
import dev.tophash.engine.LongLongConsumer;
import dev.tophash.engine.LongLongMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.HashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.agrona.collections.Long2LongHashMap;

/**
 * One map under test with its own fastest full iteration, for {@link Iterate} only. The maps
 * are built exactly as {@link LongLongPeer#create} builds them (same capacities and load
 * factors), which keeps them private; keep the two in step.
 *
 * <p>Each adapter visits entries through a consumer made once, whose running sum is the pass's
 * result, so a pass allocates nothing beyond what the map's own iteration does.
 */
public abstract class Iteration implements AutoCloseable {
    Iteration() {
    }

    /**
     * Makes the named map, sized for {@code expectedSize} entries.
     *
     * @param name one of {@code tophash}, {@code HashMap}, {@code agrona}, {@code fastutil}
     * @param expectedSize the number of entries expected
     * @return a new empty map
     * @throws IllegalArgumentException for any other name
     */
    public static Iteration create(String name, int expectedSize) {
        switch (name) {
            case "tophash": return new Tophash(expectedSize);
            case "HashMap": return new JavaHashMap(expectedSize);
            case "agrona": return new Agrona(expectedSize);
            case "fastutil": return new Fastutil(expectedSize);
            default: throw new IllegalArgumentException(
                "no iteration adapter for '" + name + "': expected tophash, HashMap, agrona or fastutil");
        }
    }

    /**
     * Stores an entry.
     *
     * @param key the key
     * @param value the value
     */
    public abstract void put(long key, long value);

    /**
     * The number of entries.
     *
     * @return the size
     */
    public abstract long size();

    /**
     * Visits every entry once with the map's own primitive iteration.
     *
     * @return the sum of every key and value, wrapping
     */
    public abstract long sumAll();

    /** Frees what the map holds off-heap, if anything. */
    @Override
    public void close() {
    }

    /** tophash: {@link LongLongMap#forEach}. */
    static final class Tophash extends Iteration implements LongLongConsumer {
        private final LongLongMap map;
        private long sum;

        Tophash(long expectedSize) {
            map = LongLongMap.builder().expectedSize(expectedSize).missingValue(LongLongPeer.MISSING).build();
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long size() { return map.size(); }
        @Override public void close() { map.close(); }
        @Override public void accept(long key, long value) { sum += key + value; }

        @Override
        public long sumAll() {
            sum = 0;
            map.forEach(this);
            return sum;
        }
    }

    /** {@code HashMap<Long, Long>}: {@link HashMap#forEach}, unboxing each entry. */
    static final class JavaHashMap extends Iteration implements BiConsumer<Long, Long> {
        private final HashMap<Long, Long> map;
        private long sum;

        JavaHashMap(int expectedSize) {
            map = new HashMap<>(Math.max(16, (int) (expectedSize / 0.75f) + 1));
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long size() { return map.size(); }
        @Override public void accept(Long key, Long value) { sum += key + value; }

        @Override
        public long sumAll() {
            sum = 0;
            map.forEach(this);
            return sum;
        }
    }

    /** Agrona: {@link Long2LongHashMap#forEachLong}. */
    static final class Agrona extends Iteration implements org.agrona.collections.LongLongConsumer {
        private final Long2LongHashMap map;
        private long sum;

        Agrona(int expectedSize) {
            map = new Long2LongHashMap(Math.max(8, expectedSize * 2), 0.65f, LongLongPeer.MISSING);
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long size() { return map.size(); }
        @Override public void accept(long key, long value) { sum += key + value; }

        @Override
        public long sumAll() {
            sum = 0;
            map.forEachLong(this);
            return sum;
        }
    }

    /** fastutil: {@code long2LongEntrySet().fastForEach}, one reused entry per pass. */
    static final class Fastutil extends Iteration implements Consumer<Long2LongMap.Entry> {
        private final Long2LongOpenHashMap map;
        private long sum;

        Fastutil(int expectedSize) {
            map = new Long2LongOpenHashMap(expectedSize);
            map.defaultReturnValue(LongLongPeer.MISSING);
        }

        @Override public void put(long key, long value) { map.put(key, value); }
        @Override public long size() { return map.size(); }
        @Override public void accept(Long2LongMap.Entry e) { sum += e.getLongKey() + e.getLongValue(); }

        @Override
        public long sumAll() {
            sum = 0;
            map.long2LongEntrySet().fastForEach(this);
            return sum;
        }
    }
}
