package dev.morello.config;

import dev.morello.internal.ConfigPaths;
import dev.morello.internal.config.Environments;
import dev.morello.internal.config.IniParser;
import dev.morello.internal.config.Names;
import dev.morello.internal.config.Origins;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The site-wide config, as CherryPy's {@code cherrypy.config}: one flat map of dotted keys
 * ({@code server.socket_port}, {@code request.show_tracebacks}, {@code tools.trailing_slash.on})
 * that every application's config starts from.
 *
 * <pre>{@code
 * Morello.config().update(Path.of("site.conf"));      // its [global] section
 * Morello.config().update(Map.of("server.socket_port", 9090, "request.show_tracebacks", false));
 * }</pre>
 *
 * <p>A map whose values are all maps is read as sections (as a config file has): only its
 * {@code global} section applies here. {@code environment = "production"} (or {@code staging},
 * {@code test_suite}, {@code embedded}) applies CherryPy's preset, keys given in the same update
 * winning over it. Each update calls the namespace handlers for its keys ({@code server.*} sets the
 * server, {@code engine.*} the plugins, {@code tree.*} mounts applications ...).
 */
public final class GlobalConfig {
    private static final Map<String, Object> DEFAULTS = Map.of(
            "tools.log_tracebacks.on", true,
            "tools.log_headers.on", true,
            "tools.trailing_slash.on", true,
            "tools.encode.on", true);

    private final Map<String, Object> values = new LinkedHashMap<>(DEFAULTS);
    private final Map<String, BiConsumer<String, Object>> namespaces = new LinkedHashMap<>();
    private final Map<String, String> origins = new ConcurrentHashMap<>();
    private volatile Map<String, RequestNamespace> requestNamespaces = Map.of();
    private final AtomicLong version = new AtomicLong();
    private volatile Map<String, Object> snapshot = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    private volatile boolean containedPaths;

    /**
     * Merges entries (later wins). A map whose values are maps is read as sections: only its
     * {@code global} section applies here.
     */
    public GlobalConfig update(Map<String, ?> entries) {
        return update(entries, "<map>", null);
    }

    /**
     * A path named in a config file, resolved against that file's directory while the file is
     * being applied (so {@code log.access_file = "access.log"} lands beside the config file);
     * otherwise as given.
     */
    public static Path relative(String name) {
        return ConfigPaths.relative(name);
    }

    /** Runs an action with the directory of a config file as the base of relative paths. */
    public static <T> T loading(Path file, java.util.function.Supplier<T> action) {
        return ConfigPaths.loading(file, action);
    }

    /** Reads a config file in CherryPy's format and applies its {@code [global]} section. */
    public GlobalConfig update(Path file) {
        return loading(file, () -> load(file));
    }

    private GlobalConfig load(Path file) {
        try {
            Map<String, Map<String, Object>> sections = IniParser.parse(file, Names.DEFAULT);
            Map<String, Map<String, String>> scanned = Origins.scan(file);
            // a key [global] inherits from [DEFAULT] was written there
            Map<String, String> lines = new java.util.HashMap<>(scanned.getOrDefault("DEFAULT", Map.of()));
            lines.putAll(scanned.getOrDefault("global", Map.of()));
            return update(sections, file.toString(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
    }

    /** Reads config text in CherryPy's format from a reader; {@code source} names it in errors. */
    public GlobalConfig update(Reader reader, String source) {
        try {
            return update(IniParser.parse(reader, source, Names.DEFAULT), source, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + source, e);
        }
    }

    @SuppressWarnings("unchecked")
    private GlobalConfig update(Map<String, ?> entries, String source, Map<String, String> lines) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (!entries.isEmpty() && entries.values().stream().allMatch(v -> v instanceof Map)
                && entries.keySet().stream().allMatch(k -> k.startsWith("/") || !k.contains("."))) {
            // sections ("global", "/path", "Databases"); a dotted key with a map value is an entry
            Object global = entries.get("global");
            if (global != null) {
                flat.putAll((Map<String, Object>) global);
            }
            if (entries.size() > (global == null ? 0 : 1)) {
                // path sections in the site config do nothing there; the checker says so
                containedPaths = true;
            }
        } else {
            flat.putAll(entries);
        }
        if (flat.containsKey("tools.staticdir.dir")) {
            flat.put("tools.staticdir.section", "global");
        }
        Object env = flat.get("environment");
        if (env != null) {
            Map<String, Object> preset = Environments.preset(env.toString());
            if (preset == null) {
                throw new IllegalArgumentException("unknown environment " + env
                        + "; one of production, staging, test_suite, embedded");
            }
            for (Map.Entry<String, Object> e : preset.entrySet()) {
                flat.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        synchronized (this) {
            values.putAll(flat);
            changed();
        }
        for (String key : flat.keySet()) {
            origins.put(key, lines != null && lines.containsKey(key) ? lines.get(key) : source);
        }
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot > 0) {
                BiConsumer<String, Object> handler;
                synchronized (this) {
                    handler = namespaces.get(key.substring(0, dot));
                }
                if (handler != null) {
                    handler.accept(key.substring(dot + 1), e.getValue());
                }
            }
        }
        return this;
    }

    /** Where each key of a config file was written: section → key → {@code file:line}. */
    public static Map<String, Map<String, String>> lines(Path file) {
        return Origins.scan(file);
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
        return v == null && !snapshot.containsKey(key) ? fallback : v;
    }

    /** An unmodifiable copy of every entry. */
    public Map<String, Object> asMap() {
        return snapshot;
    }

    public Set<String> keys() {
        return snapshot.keySet();
    }

    /** Where a key was set: {@code site.conf:12}, {@code <map>}, or null. */
    public String origin(String key) {
        return origins.get(key);
    }

    /** Whether an update carried path sections, which do nothing in the site config. */
    public boolean containedPaths() {
        return containedPaths;
    }

    /** Back to the defaults (CherryPy's {@code config.reset()}). */
    public synchronized void reset() {
        values.clear();
        values.putAll(DEFAULTS);
        origins.clear();
        containedPaths = false;
        changed();
    }

    /**
     * Registers a namespace handler: each later {@code update} calls it with the key's remainder
     * and the value for keys in the namespace ({@code server.socket_port} → {@code socket_port}).
     */
    public synchronized void namespace(String name, BiConsumer<String, Object> handler) {
        namespaces.put(name, handler);
        Keys.applicationNamespace(name);
    }

    /**
     * Registers a namespace applied to each request from its merged config (see
     * {@link RequestNamespace}).
     */
    public synchronized void requestNamespace(String name, RequestNamespace handler) {
        Map<String, RequestNamespace> m = new LinkedHashMap<>(requestNamespaces);
        m.put(name, handler);
        requestNamespaces = Collections.unmodifiableMap(m);
        Keys.applicationNamespace(name);
        changed();
    }

    /** The per-request namespaces, by name. */
    public Map<String, RequestNamespace> requestNamespaces() {
        return requestNamespaces;
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
