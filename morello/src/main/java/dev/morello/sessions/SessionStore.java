package dev.morello.sessions;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Where sessions live between requests: records of bytes under session ids, each with an
 * expiry, and a lock per id. The {@code ram} and {@code file} storages are built in;
 * {@code redis} comes with the {@code morello-redis} module; an application may give its own
 * ({@link SessionStorage}).
 *
 * <p>A store sees only ids the framework made (40 lowercase hex digits) or ids a client sent,
 * which may be anything: a store that builds names from ids (files, keys) refuses those that
 * could reach outside its space. A record's bytes are the session's values encoded by
 * {@link SessionValues}; a store keeps them as they are.
 *
 * <p>Times: {@code now} is the request's time from the site clock. A store that keeps its own
 * time (Redis's expiry) may use it instead; {@link #save} gives the timeout for that.
 *
 * <p>Every method may be called from many threads at once.
 */
public interface SessionStore extends AutoCloseable {
    /** Whether a record is stored under the id and has not expired at {@code now}. */
    boolean exists(String id, Instant now) throws IOException;

    /** The record stored under the id, or null when there is none or it expired at {@code now}. */
    byte[] load(String id, Instant now) throws IOException;

    /**
     * Stores the record under the id, replacing any, to expire {@code timeout} after
     * {@code now}. A reader sees the old record or the new one, never part of one.
     */
    void save(String id, byte[] record, Instant now, Duration timeout) throws IOException;

    /** Removes the record under the id; nothing happens when there is none. */
    void delete(String id) throws IOException;

    /**
     * Takes the id's lock, waiting up to {@code timeout} (null: as long as it takes), and
     * returns its key. The lock is held across threads and, for stores that several processes
     * share, across processes; it is not reentrant. Only its key releases it; a store whose
     * holders may die without releasing (another process) bounds how long a lock is held.
     *
     * @throws SessionLockTimeout when the wait ran out
     */
    Lock lock(String id, Duration timeout) throws IOException, InterruptedException;

    /**
     * Takes the id's lock and reads its record, in one step where the store can (one round trip
     * to a remote store): by default {@link #lock} then {@link #load}. The record is null when
     * there is none or it expired at {@code now}.
     *
     * @throws SessionLockTimeout when the wait ran out
     */
    default Locked lockAndLoad(String id, Duration timeout, Instant now) throws IOException, InterruptedException {
        Lock lock = lock(id, timeout);
        try {
            return new Locked(lock, load(id, now));
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException notReleased) {
                e.addSuppressed(notReleased);
            }
            throw e;
        }
    }

    /**
     * Stores the record and releases the lock, in one step where the store can: by default
     * {@link #save} then the lock's {@link Lock#close}. The lock is released even when the save
     * fails.
     */
    default void saveAndRelease(String id, byte[] record, Instant now, Duration timeout, Lock lock) throws IOException {
        try {
            save(id, record, now, timeout);
        } finally {
            lock.close();
        }
    }

    /** Removes the records expired at {@code now} (and what belongs only to them); returns how many. */
    int cleanUp(Instant now) throws IOException;

    /** Gives back what the store holds open (connections, threads); the records stay. */
    @Override
    default void close() throws IOException {
    }

    /**
     * A lock taken with the record read under it ({@link #lockAndLoad}).
     *
     * @param lock the held lock
     * @param record the record read under it, or null when there was none
     */
    record Locked(Lock lock, byte[] record) {
    }

    /** A held lock. Releasing twice, or after the store released it on its own, does nothing. */
    interface Lock extends AutoCloseable {
        /** Releases the lock if this key still holds it. */
        @Override
        void close() throws IOException;
    }
}
