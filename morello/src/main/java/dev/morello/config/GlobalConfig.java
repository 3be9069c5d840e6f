package dev.morello.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The site-wide config, as CherryPy's {@code cherrypy.config}: one flat map of dotted keys
 * ({@code server.socket_port}, {@code request.show_tracebacks}, {@code tools.trailing_slash.on})
 * that every application's config starts from.
 *
 * <pre>{@code
 * Morello.config().update(Map.of("server.socket_port", 9090, "request.show_tracebacks", false));
 * }</pre>
 *
 * <p>A map with a {@code global} section (as a config file has) applies that section only.
 */
public final class GlobalConfig {
    private static final Map<String, Object> DEFAULTS = Map.of(
            "tools.log_tracebacks.on", true,
            "tools.log_headers.on", true,
            "tools.trailing_slash.on", true,
            "tools.encode.on", true);

    private final Map<String, Object> values = new LinkedHashMap<>(DEFAULTS);
    private final Map<String, BiConsumer<String, Object>> namespaces = new LinkedHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile Map<String, Object> snapshot = Collections.unmodifiableMap(new LinkedHashMap<>(values));

    /**
     * Merges entries (later wins). A map whose values are maps is read as sections: only its
     * {@code global} section applies here.
     */
    @SuppressWarnings("unchecked")
    public synchronized GlobalConfig update(Map<String, ?> entries) {
        Map<String, ?> flat = entries;
        if (!entries.isEmpty() && entries.values().stream().allMatch(v -> v instanceof Map)) {
            Object global = entries.get("global");
            flat = global == null ? Map.of() : (Map<String, ?>) global;
        }
        for (Map.Entry<String, ?> e : flat.entrySet()) {
            values.put(e.getKey(), e.getValue());
        }
        changed();
        for (Map.Entry<String, ?> e : flat.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot > 0) {
                BiConsumer<String, Object> handler = namespaces.get(key.substring(0, dot));
                if (handler != null) {
                    handler.accept(key.substring(dot + 1), e.getValue());
                }
            }
        }
        return this;
    }

    /** Sets one entry. */
    public GlobalConfig put(String key, Object value) {
        return update(Collections.singletonMap(key, value));
    }

    /** The value of a key, or null. */
    public Object get(String key) {
        return snapshot.get(key);
    }

    /** The value of a key, or the fallback. */
    public Object get(String key, Object fallback) {
        Object v = snapshot.get(key);
        return v == null ? fallback : v;
    }

    /** An unmodifiable copy of every entry. */
    public Map<String, Object> asMap() {
        return snapshot;
    }

    public Set<String> keys() {
        return snapshot.keySet();
    }

    /** Back to the defaults (CherryPy's {@code config.reset()}). */
    public synchronized void reset() {
        values.clear();
        values.putAll(DEFAULTS);
        changed();
    }

    /**
     * Registers a namespace handler: each later {@code update} calls it with the key's remainder
     * and the value for keys in the namespace ({@code server.socket_port} → {@code socket_port}).
     */
    public synchronized void namespace(String name, BiConsumer<String, Object> handler) {
        namespaces.put(name, handler);
    }

    /** Increases whenever the config changes; caches of merged config compare it. */
    public long version() {
        return version.get();
    }

    private void changed() {
        snapshot = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        version.incrementAndGet();
    }
}
