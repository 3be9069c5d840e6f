package dev.morello.dispatch;

import dev.morello.Application;
import dev.morello.PageHandler;
import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks, before an application serves, at every handler its dispatchers can reach without a
 * request, so that what would fail on the first request fails now, with one message saying what
 * to change:
 *
 * <ul>
 * <li>a parameter that binds by name but has none (the class was compiled without
 *     {@code -parameters} and no {@code @Param("name")} names it): it would read as {@code arg0},
 *     and {@code ?length=4} would answer 404;
 * <li>a class whose module does not open its package to the framework: its handlers could not be
 *     called, nor its fields read.
 * </ul>
 *
 * <p>What is reachable: for the object dispatcher, the exposed and default methods of every node
 * found through public fields from the root (each object once, so cycles end); for the method
 * dispatcher, the verb methods of the {@code @Expose}d nodes; for the routes dispatcher, each
 * route's action on its controller (every public method when the pattern names the action);
 * a {@link VirtualHost} is looked through. What only a request can reach (a {@link Dispatchable}'s
 * answer, a field set later, a dispatcher of the user's own) is not seen here: such a handler
 * answers 500 with the same message when called, and never binds a request wrongly.
 *
 * <p>{@code Morello.tree()} runs it when the engine starts (for every application) and at mount
 * (closed packages at once; names too once the engine runs).
 */
public final class HandlerCheck {
    /** Objects walked per application at most: a huge graph hanging off the tree is left to requests. */
    private static final int MAX_NODES = 100_000;

    private final Set<HandlerMethod> handlers = new LinkedHashSet<>();
    /** The modules that make up the applications: the root's, and each with a reachable handler. */
    private final Set<Module> appModules = new LinkedHashSet<>();
    private final Set<Class<?>> withUnreadableFields = new LinkedHashSet<>();

    private HandlerCheck() {
    }

    /**
     * Checks the applications.
     *
     * @param names whether unnamed parameters count: at start, and at mount on a started engine
     *              (before that, config merged later may still change the dispatchers)
     * @throws IllegalStateException listing every problem found and how to fix it
     */
    public static void check(Collection<Application> apps, boolean names) {
        HandlerCheck scan = new HandlerCheck();
        for (Application app : apps) {
            scan.application(app);
        }
        String problems = scan.problems(names);
        if (problems != null) {
            throw new IllegalStateException(problems);
        }
    }

    private String problems(boolean names) {
        List<Class<?>> closed = new ArrayList<>();
        List<HandlerMethod> unnamed = new ArrayList<>();
        for (HandlerMethod h : handlers) {
            if (h.inaccessible()) {
                closed.add(h.method().getDeclaringClass());
            } else if (!h.unnamed().isEmpty()) {
                unnamed.add(h);
            }
        }
        for (Class<?> c : withUnreadableFields) {
            // a third-party object in a field may keep its own fields closed: only the
            // application's modules must let the walk through
            if (appModules.contains(c.getModule())) {
                closed.add(c);
            }
        }
        List<String> parts = new ArrayList<>(2);
        if (!closed.isEmpty()) {
            parts.add(HandlerProblems.closedPackages(closed));
        }
        if (names && !unnamed.isEmpty()) {
            parts.add(HandlerProblems.unnamedParameters(unnamed));
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    private void application(Application app) {
        Object root = app.root();
        if (root == null) {
            return;
        }
        appModules.add(root.getClass().getModule());
        for (Dispatcher d : dispatchers(app)) {
            dispatcher(d, root);
        }
        for (HandlerMethod h : handlers) {
            appModules.add(h.method().getDeclaringClass().getModule());
        }
    }

    /**
     * The dispatchers an application uses: the object dispatcher unless {@code "/"} names another,
     * and each {@code request.dispatch} of its path sections.
     */
    private static Collection<Dispatcher> dispatchers(Application app) {
        Set<Dispatcher> found = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Map<String, Object>> sections = app.config();
        Map<String, Object> root = sections.get("/");
        if (root == null || !root.containsKey("request.dispatch")) {
            found.add(DEFAULT);
        }
        sections.forEach((path, section) -> {
            if (path.startsWith("/") && section.get("request.dispatch") instanceof Dispatcher d) {
                found.add(d);
            }
        });
        return found;
    }

    private static final Dispatcher DEFAULT = new ObjectDispatcher();

    private void dispatcher(Dispatcher d, Object root) {
        switch (d) {
            case VirtualHost v -> dispatcher(v.next(), root);
            case MethodDispatcher m -> walk(root, false);
            case ObjectDispatcher o -> walk(root, true);
            case RoutesDispatcher r -> handlers.addAll(r.actions());
            default -> {
                // a dispatcher of the user's own: only its requests show what it reaches
            }
        }
    }

    /**
     * Walks the object tree from the root as the dispatchers do, through public fields; collects
     * the exposed and default handlers (object dispatcher) or the verbs of exposed classes (method
     * dispatcher).
     */
    private void walk(Object root, boolean objectDispatcher) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        seen.add(root);
        while (!todo.isEmpty() && seen.size() <= MAX_NODES) {
            Object node = todo.pop();
            Class<?> type = node.getClass();
            if (node instanceof PageHandler || isPlatform(type)) {
                // the dispatchers call a PageHandler as it is; the JDK's classes hold no handlers
                continue;
            }
            NodeType t;
            try {
                t = NodeType.of(type);
            } catch (RuntimeException e) {
                // a class the dispatcher cannot use (two @Default methods ...) fails on request, as it says
                continue;
            }
            if (!t.unreadableFields().isEmpty()) {
                withUnreadableFields.add(type);
            }
            if (objectDispatcher) {
                if (t.defaultHandler() != null) {
                    handlers.add(t.defaultHandler());
                }
            } else if (t.exposedClass()) {
                try {
                    handlers.addAll(t.verbs().values());
                } catch (RuntimeException e) {
                    // two methods for one verb: the request says so
                }
            }
            for (NodeType.Member m : t.members()) {
                if (m instanceof NodeType.MethodMember mm && objectDispatcher && mm.exposed()) {
                    handlers.add(mm.method());
                } else if (m instanceof NodeType.FieldMember f) {
                    Object child = read(f.getter(), node);
                    if (child != null && seen.add(child)) {
                        todo.push(child);
                    }
                }
            }
        }
    }

    private static Object read(MethodHandle getter, Object node) {
        try {
            return (Object) getter.invokeExact(node);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            // a field read throws nothing checked; were it to, the walk is wrong, not the tree
            throw new IllegalStateException(t);
        }
    }

    /** A class of the JDK itself (boot or platform loader). */
    private static boolean isPlatform(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader() || type.isArray();
    }
}
