package dev.morello;

import dev.morello.config.NodeConfig;
import dev.morello.internal.config.IniParser;
import dev.morello.internal.config.MergedConfig;
import dev.morello.internal.config.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An object tree mounted at a path, with its own config, as CherryPy's {@code Application}.
 * Made by {@link Tree#mount}.
 *
 * <p>Its config is a map of sections: {@code "/"} and deeper paths (relative to the mount point)
 * hold request settings for that part of the tree; {@code global} is the site's (applied by
 * {@link Morello#quickstart} and the launcher); other sections are kept for the application's own
 * use when it declares them ({@link ConfigSections}, {@link #configSections(String...)}), and
 * refused otherwise. Config the framework does not understand is refused when the engine starts,
 * or, on a running site, when the application is mounted or config is merged into it.
 *
 * <pre>{@code
 * Application blog = Morello.tree().mount(new Blog(), "/blog", Map.of(
 *         "/", Map.of("request.show_tracebacks", false),
 *         "/admin", Map.of("tools.trailing_slash.extra", true)));
 * }</pre>
 */
public final class Application {
    private final Object root;
    private final String scriptName;
    private final Map<String, Map<String, Object>> config = new LinkedHashMap<>();
    private volatile Map<String, Map<String, Object>> configView = Map.of();
    private final Map<String, MergedConfig> merged = new ConcurrentHashMap<>();
    private volatile boolean hasDispatchKey;
    private volatile boolean hasPathSections;
    /** Increases on every merge; cached merged configs compare it (with the site's). */
    private volatile long configVersion;
    private final Map<String, String> origins = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.BiConsumer<String, Object>> namespaces = new ConcurrentHashMap<>();
    private final Set<String> ownSections = ConcurrentHashMap.newKeySet();
    private volatile boolean mounted;

    private final Site site;
    private final dev.morello.internal.Logs logs;

    Application(Object root, String scriptName, Site site) {
        this.root = root;
        this.site = site;
        this.logs = new dev.morello.internal.Logs(site.logs());
        this.scriptName = scriptName;
        namespaces.put("log", logs::set);
        ConfigSections own = root == null ? null : root.getClass().getAnnotation(ConfigSections.class);
        if (own != null) {
            ownSections.addAll(List.of(own.value()));
        }
    }

    /**
     * Declares config sections the application reads itself ({@code [Databases]}), besides those
     * its root's class declares with {@link ConfigSections}: they are kept as they are, for
     * {@link #config()}. Any other section that is neither {@code global} nor a path is refused
     * when the engine starts. Declare them before the engine starts (on a running site, an
     * application is checked as it is mounted: use the annotation).
     */
    public Application configSections(String... names) {
        ownSections.addAll(List.of(names));
        return this;
    }

    /** The sections the application reads itself (see {@link #configSections(String...)}). */
    public Set<String> configSections() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(ownSections));
    }

    /** Marks the application as mounted: from then on, config merged into it on a running site is checked first. */
    void mounted(boolean mounted) {
        this.mounted = mounted;
    }

    /** Where this application's access and error lines go. */
    dev.morello.internal.Logs logs() {
        return logs;
    }

    /** The root of the object tree. */
    public Object root() {
        return root;
    }

    /** Where the application is mounted: {@code ""} for the site root, else {@code /name}. */
    public String scriptName() {
        return scriptName;
    }

    /** The application's config sections (read-only; change it with {@link #merge}). */
    public Map<String, Map<String, Object>> config() {
        return configView;
    }

    /** Reads a config file in CherryPy's format and merges its sections into the application's. */
    public Application merge(Path file) {
        return dev.morello.config.GlobalConfig.loading(file, () -> load(file));
    }

    private Application load(Path file) {
        try {
            Map<String, Map<String, Object>> sections = IniParser.parse(file, Names.DEFAULT);
            Map<String, Map<String, String>> lines = dev.morello.config.GlobalConfig.lines(file);
            lines.forEach((section, keys) -> keys.forEach((k, where) -> origins.put(section + "\u0000" + k, where)));
            return merge(sections);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file, e);
        }
    }

    /**
     * Where a key of a section was set ({@code app.conf:7}; a key inherited from {@code [DEFAULT]}
     * where it is written there; the key {@code ""} for the section's header), or null for
     * config from a Java map.
     */
    public String origin(String section, String key) {
        String o = origins.get(section + "\u0000" + key);
        return o != null || key.isEmpty() ? o : origins.get("DEFAULT\u0000" + key);
    }

    /**
     * Registers a config namespace for this application: its handler is called with the key's
     * remainder and the value for each key of the namespace in the {@code "/"} section, now and
     * on each later merge (CherryPy's {@code app.namespaces}).
     */
    public void namespace(String name, java.util.function.BiConsumer<String, Object> handler) {
        namespaces.put(name, handler);
        dev.morello.config.Keys.applicationNamespace(name);
        Map<String, Object> root = configView.get("/");
        if (root != null) {
            applyNamespace(name, handler, root);
        }
    }

    private static void applyNamespace(String name, java.util.function.BiConsumer<String, Object> handler, Map<String, Object> section) {
        String prefix = name + ".";
        section.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                handler.accept(k.substring(prefix.length()), v);
            }
        });
    }

    /**
     * Merges config sections into the application's. Every value must be a section (a map);
     * a flat map is refused, as CherryPy refuses it. On a running site, a merge into a mounted
     * application is checked as a start is: config it does not understand is refused
     * ({@link dev.morello.config.ConfigRefused}) and the application keeps its config.
     */
    @SuppressWarnings("unchecked")
    public synchronized Application merge(Map<String, ?> sections) {
        for (Map.Entry<String, ?> e : sections.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("Application config must include section headers, but the"
                        + " config you tried to merge doesn't have any sections. Wrap your config in another"
                        + " map with paths as section names (for example {\"/\": config}).");
            }
        }
        Map<String, Map<String, Object>> before = null;
        boolean check = mounted && site.checks().running();
        if (check) {
            before = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> e : config.entrySet()) {
                before.put(e.getKey(), new LinkedHashMap<>(e.getValue()));
            }
        }
        for (Map.Entry<String, ?> e : sections.entrySet()) {
            config.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                    .putAll((Map<String, Object>) e.getValue());
        }
        publish();
        if (check) {
            try {
                site.checks().merged(this);
            } catch (RuntimeException refused) {
                // the application goes on with the config it had; requests that saw the merged
                // one meanwhile were refused by their plan, never served around it
                config.clear();
                config.putAll(before);
                publish();
                throw refused;
            }
        }
        return this;
    }

    /** Makes the read-only view of the config, and drops the merged configs made from the old one. */
    private void publish() {
        Map<String, Map<String, Object>> view = new LinkedHashMap<>();
        boolean dispatch = false;
        boolean paths = false;
        for (Map.Entry<String, Map<String, Object>> e : config.entrySet()) {
            view.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
            dispatch |= e.getValue().containsKey("request.dispatch");
            paths |= e.getKey().startsWith("/") && !e.getKey().equals("/");
        }
        configView = Collections.unmodifiableMap(view);
        hasDispatchKey = dispatch;
        hasPathSections = paths;
        configVersion++;
        merged.clear();
        Map<String, Object> root = configView.get("/");
        if (root != null) {
            namespaces.forEach((name, handler) -> applyNamespace(name, handler, root));
        }
    }

    /**
     * The config for a path below the mount point, merged as CherryPy merges it: the global
     * config, then the {@code "/"} section, then each section along the path, deeper winning.
     * Computed once per distinct set of sections, not per request.
     */
    public Map<String, Object> configForPath(String path) {
        long version = site.config().version();
        String deepest = "/";
        if (hasPathSections) {
            Map<String, Map<String, Object>> sections = configView;
            StringBuilder cur = new StringBuilder(path.length());
            int i = 0;
            int n = path.length();
            while (i < n) {
                while (i < n && path.charAt(i) == '/') {
                    i++;
                }
                int start = i;
                while (i < n && path.charAt(i) != '/') {
                    i++;
                }
                if (i > start) {
                    cur.append('/').append(path, start, i);
                    if (sections.containsKey(cur.toString())) {
                        deepest = cur.toString();
                    }
                }
            }
        }
        long appVersion = configVersion;
        MergedConfig m = merged.get(deepest);
        if (m == null || !m.current(version, appVersion)) {
            m = new MergedConfig(build(deepest), version, appVersion);
            if (merged.size() < 10_000) {
                merged.put(deepest, m);
            }
        }
        return m;
    }

    /**
     * The config merged from layers, as the object dispatcher finds them along a path: section
     * names (paths of this application's config) and {@link NodeConfig}s from {@code @Config},
     * applied in order over the global config. Cached by the sequence of layers.
     */
    public Map<String, Object> configFor(List<Object> layers) {
        // each merged config carries the site version it came from: a stale one is rebuilt
        long version = site.config().version();
        String k;
        if (layers.size() == 1 && "/".equals(layers.get(0))) {
            k = ROOT_ONLY; // the usual case: no sections below "/", no annotations
        } else {
            StringBuilder key = new StringBuilder(32).append('\u0001');
            for (Object layer : layers) {
                key.append(layer instanceof NodeConfig nc ? nc.id() : layer.toString()).append('\n');
            }
            k = key.toString();
        }
        long appVersion = configVersion;
        MergedConfig m = merged.get(k);
        if (m == null || !m.current(version, appVersion)) {
            m = new MergedConfig(mergeLayers(layers), version, appVersion);
            if (merged.size() < 10_000) {
                merged.put(k, m);
            }
        }
        return m;
    }

    /** The config merged from layers (see {@link #configFor}), made afresh rather than cached. */
    public Map<String, Object> mergeLayers(List<Object> layers) {
        Map<String, Object> out = new LinkedHashMap<>(site.config().asMap());
        Map<String, Map<String, Object>> sections = configView;
        for (Object layer : layers) {
            if (layer instanceof NodeConfig nc) {
                out.putAll(nc.entries());
            } else {
                Map<String, Object> s = sections.get(layer.toString());
                if (s != null) {
                    putSection(out, s, layer.toString());
                }
            }
        }
        return out;
    }

    private static final String ROOT_ONLY = "\u0001/\n";

    /** Whether the application's config has sections below {@code "/"}. */
    public boolean hasPathSections() {
        return hasPathSections;
    }

    private Map<String, Object> build(String deepest) {
        Map<String, Object> out = new LinkedHashMap<>(site.config().asMap());
        Map<String, Map<String, Object>> sections = configView;
        Map<String, Object> rootSection = sections.get("/");
        if (rootSection != null) {
            putSection(out, rootSection, "/");
        }
        if (!deepest.equals("/")) {
            int i = 0;
            while (true) {
                int next = deepest.indexOf('/', i + 1);
                String prefix = next < 0 ? deepest : deepest.substring(0, next);
                Map<String, Object> s = sections.get(prefix);
                if (s != null) {
                    putSection(out, s, prefix);
                }
                if (next < 0) {
                    break;
                }
                i = next;
            }
        }
        return out;
    }

    private static void putSection(Map<String, Object> out, Map<String, Object> section, String path) {
        out.putAll(section);
        if (section.containsKey("tools.staticdir.dir")) {
            out.put("tools.staticdir.section", path);
        }
    }

    /**
     * The value of a key from the most specific section along the path that has it (CherryPy's
     * {@code find_config}); {@code request.dispatch} is read this way, from the application's
     * config only.
     */
    public Object findConfig(String path, String key, Object fallback) {
        Map<String, Map<String, Object>> sections = configView;
        String p = path.isEmpty() ? "/" : path;
        while (true) {
            Map<String, Object> s = sections.get(p);
            if (s != null && s.containsKey(key)) {
                return s.get(key);
            }
            if (p.equals("/")) {
                return fallback;
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "/" : p.substring(0, slash);
        }
    }

    /**
     * What {@code request.dispatch} is for a path in the application's config, or null when no
     * section sets it (then the object dispatcher serves): looked up only when one does.
     */
    public Object dispatcherSetting(String pathInfo) {
        return hasDispatchKey ? findConfig(pathInfo, "request.dispatch", null) : null;
    }

    @Override
    public String toString() {
        return "Application[" + (scriptName.isEmpty() ? "/" : scriptName) + ", " + root.getClass().getName() + "]";
    }
}
