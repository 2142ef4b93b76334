package dev.tophash.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which reader threads may still be inside a read: the half of the shared-access protocol that
 * keeps memory alive (the other half, {@link Generation}'s versions, keeps answers right).
 *
 * <h2>The protocol</h2>
 * Every thread that reads a map it is not writing has one {@link Slot}, written by that thread
 * alone: its count is odd while the thread is inside a read, even otherwise. A read
 * {@link #enter}s (count + 1, then a full fence), reads the table, and {@link #exit}s (count + 1
 * again). The writer never frees what it retires at once: {@link #snapshot} (a full fence, then
 * the count of every slot that is inside a read) is taken when the memory leaves the table, and
 * the memory is freed once {@link Snapshot#passed} says every one of those reads has ended.
 *
 * <p>Why that is enough: the writer publishes the table's new shape, fences, then reads the
 * slots; a reader writes its slot, fences, then reads the shape. Of the two, at least one sees
 * the other's write (Dekker's argument): either the snapshot holds the reader, or the reader
 * finds the new shape and never reaches the retired memory. A reader paused inside a read for
 * any length of time keeps its count odd, so what it may read stays allocated until it resumes
 * and leaves; reads that have ended hold nothing back.
 *
 * <p>Costs: a reader pays one thread-local lookup, two stores to its own slot and one full fence
 * per read; it never writes memory another thread writes. The writer pays O(reader threads) per
 * retirement. Slots of threads that have died are dropped at the next snapshot.
 */
final class Readers {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Slot.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final CopyOnWriteArrayList<Slot> ALL = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<Slot> MINE = ThreadLocal.withInitial(Readers::register);

    /** A test's hook, run by a reader between two of its loads (only with assertions on). */
    static volatile Runnable pauseForTests;

    private Readers() {
    }

    /**
     * pause runs the test hook, if any; called as {@code assert Readers.pause()} so that it
     * costs nothing unless assertions are on.
     */
    static boolean pause() {
        Runnable hook = pauseForTests;
        if (hook != null) {
            hook.run();
        }
        return true;
    }

    /** One reader thread's record, and the place its reads leave an answer. */
    static final class Slot {
        private final WeakReference<Thread> thread;
        /** Odd while the thread is inside a read; only the thread writes it. */
        @SuppressWarnings("unused")
        private long count;
        /** Set by a read that found its key; the key's value, for 8-byte values. */
        boolean found;
        long value;

        private Slot(Thread thread) {
            this.thread = new WeakReference<>(thread);
        }

        private long count() {
            return (long) COUNT.getVolatile(this);
        }

        private boolean dead() {
            Thread t = thread.get();
            return t == null || !t.isAlive();
        }
    }

    private static Slot register() {
        Slot s = new Slot(Thread.currentThread());
        ALL.add(s);
        return s;
    }

    /**
     * enter starts a read on the calling thread and returns its slot. O(1): a thread-local
     * lookup, one store and a full fence, so that the writer's next snapshot sees this read
     * before this read sees the table (see the class comment).
     */
    static Slot enter() {
        Slot s = MINE.get();
        long c = (long) COUNT.getOpaque(s);
        COUNT.setVolatile(s, c + 1);
        // setVolatile orders the store before the loads that follow it (StoreLoad).
        return s;
    }

    /** exit ends the read {@link #enter} started. O(1): one release store. */
    static void exit(Slot s) {
        long c = (long) COUNT.getOpaque(s);
        COUNT.setRelease(s, c + 1);
    }

    /**
     * snapshot records every read in progress, after a full fence: memory the table stopped using
     * before the call is safe to free once {@link Snapshot#passed}. O(reader threads).
     */
    static Snapshot snapshot() {
        VarHandle.fullFence();
        ArrayList<Slot> inside = new ArrayList<>();
        ArrayList<Long> counts = new ArrayList<>();
        for (Slot s : ALL) {
            long c = s.count();
            if ((c & 1) != 0) {
                inside.add(s);
                counts.add(c);
            } else if (s.dead()) {
                ALL.remove(s);
            }
        }
        long[] at = new long[counts.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = counts.get(i);
        }
        return new Snapshot(inside.toArray(new Slot[0]), at);
    }

    /** The reads that were in progress at one moment. */
    static final class Snapshot {
        private final Slot[] slots;
        private final long[] counts;

        private Snapshot(Slot[] slots, long[] counts) {
            this.slots = slots;
            this.counts = counts;
        }

        /** passed says whether every read of the snapshot has ended. O(reads in the snapshot). */
        boolean passed() {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i].count() == counts[i] && !slots[i].dead()) {
                    return false;
                }
            }
            return true;
        }
    }
}
