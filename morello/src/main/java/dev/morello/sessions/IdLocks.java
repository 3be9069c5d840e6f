package dev.morello.sessions;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A lock per session id within this process: fair, not tied to a thread (the request that takes
 * it may release it from another), and forgotten when nobody holds or waits for it, so memory
 * follows the sessions in use rather than every id ever seen.
 */
final class IdLocks {
    private static final class Slot {
        final Semaphore permit = new Semaphore(1, true);
        int users;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** Takes the id's lock within the timeout (null: no limit); false when it ran out. */
    boolean acquire(String id, Duration timeout) throws InterruptedException {
        Slot slot = slots.compute(id, (k, s) -> {
            Slot held = s == null ? new Slot() : s;
            held.users++;
            return held;
        });
        boolean taken = false;
        try {
            if (timeout == null) {
                slot.permit.acquire();
                taken = true;
            } else {
                taken = slot.permit.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            }
            return taken;
        } finally {
            if (!taken) {
                leave(id, slot);
            }
        }
    }

    /** Releases a lock {@link #acquire} gave. */
    void release(String id) {
        Slot slot = slots.get(id);
        if (slot == null) {
            throw new IllegalStateException("the session lock of " + id + " is not held");
        }
        slot.permit.release();
        leave(id, slot);
    }

    /** How many ids have a lock held or awaited (for tests of the memory it keeps). */
    int size() {
        return slots.size();
    }

    private void leave(String id, Slot slot) {
        slots.computeIfPresent(id, (k, s) -> s == slot && --s.users == 0 ? null : s);
    }
}
