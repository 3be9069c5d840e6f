package dev.morello.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions in this process's memory ({@code storage_type = "ram"}, the default): a concurrent
 * map of records swept of expired ones every {@code clean_freq}. Unlike CherryPy's, it is bounded:
 * past {@code max_sessions} records, saving a new one first sweeps the expired ones, then drops
 * those that would expire soonest, so a flood of new clients costs a bounded amount of memory
 * (and logs out the least recently active users first, since each save pushes expiry back).
 * Records are kept as bytes, as the other stores keep them, so a value changed after the request
 * ended does not change the stored session.
 */
public final class RamStore implements SessionStore {
    private record Entry(byte[] record, Instant expires) {
    }

    private final ConcurrentHashMap<String, Entry> records = new ConcurrentHashMap<>();
    private final IdLocks locks = new IdLocks();
    private final int maxSessions;
    private final AtomicBoolean evicting = new AtomicBoolean();

    /** A store holding at most {@code maxSessions} records. */
    public RamStore(int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max_sessions must be 1 or more, not " + maxSessions);
        }
        this.maxSessions = maxSessions;
    }

    @Override
    public boolean exists(String id, Instant now) {
        Entry e = records.get(id);
        return e != null && e.expires.isAfter(now);
    }

    @Override
    public byte[] load(String id, Instant now) {
        Entry e = records.get(id);
        return e != null && e.expires.isAfter(now) ? e.record : null;
    }

    @Override
    public void save(String id, byte[] record, Instant now, Duration timeout) {
        Entry previous = records.put(id, new Entry(record, now.plus(timeout)));
        if (previous == null && records.size() > maxSessions) {
            makeRoom(now);
        }
    }

    @Override
    public void delete(String id) {
        records.remove(id);
    }

    @Override
    public Lock lock(String id, Duration timeout) throws InterruptedException, SessionLockTimeout {
        if (!locks.acquire(id, timeout)) {
            throw new SessionLockTimeout("the session's lock was not free within " + timeout);
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.compareAndSet(true, false)) {
                locks.release(id);
            }
        };
    }

    @Override
    public int cleanUp(Instant now) {
        int removed = 0;
        for (Map.Entry<String, Entry> e : records.entrySet()) {
            if (!e.getValue().expires.isAfter(now) && records.remove(e.getKey(), e.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    /** How many records are held, expired ones not yet swept included. */
    public int size() {
        return records.size();
    }

    /**
     * Brings the count back under the bound: expired records first, then those expiring soonest.
     * One saver does it while the others go on (the bound may be passed by the saves in flight);
     * it drops a twentieth more than needed so that the next saves do not each sort the map.
     */
    private void makeRoom(Instant now) {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            cleanUp(now);
            int excess = records.size() - maxSessions;
            if (excess <= 0) {
                return;
            }
            int drop = Math.min(records.size(), excess + Math.max(1, maxSessions / 20));
            List<Map.Entry<String, Entry>> all = new ArrayList<>(records.entrySet());
            all.sort(Comparator.comparing(e -> e.getValue().expires));
            for (int i = 0; i < drop && i < all.size(); i++) {
                records.remove(all.get(i).getKey(), all.get(i).getValue());
            }
        } finally {
            evicting.set(false);
        }
    }
}
