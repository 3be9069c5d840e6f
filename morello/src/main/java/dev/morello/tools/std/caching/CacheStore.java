package dev.morello.tools.std.caching;

import dev.morello.HeaderMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caching tool's in-memory store: responses by URL and by the values of the request headers
 * the response's {@code Vary} names, with expiry, object-count and byte limits (least recently
 * used first out), and per-key fill futures so one request fills a missing entry while the
 * others wait for it.
 *
 * <p>One lock guards the maps; it is held only for map operations, never while waiting for a
 * fill or producing a body. Expired entries are swept when the store is next touched, at most
 * once per {@code expire_freq}; a lookup never serves one.
 */
final class CacheStore {
    /** The limits of one store, from the tool's arguments. */
    record Settings(long delayNanos, int maxObjects, long maxObjSize, long maxSize, long antistampedeNanos,
            long expireFreqNanos) {
    }

    /** A variant's key: the URL and the selecting header values (null values: headers absent). */
    record Key(String uri, List<String> values) {
    }

    /** A stored response. */
    record Entry(Key key, int status, String[] names, String[] values, byte[] body, long storedAt, long expiresAt) {
        /** Whole seconds since the entry was stored (RFC 9111 §5.1's Age). */
        long ageSeconds(long now) {
            return Math.max(0, TimeUnit.NANOSECONDS.toSeconds(now - storedAt));
        }
    }

    /** What a lookup found: a stored response, or a miss with what the request may store. */
    sealed interface Lookup permits Hit, Miss {
    }

    record Hit(Entry entry) implements Lookup {
    }

    record Miss(Fill fill) implements Lookup {
    }

    /**
     * A request's right to store what it produces. A request that found the entry missing holds
     * the key's fill future, which the others wait on; it completes with the stored entry, or
     * with null when nothing was stored.
     */
    final class Fill {
        private final String uri;
        private final Key key;
        private final CompletableFuture<Entry> future;
        private final long seq;
        private final long now;

        private Fill(String uri, Key key, CompletableFuture<Entry> future, long seq, long now) {
            this.uri = uri;
            this.key = key;
            this.future = future;
            this.seq = seq;
            this.now = now;
        }

        /** Stores the response (when the limits allow), then wakes the waiters. */
        void put(int status, HeaderMap responseHeaders, byte[] body, HeaderMap requestHeaders) {
            CacheStore.this.put(this, status, responseHeaders, body, requestHeaders);
        }

        /** The largest body this fill may store. */
        long limit() {
            return Math.min(settings.maxObjSize, settings.maxSize);
        }

        /** Gives up the fill without storing: the waiters go on to produce the response themselves. */
        void release() {
            if (future != null && !future.isDone()) {
                lock.lock();
                try {
                    fills.remove(key, future);
                } finally {
                    lock.unlock();
                }
                future.complete(null);
            }
        }
    }

    private static final ReentrantLock REGISTRY_LOCK = new ReentrantLock();
    private static final Map<Object, Map<Settings, CacheStore>> REGISTRY = new WeakHashMap<>();
    /** Invalidations remembered for fills still running; older ones fold into {@link #floor}. */
    private static final int DELETIONS_REMEMBERED = 1024;

    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, UriInfo> uris = new HashMap<>();
    private final Map<Key, CompletableFuture<Entry>> fills = new HashMap<>();
    private final LinkedHashMap<String, Long> deletedAt = new LinkedHashMap<>();
    private long sequence;
    private long floor;
    private long bytes;
    /** When expired entries were last swept, by the requests' clock; the first lookup sweeps. */
    private long lastSweep = Long.MIN_VALUE / 2;

    /** The selecting header names stored for a URL, and its variants. */
    private static final class UriInfo {
        final List<String> vary;
        final Set<Key> keys = new HashSet<>();

        UriInfo(List<String> vary) {
            this.vary = vary;
        }
    }

    CacheStore(Settings settings) {
        this.settings = settings;
    }

    /**
     * The store for an application and these limits: every path of an application with the same
     * caching arguments shares one, so an invalidating request reaches the entries it should.
     */
    static CacheStore of(Object app, Settings settings) {
        REGISTRY_LOCK.lock();
        try {
            return REGISTRY.computeIfAbsent(app, a -> new HashMap<>())
                    .computeIfAbsent(settings, CacheStore::new);
        } finally {
            REGISTRY_LOCK.unlock();
        }
    }

    Settings settings() {
        return settings;
    }

    /**
     * Finds the fresh variant for the request, waiting up to the anti-stampede timeout when
     * another request is filling it. {@code maxAgeNanos} (the request's {@code max-age}, or -1)
     * makes older entries a miss for this request only. {@code now} is the request's time (epoch
     * nanoseconds, from the site clock, as CherryPy ages entries by {@code response.time}); the
     * wait itself is real time.
     */
    Lookup lookup(String uri, HeaderMap requestHeaders, long maxAgeNanos, long now) {
        long deadline = System.nanoTime() + settings.antistampedeNanos;
        while (true) {
            CompletableFuture<Entry> pending;
            long seq;
            lock.lock();
            try {
                sweepIfDue(now);
                seq = ++sequence;
                UriInfo info = uris.get(uri);
                // until a response for the URL is stored, its Vary is unknown: fills wait on the URL
                Key key = new Key(uri, info == null ? null : values(info.vary, requestHeaders));
                if (info != null) {
                    Entry e = entries.get(key);
                    if (e != null) {
                        if (now - e.expiresAt >= 0) {
                            drop(e);
                        } else if (maxAgeNanos >= 0 && now - e.storedAt > maxAgeNanos) {
                            return new Miss(new Fill(uri, null, null, seq, now));
                        } else {
                            return new Hit(e);
                        }
                    }
                }
                if (settings.antistampedeNanos <= 0) {
                    return new Miss(new Fill(uri, null, null, seq, now));
                }
                pending = fills.get(key);
                if (pending == null) {
                    CompletableFuture<Entry> mine = new CompletableFuture<>();
                    fills.put(key, mine);
                    return new Miss(new Fill(uri, key, mine, seq, now));
                }
            } finally {
                lock.unlock();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Miss(new Fill(uri, null, null, seq, now));
            }
            try {
                if (pending.get(left, TimeUnit.NANOSECONDS) == null) {
                    // the filler stored nothing: no point queueing behind another one
                    return new Miss(new Fill(uri, null, null, seq, now));
                }
                // stored: look again (the stored variant may be another one than this request's)
            } catch (TimeoutException | ExecutionException e) {
                return new Miss(new Fill(uri, null, null, seq, now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Miss(new Fill(uri, null, null, seq, now));
            }
        }
    }

    /** A fill that waits for nobody and that nobody waits for: a refresh asked by the client. */
    Fill refresh(String uri, long now) {
        lock.lock();
        try {
            return new Fill(uri, null, null, ++sequence, now);
        } finally {
            lock.unlock();
        }
    }

    /** Removes every variant of the URL; fills that began before are not stored. */
    void delete(String uri) {
        lock.lock();
        try {
            UriInfo info = uris.remove(uri);
            if (info != null) {
                for (Key k : info.keys) {
                    Entry e = entries.remove(k);
                    if (e != null) {
                        bytes -= e.body.length;
                    }
                }
            }
            deletedAt.remove(uri);
            deletedAt.put(uri, ++sequence);
            if (deletedAt.size() > DELETIONS_REMEMBERED) {
                Iterator<Map.Entry<String, Long>> it = deletedAt.entrySet().iterator();
                floor = Math.max(floor, it.next().getValue());
                it.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many responses are stored, and their bytes. */
    long[] usage() {
        lock.lock();
        try {
            return new long[] {entries.size(), bytes};
        } finally {
            lock.unlock();
        }
    }

    private void put(Fill fill, int status, HeaderMap responseHeaders, byte[] body, HeaderMap requestHeaders) {
        List<String> vary = new ArrayList<>();
        for (String v : responseHeaders.values("Vary")) {
            vary.add(v.toLowerCase(Locale.ROOT));
        }
        Entry stored = null;
        lock.lock();
        try {
            if (fill.future != null) {
                fills.remove(fill.key, fill.future);
            }
            boolean invalidated = fill.seq <= floor || deletedAt.getOrDefault(fill.uri, Long.MIN_VALUE) >= fill.seq;
            if (!invalidated && body.length <= settings.maxObjSize && body.length <= settings.maxSize
                    && settings.maxObjects > 0) {
                long now = fill.now;
                UriInfo info = uris.get(fill.uri);
                if (info != null && !info.vary.equals(vary)) {
                    // the resource now varies on other headers: its old variants cannot be selected
                    for (Key k : List.copyOf(info.keys)) {
                        drop(entries.get(k));
                    }
                    info = uris.get(fill.uri);
                }
                if (info == null) {
                    info = new UriInfo(List.copyOf(vary));
                    uris.put(fill.uri, info);
                }
                Key key = new Key(fill.uri, values(vary, requestHeaders));
                drop(entries.get(key));
                sweepIfDue(now);
                Iterator<Entry> eldest = entries.values().iterator();
                while (eldest.hasNext() && (entries.size() >= settings.maxObjects || bytes + body.length > settings.maxSize)) {
                    Entry out = eldest.next();
                    eldest.remove();
                    forget(out);
                }
                String[] names = new String[responseHeaders.size()];
                String[] values = new String[names.length];
                for (int i = 0; i < names.length; i++) {
                    names[i] = responseHeaders.name(i);
                    values[i] = responseHeaders.value(i);
                }
                stored = new Entry(key, status, names, values, body, now, now + settings.delayNanos);
                entries.put(key, stored);
                // an eviction above may have removed the URL's record, so fetch it again
                uris.computeIfAbsent(fill.uri, u -> new UriInfo(List.copyOf(vary))).keys.add(key);
                bytes += body.length;
            }
        } finally {
            lock.unlock();
        }
        if (fill.future != null) {
            fill.future.complete(stored);
        }
    }

    private static List<String> values(List<String> names, HeaderMap requestHeaders) {
        String[] out = new String[names.size()];
        for (int i = 0; i < out.length; i++) {
            List<String> all = requestHeaders.all(names.get(i));
            out[i] = all.isEmpty() ? null : String.join(",", all);
        }
        return Arrays.asList(out);
    }

    private void sweepIfDue(long now) {
        if (now - lastSweep < settings.expireFreqNanos) {
            return;
        }
        lastSweep = now;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.expiresAt >= 0) {
                it.remove();
                forget(e);
            }
        }
    }

    /** Removes an entry (null: nothing) from the map and the books. */
    private void drop(Entry e) {
        if (e != null) {
            entries.remove(e.key);
            forget(e);
        }
    }

    /** Updates the books for an entry already out of the map. */
    private void forget(Entry e) {
        bytes -= e.body.length;
        UriInfo info = uris.get(e.key.uri);
        if (info != null) {
            info.keys.remove(e.key);
            if (info.keys.isEmpty()) {
                uris.remove(e.key.uri);
            }
        }
    }
}
