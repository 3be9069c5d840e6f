package dev.morello.sessions;

import dev.morello.Cookie;
import dev.morello.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The session of the request being served, as {@code cherrypy.session}: values kept between a
 * client's requests, found by the id in its cookie. Reach it with {@code Morello.session()}, or
 * declare a {@code Session} parameter on a handler; {@code tools.sessions.on} must be set for the
 * path.
 *
 * <pre>{@code
 * @Expose public String count(Session session) {
 *     int n = session.getInt("count", 0) + 1;
 *     session.put("count", n);
 *     return "visit " + n;
 * }
 *
 * @Expose public void login(String user, String password) {
 *     if (!users.check(user, password)) throw new HttpError(403);
 *     Session session = Morello.session();
 *     session.regenerate();          // a new id at login: an id seen before it is worth nothing
 *     session.put("user", user);
 *     throw new HttpRedirect("/");
 * }
 * }</pre>
 *
 * <p><b>Life in a request.</b> The values are read from storage at the first access, not
 * before; they are saved at {@code before_finalize} (or, when the body is produced as it is
 * sent, once it is sent) only if they were read, and with them the expiry moves
 * {@code timeout} minutes on. Under {@code locking = "implicit"} (the default) the session's
 * lock is taken before the handler runs and released when the values are saved; with
 * {@code "early"} before the body is read; with {@code "explicit"} the application takes it
 * ({@link #acquireLock()}). The lock is always released when the request ends, whatever
 * happened. An error response does not save (as CherryPy's does not).
 *
 * <p><b>Values</b> are those {@link SessionValues} lists: text, numbers, booleans, bytes,
 * instants, and lists and maps of them. A value of another type is refused by {@link #put}.
 *
 * <p><b>Ids</b> are 40 hexadecimal digits (160 bits from {@link SecureRandom}). An id a client
 * sends is used only if its record exists in storage; any other gets a new id, so an id cannot
 * be chosen by a client (session fixation). Not thread-safe: a session belongs to one request.
 */
public final class Session {
    /** The request attribute that holds the session of a request. */
    public static final String ATTRIBUTE = "morello.session";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore store;
    private final SessionSettings settings;
    private Request request;
    private final String originalId;
    private final boolean missing;
    private String id;
    private Map<String, Object> values;
    private boolean changed;
    private boolean saved;
    /** The record read when the lock was taken, decoded at the values' first use; null when none was read. */
    private byte[] fetched;
    private boolean hasFetched;
    private boolean deleted;
    private SessionStore.Lock lock;

    Session(SessionStore store, SessionSettings settings, Request request, String originalId, String id, boolean missing) {
        this.store = store;
        this.settings = settings;
        this.request = request;
        this.originalId = originalId;
        this.id = id;
        this.missing = missing;
    }

    /**
     * The session of the request, as the {@code sessions} tool bound it.
     *
     * @throws IllegalStateException when {@code tools.sessions} is not on for the request's path
     */
    public static Session of(Request request) {
        Session s = request.attribute(ATTRIBUTE);
        if (s == null) {
            throw new IllegalStateException("no session: tools.sessions is not on for " + request.scriptName()
                    + request.pathInfo());
        }
        return s;
    }

    /** A new session id: 40 hexadecimal digits from {@link SecureRandom}. */
    public static String newId() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ---- identity ----------------------------------------------------------------------------

    /** The session's id, as its cookie carries it. */
    public String id() {
        return id;
    }

    /** The id the client sent (null for none), which differs from {@link #id()} when it was not found or regenerated. */
    public String originalId() {
        return originalId;
    }

    /** Whether the client sent an id that was not found (expired, unknown, or forged), and got a new one. */
    public boolean missing() {
        return missing;
    }

    /** The minutes a session lives after its last save. */
    public Duration timeout() {
        return settings.timeout();
    }

    // ---- values ------------------------------------------------------------------------------

    /** The value under the name, or null when there is none. */
    public Object get(String name) {
        return values().get(name);
    }

    /** The value under the name, or the fallback when there is none (or it is null). */
    public Object get(String name, Object fallback) {
        Object v = values().get(name);
        return v == null ? fallback : v;
    }

    /**
     * The value under the name, as CherryPy's {@code session[name]}: a missing one is an error
     * (a 500 when a handler lets it go, as a Python {@code KeyError}).
     *
     * @throws NoSuchElementException when the session holds no such name
     */
    public Object require(String name) {
        Map<String, Object> v = values();
        if (!v.containsKey(name)) {
            throw new NoSuchElementException("the session has no value '" + name + "'");
        }
        return v.get(name);
    }

    /**
     * The value under the name as the type, or null when there is none.
     *
     * @throws ClassCastException when it is of another type
     */
    public <T> T get(String name, Class<T> type) {
        Object v = values().get(name);
        if (v == null) {
            return null;
        }
        if (type == Long.class && v instanceof Integer i) {
            return type.cast(i.longValue());
        }
        if (!type.isInstance(v)) {
            throw new ClassCastException("the session value '" + name + "' is a " + v.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** The text under the name, or the fallback. */
    public String getString(String name, String fallback) {
        String v = get(name, String.class);
        return v == null ? fallback : v;
    }

    /** The integer under the name, or the fallback. */
    public int getInt(String name, int fallback) {
        Object v = values().get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        throw new ClassCastException("the session value '" + name + "' is a " + v.getClass().getSimpleName() + ", not an int");
    }

    /** The integer under the name, or the fallback. */
    public long getLong(String name, long fallback) {
        Long v = get(name, Long.class);
        return v == null ? fallback : v;
    }

    /** The number under the name, or the fallback. */
    public double getDouble(String name, double fallback) {
        Object v = values().get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new ClassCastException("the session value '" + name + "' is a " + v.getClass().getSimpleName() + ", not a number");
    }

    /** The boolean under the name, or the fallback. */
    public boolean getBoolean(String name, boolean fallback) {
        Boolean v = get(name, Boolean.class);
        return v == null ? fallback : v;
    }

    /**
     * Puts a value, returning the one it replaced.
     *
     * @throws IllegalArgumentException for a value a session cannot hold ({@link SessionValues})
     */
    public Object put(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("a session value needs a name");
        }
        SessionValues.check(name, value);
        changed = true;
        return values().put(name, value);
    }

    /** Removes the value under the name, returning it (or null). */
    public Object remove(String name) {
        Map<String, Object> v = values();
        if (!v.containsKey(name)) {
            return null;
        }
        changed = true;
        return v.remove(name);
    }

    /** Whether the session holds the name. */
    public boolean contains(String name) {
        return values().containsKey(name);
    }

    /** The names of the values held, in the order they were first put. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values().keySet());
    }

    /** How many values the session holds. */
    public int size() {
        return values().size();
    }

    public boolean isEmpty() {
        return values().isEmpty();
    }

    /** Removes every value (the session and its id stay). */
    public void clear() {
        values().clear();
        changed = true;
    }

    /** A read-only view of the values. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values());
    }

    // ---- the session's life ------------------------------------------------------------------

    /** Whether the values were read from storage in this request (only then are they saved). */
    public boolean loaded() {
        return values != null;
    }

    /**
     * Reads the values from storage now (an expired or missing record reads as empty); a second
     * call reads them again, dropping changes not saved.
     */
    public void load() {
        byte[] record;
        try {
            record = deleted ? null : store.load(id, now());
        } catch (IOException e) {
            throw new UncheckedIOException("the session could not be read from storage", e);
        }
        decode(record);
    }

    /**
     * Saves the values now, if they were read, and moves the expiry {@code timeout} on; the
     * framework calls it when the response is ready. It does not release the lock.
     */
    public void save() {
        if (values == null || deleted) {
            return;
        }
        try {
            store.save(id, SessionValues.encode(values), now(), settings.timeout());
        } catch (IOException e) {
            throw new UncheckedIOException("the session could not be saved", e);
        }
        changed = false;
        saved = true;
    }

    /**
     * The save the tool makes when the response is ready: none when the values were not read,
     * nor when nothing changed since this request saved them; and, under explicit locking, none
     * of unchanged values without the lock, which would write back what another request may
     * have changed meanwhile (so there only a save moves the expiry on).
     */
    void saveAtEnd() {
        if (needsSaveAtEnd()) {
            save();
        }
    }

    private boolean needsSaveAtEnd() {
        return values != null && !deleted && (changed || !saved && (lock != null || !settings.locking().equals("explicit")));
    }

    /**
     * What the tool does when the response is ready: {@link #saveAtEnd()}, then the lock
     * released, in one step where the store can; the lock is released whatever happened.
     */
    void finish() {
        SessionStore.Lock held = lock;
        if (held == null || !needsSaveAtEnd()) {
            try {
                saveAtEnd();
            } finally {
                releaseLock();
            }
            return;
        }
        lock = null;
        try {
            store.saveAndRelease(id, SessionValues.encode(values), now(), settings.timeout(), held);
        } catch (IOException e) {
            throw new UncheckedIOException("the session could not be saved", e);
        }
        changed = false;
        saved = true;
    }

    /**
     * Gives the session a new id, keeping its values, and removes the record under the old one;
     * the cookie is set again. Do it at login, so an id known before (planted by an attacker, or
     * seen on a shared machine) is worth nothing after. A held lock moves to the new id.
     */
    public void regenerate() {
        values();
        boolean wasLocked = lock != null;
        try {
            store.delete(id);
            if (wasLocked) {
                releaseLock();
            }
            String fresh;
            do {
                fresh = newId();
            } while (store.exists(fresh, now()));
            id = fresh;
            deleted = false;
            changed = true;
            settings.setCookie(request, id);
            if (wasLocked) {
                acquireLock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the session could not be given a new id", e);
        }
    }

    /**
     * Removes the session's record from storage; nothing is saved for it at the end of the
     * request. The cookie stays: the client's next request gets a new, empty session. (Call
     * {@link #expire()} too to have the browser drop the cookie.)
     */
    public void delete() {
        try {
            store.delete(id);
        } catch (IOException e) {
            throw new UncheckedIOException("the session could not be deleted", e);
        }
        deleted = true;
        values = new LinkedHashMap<>();
    }

    /**
     * Asks the browser to drop the session cookie (one dated a year back, {@code Max-Age=0}), as
     * CherryPy's {@code lib.sessions.expire()}; the stored record stays until it expires or is
     * {@linkplain #delete() deleted}.
     */
    public void expire() {
        settings.expireCookie(request, id);
    }

    // ---- locking -----------------------------------------------------------------------------

    /**
     * Takes the session's lock, waiting up to {@code lock_timeout}; values read before are read
     * again unless they were changed, so what is saved under the lock starts from what was stored.
     * With {@code locking = "explicit"}:
     *
     * <pre>{@code
     * session.acquireLock();
     * try {
     *     session.put("count", session.getInt("count", 0) + 1);
     *     session.save();
     * } finally {
     *     session.releaseLock();
     * }
     * }</pre>
     *
     * @throws IllegalStateException when this request holds it already
     */
    public void acquireLock() {
        if (lock != null) {
            throw new IllegalStateException("the session's lock is held by this request already");
        }
        SessionStore.Locked taken;
        try {
            taken = store.lockAndLoad(id, settings.lockTimeout(), now());
        } catch (SessionLockTimeout e) {
            throw new IllegalStateException(e.getMessage() + " (tools.sessions.lock_timeout)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the session's lock could not be taken", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the session's lock", e);
        }
        lock = taken.lock();
        if (deleted) {
            return;
        }
        // what was read under the lock is what the values start from, unless they were changed
        if (values == null) {
            fetched = taken.record();
            hasFetched = true;
        } else if (!changed) {
            decode(taken.record());
        }
    }

    /** Releases the session's lock if this request holds it. */
    public void releaseLock() {
        SessionStore.Lock held = lock;
        lock = null;
        if (held != null) {
            try {
                held.close();
            } catch (IOException e) {
                throw new UncheckedIOException("the session's lock could not be released", e);
            }
        }
    }

    /** Whether this request holds the session's lock. */
    public boolean locked() {
        return lock != null;
    }

    // ---- inside ------------------------------------------------------------------------------

    private Map<String, Object> values() {
        if (values == null) {
            if (hasFetched && !deleted) {
                decode(fetched);
            } else {
                load();
            }
        }
        return values;
    }

    private void decode(byte[] record) {
        try {
            values = record == null ? new LinkedHashMap<>() : SessionValues.decode(record);
        } catch (IOException e) {
            throw new UncheckedIOException("the session's record in storage is not readable", e);
        }
        changed = false;
        hasFetched = false;
        fetched = null;
    }

    private Instant now() {
        return request.time();
    }

    @Override
    public String toString() {
        return "Session[" + id + (values == null ? ", not loaded" : ", " + values.size() + " values") + "]";
    }

    /** Moves the session to the request an internal redirect made, setting its cookie there. */
    void rebind(Request next) {
        request = next;
        settings.setCookie(next, id);
    }

    SessionSettings settings() {
        return settings;
    }
}
