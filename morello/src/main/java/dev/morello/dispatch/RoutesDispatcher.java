package dev.morello.dispatch;

import dev.morello.Application;
import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.NotFound;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.config.NodeConfig;
import dev.morello.internal.Urls;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * CherryPy's {@code RoutesDispatcher}, without Python Routes: requests are matched against
 * patterns connected by name, and answered by a method of the route's controller.
 *
 * <pre>{@code
 * RoutesDispatcher d = new RoutesDispatcher()
 *     .connect("home", "/", new Pages())                           // Pages.index()
 *     .connect("post", "/blog/{id:\\d+}", Blog.class, "show")       // a new Blog per request; show(int id)
 *     .connect("archive", "/archive/{year}/{month}", Blog.class, "archive", Map.of("month", "1"))
 *     .connect("save", "/blog/{id}", Blog.class, "save",
 *              Map.of("conditions", Map.of("method", List.of("POST"))));
 * Morello.tree().mount(root, "", Map.of("/", Map.of("request.dispatch", d)));
 * d.url("post", Map.of("id", 7));                                  // "/blog/7"
 * }</pre>
 *
 * <h2>Patterns</h2>
 * Literal segments, variables ({@code {id}} or Routes' {@code :id}, one non-empty segment each),
 * inline requirements ({@code {id:\d+}}, matched in full), segments mixing text and variables
 * ({@code {name}.{ext}}), and a final rest variable ({@code {*path}} or {@code *path}, the rest
 * of the path, possibly empty). Trailing variables with defaults may be left off the path
 * ({@code /archive/2026} above). A trailing slash in the request is ignored unless the pattern
 * ends with one. Captured values have {@code %2F} decoded to {@code /}.
 *
 * <h2>Options</h2>
 * {@code "conditions"}: {@code Map.of("method", List.of("GET", "HEAD"))} limits the route to those
 * methods (HEAD is not implied by GET: as in Routes, list it). {@code "requirements"}: a map of
 * variable name to regex. Any other key is a default value for a variable; {@code "action"}
 * overrides the action given, and a key that no pattern variable names still reaches the handler
 * as a parameter.
 *
 * <h2>Answering</h2>
 * The route first connected among those that match answers. Its controller is the object given,
 * or a new instance (public no-arg constructor) per request when a {@code Class} was given, or,
 * when the pattern has a {@code {controller}} variable, the controller of the route of that name.
 * The handler is the controller's public method named by the action ({@code {action}} in the
 * pattern, else the action given, else {@code index}); as in CherryPy it need not be
 * {@link Expose}d, so with {@code {action}} in a pattern every public method is
 * reachable: give the variable a requirement to narrow it. Route variables (not
 * {@code controller} or {@code action}) go into {@link Request#params()} and bind to the
 * handler's parameters by name with the query and body parameters, as for the
 * {@link ObjectDispatcher}.
 *
 * <p>No route matches, or the action names no method: 404. Routes also answers 404 when a route's
 * path matches but its method condition does not; this dispatcher answers 405 then, with
 * {@code Allow} listing the methods of the routes whose path matched.
 *
 * <p>The request's config is CherryPy's for this dispatcher: the root's {@code @Config}, the
 * {@code "/"} section, the sections along the path but its last segment, the controller class's
 * {@code @Config}, the handler method's, then the section for the full path.
 *
 * <p>Matching walks a tree of segments, so its cost follows the path's depth, not the number of
 * routes. Routes may be connected at any time; the tree is rebuilt on the next request.
 */
public final class RoutesDispatcher implements Dispatcher {
    /**
     * A route matched to a request.
     *
     * @param name       the route's name (may be null)
     * @param controller the controller as connected (an instance or a {@code Class}), or null when
     *                   a {@code {controller}} variable named no route
     * @param action     the handler method's name
     * @param variables  the values for the handler: route variables and extra defaults, without
     *                   {@code controller} and {@code action}
     */
    public record Match(String name, Object controller, String action, Map<String, String> variables) {
    }

    private static final String CONTROLLER = "controller";
    private static final String ACTION = "action";
    private static final String DEFAULT_ACTION = "index";

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Route> routes = new ArrayList<>();
    private volatile Table table;

    /** What requests read: rebuilt from {@link #routes} after a connect. */
    private record Table(RouteTree tree, Map<String, Route> named) {
    }

    public RoutesDispatcher() {
    }

    /** Connects a route whose handler is the controller's {@code index} (or the pattern's {@code {action}}). */
    public RoutesDispatcher connect(String name, String pattern, Object controller) {
        return connect(name, pattern, controller, null, Map.of());
    }

    /** Connects a route whose handler is the controller's method named {@code action}. */
    public RoutesDispatcher connect(String name, String pattern, Object controller, String action) {
        return connect(name, pattern, controller, action, Map.of());
    }

    /**
     * Connects a route.
     *
     * @param name       the name for {@link #url}, or null
     * @param controller an instance, or a {@code Class} to instantiate per request
     * @param action     the handler method's name, or null
     * @param options    {@code conditions}, {@code requirements}, and default values
     * @throws IllegalArgumentException for a malformed pattern or option
     */
    public RoutesDispatcher connect(String name, String pattern, Object controller, String action,
                                    Map<String, ?> options) {
        Map<String, String> requirements = Map.of();
        Set<String> methods = null;
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            switch (key) {
                case "conditions" -> methods = methods(pattern, value);
                case "requirements" -> requirements = requirements(pattern, value);
                default -> defaults.put(key, value == null ? null : value.toString());
            }
        }
        if (action != null) {
            defaults.putIfAbsent(ACTION, action);
        }
        RoutePattern parsed = RoutePattern.parse(pattern, requirements, defaults.keySet());
        if (!parsed.variables().contains(ACTION)) {
            defaults.putIfAbsent(ACTION, DEFAULT_ACTION);
        }
        if (controller == null && !parsed.variables().contains(CONTROLLER) && !defaults.containsKey(CONTROLLER)) {
            throw new IllegalArgumentException("route " + pattern + " needs a controller");
        }
        if (controller instanceof Class<?> type) {
            Instantiator.of(type);
        }
        lock.lock();
        try {
            routes.add(new Route(name, parsed, controller, methods, Collections.unmodifiableMap(defaults), routes.size()));
            table = null;
        } finally {
            lock.unlock();
        }
        return this;
    }

    private static Set<String> methods(String pattern, Object conditions) {
        if (!(conditions instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("route " + pattern + ": conditions must be a map, like"
                    + " Map.of(\"method\", List.of(\"GET\"))");
        }
        Set<String> out = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!"method".equals(e.getKey())) {
                throw new IllegalArgumentException("route " + pattern + ": unsupported condition " + e.getKey());
            }
            Collection<?> list = e.getValue() instanceof Collection<?> c ? c : List.of(String.valueOf(e.getValue()));
            out = new LinkedHashSet<>();
            for (Object v : list) {
                out.add(v.toString().toUpperCase(Locale.ROOT));
            }
        }
        return out == null ? null : Set.copyOf(out);
    }

    private static Map<String, String> requirements(String pattern, Object requirements) {
        if (!(requirements instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("route " + pattern + ": requirements must be a map of variable to regex");
        }
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    private Table table() {
        Table t = table;
        if (t != null) {
            return t;
        }
        lock.lock();
        try {
            if (table == null) {
                Map<String, Route> named = new HashMap<>();
                for (Route r : routes) {
                    if (r.name() != null) {
                        // as in Routes, a later route of the same name takes the name over
                        named.put(r.name(), r);
                    }
                }
                table = new Table(new RouteTree(routes), named);
            }
            return table;
        } finally {
            lock.unlock();
        }
    }

    // ---- matching --------------------------------------------------------------------------

    /**
     * The route that would answer a request, or null when none matches the path with this method.
     *
     * @param path the path below the mount point, decoded but for {@code %2F}
     */
    public Match match(String method, String path) {
        Table t = table();
        RouteTree.Hit hit = t.tree().find(RouteTree.Path.of(path), method);
        return hit == null ? null : resolve(t, hit);
    }

    private static Match resolve(Table t, RouteTree.Hit hit) {
        Route r = hit.route();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> d : r.defaults().entrySet()) {
            if (d.getValue() != null) {
                values.put(d.getKey(), d.getValue());
            }
        }
        values.putAll(hit.captured());
        String action = values.remove(ACTION);
        String controllerName = values.remove(CONTROLLER);
        Object controller = r.controller();
        if (controllerName != null) {
            Route named = t.named().get(controllerName);
            controller = named == null ? null : named.controller();
        }
        return new Match(r.name(), controller, action, Collections.unmodifiableMap(values));
    }

    @Override
    public void dispatch(Request request, String pathInfo) throws Exception {
        Table t = table();
        RouteTree.Path path = RouteTree.Path.of(pathInfo);
        RouteTree.Hit hit = t.tree().find(path, request.method());
        Application app = request.app();

        List<Object> layers = new ArrayList<>(6);
        NodeConfig rootConfig = app.root() == null ? null : NodeConfig.of(app.root().getClass());
        if (rootConfig != null) {
            layers.add(rootConfig);
        }
        layers.add("/");
        String last = null;
        if (app.hasPathSections()) {
            StringBuilder cur = new StringBuilder();
            String lastAtom = null;
            for (String atom : pathInfo.split("/")) {
                if (atom.isEmpty()) {
                    continue;
                }
                if (lastAtom != null) {
                    cur.append('/').append(lastAtom);
                    if (app.config().containsKey(cur.toString())) {
                        layers.add(cur.toString());
                    }
                }
                lastAtom = atom;
            }
            if (lastAtom != null) {
                last = cur.append('/').append(lastAtom).toString();
            }
        }

        if (hit == null) {
            if (last != null) {
                layers.add(last);
            }
            request.config(app.configFor(layers));
            Set<String> methods = new TreeSet<>();
            t.tree().methodsFor(path, methods);
            request.handler(methods.isEmpty() ? NOT_FOUND : new MethodNotAllowed(String.join(", ", methods)));
            return;
        }

        Match m = resolve(t, hit);
        request.params().putAll(m.variables());
        Object controller = m.controller();
        Class<?> type = controller instanceof Class<?> c ? c : controller == null ? null : controller.getClass();
        HandlerMethod handler = type == null || m.action() == null ? null
                : Actions.of(type).find(m.action(), hit.captured().containsKey(ACTION));
        if (type != null) {
            NodeConfig c = NodeConfig.of(type);
            if (c != null) {
                layers.add(c);
            }
        }
        if (handler != null && handler.config() != null) {
            layers.add(handler.config());
        }
        // CherryPy merges the full path's section last, so it overrides the controller's config
        if (last != null) {
            layers.add(last);
        }
        request.config(app.configFor(layers));
        if (handler == null) {
            request.handler(NOT_FOUND);
            return;
        }
        Object target = controller instanceof Class<?> c ? Instantiator.of(c).create() : controller;
        request.handler(new ObjectDispatcher.MethodHandler(target, handler, List.of()));
        request.pathTemplate(hit.route().pattern().source());
    }

    private static final PageHandler NOT_FOUND = r -> {
        throw new NotFound();
    };

    /** Some route's path matched but none allows the method. */
    private record MethodNotAllowed(String allow) implements PageHandler {
        @Override
        public Object handle(Request request) {
            request.response().headers().set("Allow", allow);
            throw new HttpError(405);
        }
    }

    // ---- reverse routing -------------------------------------------------------------------

    /**
     * The path (relative to the application's mount point) that the named route matches with
     * these values: each variable filled from {@code params}, else its default, and
     * percent-encoded as a path segment; the other params become the query string
     * ({@code ?a=1&b=x+y}; a {@code Collection} value repeats its name), but for those equal to
     * the route's own defaults. The result is encoded: use it as a link, or give its path to
     * {@code Morello.url(path, query)} for an absolute URL (escapes pass through unchanged).
     *
     * @throws IllegalArgumentException for an unknown route name, a variable with neither value
     *                                  nor default, or a value its requirement rejects
     */
    public String url(String name, Map<String, ?> params) {
        Route r = table().named().get(name);
        if (r == null) {
            throw new IllegalArgumentException("no route named " + name);
        }
        RoutePattern p = r.pattern();
        Map<String, String> values = new HashMap<>();
        Map<String, Object> query = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            if (p.variables().contains(key)) {
                values.put(key, v.toString());
            } else if (!(r.defaults().containsKey(key) && v.toString().equals(r.defaults().get(key)))) {
                query.put(key, v instanceof Collection<?> c ? List.copyOf(c) : v.toString());
            }
        }
        for (String var : p.variables()) {
            if (!values.containsKey(var) && r.defaults().get(var) != null) {
                values.put(var, r.defaults().get(var));
            }
        }
        String path = p.build(values);
        return query.isEmpty() ? path : path + "?" + Urls.query(query);
    }

    // ---- controllers and actions -----------------------------------------------------------

    /**
     * The handlers the routes reach, for the check before serving ({@link HandlerCheck}): each
     * route's action on its controller, or every public method of it when the pattern names the
     * action; a route whose controller comes from a {@code {controller}} variable, on each named
     * route's controller. Actions that resolve to no handler are left to the request (a 404).
     */
    List<HandlerMethod> actions() {
        List<Route> all;
        lock.lock();
        try {
            all = List.copyOf(routes);
        } finally {
            lock.unlock();
        }
        List<Object> namedControllers = new ArrayList<>();
        for (Route r : all) {
            if (r.name() != null && r.controller() != null) {
                namedControllers.add(r.controller());
            }
        }
        List<HandlerMethod> out = new ArrayList<>();
        for (Route r : all) {
            List<Object> controllers = r.controller() != null ? List.of(r.controller()) : namedControllers;
            for (Object c : controllers) {
                Actions actions = Actions.of(c instanceof Class<?> type ? type : c.getClass());
                if (r.pattern().variables().contains(ACTION)) {
                    out.addAll(actions.all());
                } else {
                    String action = r.defaults().get(ACTION);
                    HandlerMethod h = action == null ? null : actions.find(action, true);
                    if (h != null) {
                        out.add(h);
                    }
                }
            }
        }
        return out;
    }

    /** A controller class's public no-arg constructor, as a method handle. */
    private record Instantiator(MethodHandle constructor) {
        private static final ClassValue<Instantiator> BY_TYPE = new ClassValue<>() {
            @Override
            protected Instantiator computeValue(Class<?> type) {
                try {
                    MethodHandle mh = MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class));
                    return new Instantiator(mh.asType(MethodType.methodType(Object.class)));
                } catch (NoSuchMethodException | IllegalAccessException e) {
                    throw new IllegalArgumentException("controller class " + type.getName()
                            + " needs a public constructor taking no arguments (and to be public itself)", e);
                }
            }
        };

        static Instantiator of(Class<?> type) {
            return BY_TYPE.get(type);
        }

        Object create() throws Exception {
            try {
                return (Object) constructor.invokeExact();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** A controller class's public methods by name, each resolved to a handler on first use. */
    private static final class Actions {
        private static final ClassValue<Actions> BY_TYPE = new ClassValue<>() {
            @Override
            protected Actions computeValue(Class<?> type) {
                return new Actions(type);
            }
        };

        private final Class<?> type;
        private final Map<String, List<Method>> methods = new HashMap<>();
        private final Map<String, HandlerMethod> handlers = new ConcurrentHashMap<>();

        private Actions(Class<?> type) {
            this.type = type;
            for (Method m : type.getMethods()) {
                if (m.isSynthetic() || m.isBridge() || isObjectMethod(m)) {
                    continue;
                }
                methods.computeIfAbsent(m.getName(), k -> new ArrayList<>(1)).add(m);
            }
        }

        static Actions of(Class<?> type) {
            return BY_TYPE.get(type);
        }

        /**
         * The handler for an action, or null when the class has no public method of that name.
         * An action named by the URL is also null when its method cannot be a handler (overloaded,
         * or with parameters no request can fill): the client asked for something absent, a 404.
         */
        HandlerMethod find(String action, boolean fromUrl) {
            HandlerMethod h = handlers.get(action);
            if (h != null) {
                return h;
            }
            List<Method> candidates = methods.get(action);
            if (candidates == null) {
                // not cached: the action may come from the URL, so misses must not fill the map
                return null;
            }
            try {
                Method m = choose(action, candidates);
                return handlers.computeIfAbsent(action, k -> HandlerMethod.of(m));
            } catch (IllegalStateException | IllegalArgumentException e) {
                if (fromUrl) {
                    return null;
                }
                throw e;
            }
        }

        /** Every public method that can answer as an action named by the URL. */
        List<HandlerMethod> all() {
            List<HandlerMethod> out = new ArrayList<>();
            for (String action : methods.keySet()) {
                HandlerMethod h = find(action, true);
                if (h != null) {
                    out.add(h);
                }
            }
            return out;
        }

        private Method choose(String action, List<Method> candidates) {
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            List<Method> exposed = candidates.stream().filter(m -> m.isAnnotationPresent(Expose.class)).toList();
            if (exposed.size() != 1) {
                throw new IllegalStateException(type.getName() + " has " + candidates.size() + " public methods named "
                        + action + "; a route's action must name one of them, or one must be @Expose'd");
            }
            return exposed.get(0);
        }

        /** Object's methods (getClass, wait, toString ...) are never actions, even overridden. */
        private static boolean isObjectMethod(Method m) {
            if (m.getDeclaringClass() == Object.class) {
                return true;
            }
            try {
                Object.class.getMethod(m.getName(), m.getParameterTypes());
                return true;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    }
}
