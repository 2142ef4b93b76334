package dev.tophash.engine;

import java.lang.ref.Reference;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link ConcurrentLongLongMap#asMap()}: the map as a {@code ConcurrentMap<Long, Long>}. Every
 * write that must be atomic for one key is one {@link Shard} method under that shard's lock;
 * {@code compute}, {@code merge} and their relatives are {@link ConcurrentMap}'s default retry
 * loops over those. Null keys and values throw {@link NullPointerException}; keys that are not
 * {@code Long}s are absent.
 */
final class ConcurrentMapView extends AbstractMap<Long, Long> implements ConcurrentMap<Long, Long> {
    /**
     * What {@link #get} asks the lock-free read for in place of an absent key's value: only when
     * the read answers this (a miss, or a key that really holds it) does it look again.
     */
    private static final long PROBE = 0x9E3779B97F4A7C15L;

    private final ConcurrentLongLongMap map;
    private Set<Map.Entry<Long, Long>> entrySet;
    private Set<Long> keySet;
    private Collection<Long> values;

    ConcurrentMapView(ConcurrentLongLongMap map) {
        this.map = map;
    }

    /** key unboxes a key argument: NullPointerException for null, null for a key of another type. */
    private static Long key(Object key) {
        Objects.requireNonNull(key, "this map holds no null keys");
        return key instanceof Long ? (Long) key : null;
    }

    @Override
    public int size() {
        return (int) Math.min(map.size(), Integer.MAX_VALUE);
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        Long k = key(key);
        return k != null && map.containsKey(k);
    }

    @Override
    public boolean containsValue(Object value) {
        Objects.requireNonNull(value, "this map holds no null values");
        return super.containsValue(value);
    }

    /**
     * The value, or null. Lock-free: one read, and a second for a miss. Only when the first read
     * answered {@link #PROBE} and the second found the key (it holds PROBE, or was inserted
     * between the two) is the value read once more under the shard lock.
     */
    @Override
    public Long get(Object key) {
        Long k = key(key);
        if (k == null) {
            return null;
        }
        Shard s = map.shardFor(k);
        try {
            long v = s.get(k, PROBE);
            if (v != PROBE) {
                return v;
            }
            return s.contains(k) ? s.valueOrNull(k) : null;
        } finally {
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public Long put(Long key, Long value) {
        Objects.requireNonNull(key, "this map holds no null keys");
        Objects.requireNonNull(value, "this map holds no null values");
        try {
            return map.shardFor(key).putBoxed(key, value);
        } finally {
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public Long remove(Object key) {
        Long k = key(key);
        if (k == null) {
            return null;
        }
        try {
            return map.shardFor(k).removeBoxed(k);
        } finally {
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public Long putIfAbsent(Long key, Long value) {
        Objects.requireNonNull(key, "this map holds no null keys");
        Objects.requireNonNull(value, "this map holds no null values");
        try {
            return map.shardFor(key).putIfAbsentBoxed(key, value);
        } finally {
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public boolean remove(Object key, Object value) {
        Long k = key(key);
        if (k == null || !(value instanceof Long)) {
            return false;
        }
        try {
            return map.shardFor(k).removeIfEqual(k, (Long) value);
        } finally {
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public Long replace(Long key, Long value) {
        Objects.requireNonNull(key, "this map holds no null keys");
        Objects.requireNonNull(value, "this map holds no null values");
        try {
            return map.shardFor(key).replaceBoxed(key, value);
        } finally {
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public boolean replace(Long key, Long oldValue, Long newValue) {
        Objects.requireNonNull(key, "this map holds no null keys");
        Objects.requireNonNull(oldValue, "this map holds no null values");
        Objects.requireNonNull(newValue, "this map holds no null values");
        try {
            return map.shardFor(key).replaceIfEqual(key, oldValue, newValue);
        } finally {
            Reference.reachabilityFence(map);
        }
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Set<Map.Entry<Long, Long>> entrySet() {
        Set<Map.Entry<Long, Long>> es = entrySet;
        return es != null ? es : (entrySet = new EntrySet());
    }

    @Override
    public Set<Long> keySet() {
        Set<Long> ks = keySet;
        return ks != null ? ks : (keySet = new KeySet());
    }

    @Override
    public Collection<Long> values() {
        Collection<Long> vs = values;
        return vs != null ? vs : (values = new Values());
    }

    @Override
    public String toString() {
        return map.toString();
    }

    /** toString of the entries, for the map's own toString. */
    String entriesToString() {
        return super.toString();
    }

    /**
     * Walks the shards in order, collecting a batch of entries from a shard under its lock and
     * handing them out with no lock held (see {@link Shard}); the views differ only in what they
     * {@link #project} an entry to. An iterator dropped half-way lets go of its cursor once the
     * garbage collector finds it.
     */
    private abstract class ShardIterator<T> implements Iterator<T> {
        private final Shard[] shards = map.shards();
        private final long[] batch = new long[2 * ConcurrentLongLongMap.BATCH];
        private int shard = -1;
        private TableCursor cursor;
        private int filled;
        private int next;
        private boolean hasLast;
        private long lastKey;

        abstract T project(long key, long value);

        @Override
        public boolean hasNext() {
            try {
                while (next == filled) {
                    if (cursor == null) {
                        if (shard + 1 == shards.length) {
                            return false;
                        }
                        shard++;
                        cursor = shards[shard].startIteration();
                        TableOptions.releaseWhenUnreachable(this, cursor);
                    }
                    filled = 2 * shards[shard].fill(cursor, batch);
                    next = 0;
                    if (filled == 0) {
                        cursor = null; // the cursor let go at its end
                    }
                }
                return true;
            } finally {
                Reference.reachabilityFence(map);
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            long key = batch[next];
            long value = batch[next + 1];
            next += 2;
            hasLast = true;
            lastKey = key;
            return project(key, value);
        }

        @Override
        public void remove() {
            if (!hasLast) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            map.remove(lastKey);
            hasLast = false;
        }
    }

    /** An entry as an iterator saw it; {@code setValue} writes through. */
    private final class Entry extends AbstractMap.SimpleEntry<Long, Long> {
        private static final long serialVersionUID = 1L;

        Entry(long key, long value) {
            super(key, value);
        }

        @Override
        public Long setValue(Long value) {
            Objects.requireNonNull(value, "this map holds no null values");
            ConcurrentMapView.this.put(getKey(), value);
            return super.setValue(value);
        }
    }

    private final class EntrySet extends AbstractSet<Map.Entry<Long, Long>> {
        @Override
        public Iterator<Map.Entry<Long, Long>> iterator() {
            return new ShardIterator<>() {
                @Override
                Map.Entry<Long, Long> project(long key, long value) {
                    return new Entry(key, value);
                }
            };
        }

        @Override
        public int size() {
            return ConcurrentMapView.this.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry)) {
                return false;
            }
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            if (e.getKey() == null) {
                return false;
            }
            Long v = get(e.getKey());
            return v != null && v.equals(e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            if (!(o instanceof Map.Entry)) {
                return false;
            }
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            return e.getKey() != null && ConcurrentMapView.this.remove(e.getKey(), e.getValue());
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    private final class KeySet extends AbstractSet<Long> {
        @Override
        public Iterator<Long> iterator() {
            return new ShardIterator<>() {
                @Override
                Long project(long key, long value) {
                    return key;
                }
            };
        }

        @Override
        public int size() {
            return ConcurrentMapView.this.size();
        }

        @Override
        public boolean contains(Object o) {
            return o != null && containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            return o != null && ConcurrentMapView.this.remove(o) != null;
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    private final class Values extends AbstractCollection<Long> {
        @Override
        public Iterator<Long> iterator() {
            return new ShardIterator<>() {
                @Override
                Long project(long key, long value) {
                    return value;
                }
            };
        }

        @Override
        public int size() {
            return ConcurrentMapView.this.size();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }
}
