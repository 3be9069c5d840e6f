package dev.morello;

import dev.morello.dispatch.Dispatcher;
import dev.morello.dispatch.ObjectDispatcher;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An object tree mounted at a path, with its own config, as CherryPy's {@code Application}.
 * Made by {@link Tree#mount}.
 *
 * <p>Its config is a map of sections: {@code "/"} and deeper paths (relative to the mount point)
 * hold request settings for that part of the tree; other section names are kept for the
 * application's own use.
 *
 * <pre>{@code
 * Application blog = Morello.tree().mount(new Blog(), "/blog", Map.of(
 *         "/", Map.of("request.show_tracebacks", false),
 *         "/admin", Map.of("tools.trailing_slash.extra", true)));
 * }</pre>
 */
public final class Application {
    private static final Dispatcher DEFAULT_DISPATCHER = new ObjectDispatcher();

    private final Object root;
    private final String scriptName;
    private final Map<String, Map<String, Object>> config = new LinkedHashMap<>();
    private volatile Map<String, Map<String, Object>> configView = Map.of();
    private final Map<String, MergedConfig> merged = new ConcurrentHashMap<>();
    private volatile long mergedAt = -1;
    private volatile boolean hasDispatchKey;
    private volatile boolean hasPathSections;

    Application(Object root, String scriptName) {
        this.root = root;
        this.scriptName = scriptName;
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

    /**
     * Merges config sections into the application's. Every value must be a section (a map);
     * a flat map is refused, as CherryPy refuses it.
     */
    @SuppressWarnings("unchecked")
    public synchronized Application merge(Map<String, ?> sections) {
        for (Map.Entry<String, ?> e : sections.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> section)) {
                throw new IllegalArgumentException("Application config must include section headers, but the"
                        + " config you tried to merge doesn't have any sections. Wrap your config in another"
                        + " map with paths as section names (for example {\"/\": config}).");
            }
            config.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                    .putAll((Map<String, Object>) section);
        }
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
        merged.clear();
        return this;
    }

    /**
     * The config for a path below the mount point, merged as CherryPy merges it: the global
     * config, then the {@code "/"} section, then each section along the path, deeper winning.
     * Computed once per distinct set of sections, not per request.
     */
    public Map<String, Object> configForPath(String path) {
        long version = Morello.config().version();
        if (version != mergedAt) {
            merged.clear();
            mergedAt = version;
        }
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
        MergedConfig m = merged.get(deepest);
        if (m == null) {
            m = new MergedConfig(build(deepest));
            if (merged.size() < 10_000) {
                merged.put(deepest, m);
            }
        }
        return m;
    }

    private Map<String, Object> build(String deepest) {
        Map<String, Object> out = new LinkedHashMap<>(Morello.config().asMap());
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

    /** The dispatcher for a path: {@code request.dispatch} from the app config, else the object dispatcher. */
    Dispatcher dispatcherFor(String pathInfo) {
        if (!hasDispatchKey) {
            return DEFAULT_DISPATCHER;
        }
        Object d = findConfig(pathInfo, "request.dispatch", DEFAULT_DISPATCHER);
        if (d instanceof Dispatcher dispatcher) {
            return dispatcher;
        }
        throw new IllegalStateException("request.dispatch must be a Dispatcher, not " + d);
    }

    @Override
    public String toString() {
        return "Application[" + (scriptName.isEmpty() ? "/" : scriptName) + ", " + root.getClass().getName() + "]";
    }
}
