package dev.morello.dispatch;

import dev.morello.Application;
import dev.morello.PageHandler;
import dev.morello.config.NodeConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the dispatchers can reach of an application's tree without a request, for the config
 * check made before the site serves:
 * <ul>
 * <li>every {@code @Config} on the classes and handler methods reachable from the root through
 *     public fields (the object tree the object and method dispatchers walk), so that its entries
 *     are checked like a config file's;
 * <li>for each path the tree and the application's config sections name, the config layers the
 *     request's config will be merged from (as {@link ObjectDispatcher} and
 *     {@link MethodDispatcher} merge them), so that what a path asks of each request is known to
 *     work before the first request asks.
 * </ul>
 * A part of the tree that only a request can reach is left to the request, whose config fails
 * closed: what a {@link Dispatchable} or {@link PopArgs} node returns (its code may need the
 * request, and may return other nodes each time), the controllers of a {@link RoutesDispatcher},
 * and paths under any other dispatcher. The walk takes each object once per path (a tree that
 * refers back to itself ends there) and at most {@value #MAX_NODES} nodes in all.
 *
 * <pre>{@code
 * ConfigWalk walk = ConfigWalk.of(app);
 * walk.annotations();   // every reachable @Config, each with its source
 * walk.paths();         // path → layers, to merge and plan
 * walk.failures();      // classes that cannot be served (two @Default methods ...) and @Config that does not parse
 * }</pre>
 */
public final class ConfigWalk {
    /** Enough for any hand-written tree; a larger (generated) one is left to its requests past this. */
    static final int MAX_NODES = 10_000;

    /** The config layers of one path: section names and {@link NodeConfig}s, merged in order over the site config. */
    public record Layers(String path, List<Object> layers) {
        public Layers {
            layers = List.copyOf(layers);
        }
    }

    /** A part of the tree that cannot be served as it is written, and where. */
    public record Failure(String where, String message) {
    }

    private final Application app;
    private final Set<NodeConfig> annotations = new LinkedHashSet<>();
    private final Set<String> paths = new LinkedHashSet<>();
    private final List<Failure> failures = new ArrayList<>();
    private final Set<Class<?>> inspected = new LinkedHashSet<>();
    private final Map<Object, Boolean> onPath = new IdentityHashMap<>();
    private int nodes;
    private boolean truncated;

    private ConfigWalk(Application app) {
        this.app = app;
    }

    /** Walks an application's tree. */
    public static ConfigWalk of(Application app) {
        ConfigWalk w = new ConfigWalk(app);
        if (app.root() != null) {
            w.visit(app.root(), ""); // a routes-only application has no tree
        }
        return w;
    }

    /** Every {@code @Config} reachable without a request, in the order found. */
    public List<NodeConfig> annotations() {
        return List.copyOf(annotations);
    }

    /** Classes and annotations that cannot be served as written. */
    public List<Failure> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** Whether the tree was larger than the walk goes ({@value #MAX_NODES} nodes). */
    public boolean truncated() {
        return truncated;
    }

    /**
     * The config layers of every path the tree and the application's config sections name, one
     * entry per distinct merge (a path the method dispatcher serves gives one per verb with a
     * {@code @Config}); paths only a request can resolve are left out.
     */
    public List<Layers> layers() {
        Set<String> all = new LinkedHashSet<>(paths);
        for (String section : app.config().keySet()) {
            if (section.startsWith("/")) {
                all.add(section.equals("/") ? "" : section);
            }
        }
        Map<String, Layers> distinct = new LinkedHashMap<>();
        if (app.root() == null) {
            return List.of(); // its dispatcher finds every handler per request
        }
        for (String path : all) {
            Object dispatcher = app.findConfig(path, "request.dispatch", null);
            ObjectDispatcher.Walk walk;
            try {
                walk = ObjectDispatcher.walk(app, path.isEmpty() ? "/" : path, null);
            } catch (Exception | LinkageError e) {
                failures.add(new Failure("the path " + (path.isEmpty() ? "/" : path), "the tree cannot be walked: " + e));
                continue;
            }
            if (walk.dynamic()) {
                continue;
            }
            List<List<Object>> variants;
            if (dispatcher == null || dispatcher.getClass() == ObjectDispatcher.class) {
                variants = List.of(ObjectDispatcher.handlerLayers(walk));
            } else if (dispatcher.getClass() == MethodDispatcher.class) {
                variants = MethodDispatcher.handlerLayers(walk);
            } else {
                continue; // routes, virtual hosts, a dispatcher of the application's own: per request
            }
            for (List<Object> layers : variants) {
                distinct.putIfAbsent(key(layers), new Layers(path.isEmpty() ? "/" : path, layers));
            }
        }
        return List.copyOf(distinct.values());
    }

    private static String key(List<Object> layers) {
        StringBuilder b = new StringBuilder();
        for (Object layer : layers) {
            b.append(layer instanceof NodeConfig nc ? nc.id() : layer.toString()).append('\n');
        }
        return b.toString();
    }

    private void visit(Object node, String path) {
        if (nodes++ >= MAX_NODES) {
            truncated = true;
            return;
        }
        paths.add(path);
        if (node instanceof PageHandler || !walkable(node.getClass())) {
            return; // a page handler answers itself; a JDK value is no part of the tree
        }
        NodeType type = inspect(node.getClass());
        if (type == null) {
            return;
        }
        onPath.put(node, Boolean.TRUE);
        try {
            // sorted, so that messages come in the same order on every run
            for (Map.Entry<String, NodeType.Member> e : new TreeMap<>(type.membersByName()).entrySet()) {
                String child = path + "/" + e.getKey();
                if (e.getValue() instanceof NodeType.MethodMember m) {
                    if (m.exposed()) {
                        paths.add(child);
                    }
                } else if (e.getValue() instanceof NodeType.FieldMember f) {
                    Object value;
                    try {
                        value = (Object) f.getter().invokeExact(node);
                    } catch (Throwable t) {
                        continue; // the request would fail there too; nothing to check below
                    }
                    if (value != null && !onPath.containsKey(value)) {
                        visit(value, child);
                    }
                }
            }
        } finally {
            onPath.remove(node);
        }
    }

    /** The class's dispatch facts, with its @Config and its handlers' collected; null when it cannot be served. */
    private NodeType inspect(Class<?> type) {
        NodeType t;
        try {
            t = NodeType.of(type);
        } catch (RuntimeException | LinkageError e) {
            if (inspected.add(type)) {
                failures.add(new Failure(type.getName(), e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            return null;
        }
        if (inspected.add(type)) {
            add(t.config());
            if (t.defaultHandler() != null) {
                add(t.defaultHandler().config());
            }
            for (NodeType.Member m : t.membersByName().values()) {
                if (m instanceof NodeType.MethodMember mm && mm.method() != null) {
                    add(mm.method().config());
                }
            }
            if (t.exposedClass()) {
                try {
                    for (HandlerMethod verb : t.verbs().values()) {
                        add(verb.config());
                    }
                } catch (RuntimeException e) {
                    failures.add(new Failure(type.getName(), e.getMessage()));
                }
            }
        }
        return t;
    }

    private void add(NodeConfig config) {
        if (config != null) {
            annotations.add(config);
        }
    }

    /** Whether the walk looks inside objects of a class: not the JDK's own (strings, collections ...), arrays or enums. */
    private static boolean walkable(Class<?> type) {
        if (type.isArray() || type.isEnum() || type.isPrimitive()) {
            return false;
        }
        String name = type.getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun."));
    }
}
