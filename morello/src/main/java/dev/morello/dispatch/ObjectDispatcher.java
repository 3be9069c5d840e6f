package dev.morello.dispatch;

import dev.morello.Application;
import dev.morello.NotFound;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.config.NodeConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The default dispatcher, CherryPy's: the path walks the object tree from the application's root.
 *
 * <ul>
 * <li>Each segment names a public field or method of the current node; punctuation in a segment
 *     maps to {@code _}, so {@code /my-page} finds {@code my_page} and {@code /favicon.ico}
 *     finds {@code favicon_ico}. Empty segments are ignored; an {@code index} is looked for last.
 * <li>From the deepest node found up to the root, the first node with a {@link dev.morello.Default}
 *     method answers with it (the rest of the path as its arguments), else the first exposed
 *     method (or {@link PageHandler} field) answers, the unmatched segments as its positional
 *     arguments.
 * <li>A node that is {@link Dispatchable} (or carries {@link PopArgs}) consumes the segments no
 *     member matched.
 * <li>Nothing found: 404.
 * </ul>
 *
 * <p>Query and body parameters bind to the handler by name; see {@link HandlerMethod}.
 */
public class ObjectDispatcher implements Dispatcher {
    /** Python's {@code string.punctuation}: each becomes {@code _} in a member name. */
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /**
     * One node of the walk: the node found (or null), the segments left after it, the config
     * layers so far; {@code popped} when a {@link Dispatchable} node took its segments (values,
     * not member names).
     */
    record Step(Object node, int segleft, int layers, boolean popped) {
    }

    /**
     * The walk along a path: every node found, the path's segments (ending in "index"), the config
     * layers; {@code dynamic} when it stopped at a node that consumes segments itself, which only
     * a request may ask (see {@link #walk(Application, String, boolean)}).
     */
    record Walk(List<Step> trail, List<String> fullpath, List<Object> layers, boolean dynamic) {
        /** The unconsumed segments after a step, decoded, without the final "index". */
        List<String> vpath(Step step) {
            int fullLen = fullpath.size();
            int from = fullLen - step.segleft;
            return from >= fullLen - 1 ? List.of() : decoded(fullpath.subList(from, fullLen - 1));
        }
    }

    @Override
    public void dispatch(Request request, String pathInfo) throws Exception {
        Walk walk = walk(request, pathInfo);
        List<Step> trail = walk.trail();
        List<Object> layers = walk.layers();
        Application app = request.app();
        int candidates = trail.size() - 1;
        for (int i = candidates; i >= 0; i--) {
            Step step = trail.get(i);
            Object candidate = step.node;
            if (candidate == null) {
                continue;
            }
            List<String> vpath = walk.vpath(step);
            HandlerMethod def = candidate instanceof Bound ? null : NodeType.of(candidate.getClass()).defaultHandler();
            if (def != null) {
                NodeConfig dc = def.config();
                if (dc != null) {
                    // CherryPy puts the default handler's config right after its node's
                    layers.add(step.layers, dc);
                }
                request.config(app.configFor(layers));
                request.isIndex(pathInfo.endsWith("/"));
                request.args(vpath);
                request.handler(new MethodHandler(candidate, def, vpath));
                request.pathTemplate(template(walk, i, vpath, pathInfo));
                return;
            }
            PageHandler exposed = exposed(candidate, vpath);
            if (exposed != null) {
                request.config(app.configFor(layers));
                request.isIndex(i == candidates);
                request.args(vpath);
                request.handler(exposed);
                request.pathTemplate(template(walk, i, vpath, pathInfo));
                return;
            }
        }
        request.config(app.configFor(layers));
        request.handler(NOT_FOUND);
    }

    /**
     * The paths the handler at step {@code at} stands for ({@link Request#pathTemplate()}): the
     * segments walked to it, each a {@code *} where a {@link Dispatchable} node took it as a
     * value, and one {@code *} more when the rest of the path became its arguments. A path
     * walked member by member to its handler is its own template (no copy is made).
     */
    static String template(Walk walk, int at, List<String> vpath, String pathInfo) {
        List<Step> trail = walk.trail();
        boolean popped = false;
        for (int k = 1; k <= at; k++) {
            popped |= trail.get(k).popped();
        }
        if (!popped && vpath.isEmpty()) {
            return pathInfo;
        }
        List<String> fullpath = walk.fullpath();
        int fullLen = fullpath.size();
        StringBuilder b = new StringBuilder();
        for (int k = 1; k <= at; k++) {
            Step step = trail.get(k);
            for (int seg = fullLen - trail.get(k - 1).segleft(); seg < fullLen - step.segleft(); seg++) {
                if (seg == fullLen - 1) {
                    b.append('/'); // the "index" the walk added: the path ended with the node
                } else {
                    b.append('/').append(step.popped() ? "*" : fullpath.get(seg));
                }
            }
        }
        if (!vpath.isEmpty()) {
            b.append("/*");
        }
        return b.isEmpty() ? "/" : b.toString();
    }

    /** Walks the tree along the path, as CherryPy's {@code find_handler} does, recording every step. */
    static Walk walk(Request request, String pathInfo) throws Exception {
        return walk(request.app(), pathInfo, request);
    }

    /**
     * Walks the tree along the path. Without a request {@code asking} (the config check made before the
     * site serves, which has no request), a {@link Dispatchable} or {@link PopArgs} node is not
     * asked for the segments it would consume: its code may need a request, and what it returns
     * can differ per request. The walk then ends there, {@code dynamic}.
     */
    static Walk walk(Application app, String pathInfo, Request asking) throws Exception {
        Object root = app.root();
        List<String> fullpath = new ArrayList<>();
        for (String seg : pathInfo.split("/")) {
            if (!seg.isEmpty()) {
                fullpath.add(seg);
            }
        }
        fullpath.add("index");
        int fullLen = fullpath.size();

        boolean sections = app.hasPathSections();
        List<Object> layers = new ArrayList<>(4);
        addNodeConfig(layers, root);
        layers.add("/");
        List<Step> trail = new ArrayList<>(fullLen + 1);
        trail.add(new Step(root, fullLen, layers.size(), false));
        Object node = root;
        List<String> names = new ArrayList<>(fullpath);
        while (!names.isEmpty()) {
            String name = names.get(0);
            int preLen = names.size();
            Object sub = member(node, translate(name));
            boolean popped = false;
            if (sub == null) {
                Dispatchable d = dispatchable(node, asking);
                if (d != null && preLen > 1) {
                    if (asking == null) {
                        return new Walk(trail, fullpath, layers, true);
                    }
                    String indexName = names.remove(names.size() - 1);
                    sub = d.dispatch(names);
                    names.add(indexName);
                    popped = true;
                } else {
                    names.remove(0);
                }
            } else {
                names.remove(0);
            }
            int segleft = names.size();
            if (segleft > preLen) {
                throw new IllegalStateException("a vpath segment was added; a node may only remove segments");
            } else if (segleft == preLen) {
                // the node consumed nothing: move on by one segment
                names.remove(0);
                segleft--;
            }
            node = sub;
            if (node != null) {
                addNodeConfig(layers, node);
            }
            if (sections) {
                // the app's sections for the segments this step consumed, after the node's own config
                StringBuilder cur = new StringBuilder();
                for (int k = 0; k < fullLen - segleft; k++) {
                    cur.append('/').append(fullpath.get(k));
                    if (k >= fullLen - preLen && app.config().containsKey(cur.toString())) {
                        layers.add(cur.toString());
                    }
                }
            }
            trail.add(new Step(node, segleft, layers.size(), popped));
        }

        return new Walk(trail, fullpath, layers, false);
    }

    /**
     * The config layers {@link #dispatch} merges for the handler a walk ends at (the walk's
     * layers, with a {@code @Default} handler's own config after its node's), found the same way
     * but without a request.
     */
    static List<Object> handlerLayers(Walk walk) {
        List<Step> trail = walk.trail();
        List<Object> layers = new ArrayList<>(walk.layers());
        for (int i = trail.size() - 1; i >= 0; i--) {
            Step step = trail.get(i);
            Object candidate = step.node;
            if (candidate == null) {
                continue;
            }
            HandlerMethod def = candidate instanceof Bound ? null : NodeType.of(candidate.getClass()).defaultHandler();
            if (def != null) {
                if (def.config() != null) {
                    layers.add(step.layers, def.config());
                }
                return layers;
            }
            if (candidate instanceof Bound b ? b.member.exposed() : candidate instanceof PageHandler) {
                return layers;
            }
        }
        return layers;
    }

    static final PageHandler NOT_FOUND = r -> {
        throw new NotFound();
    };

    /** A method found on a node: callable if exposed, a dead end either way. */
    record Bound(Object target, NodeType.MethodMember member) {
    }

    private static Object member(Object node, String name) throws Exception {
        if (node == null || node instanceof Bound || node instanceof PageHandler) {
            return null;
        }
        NodeType.Member m = NodeType.of(node.getClass()).member(name);
        if (m == null) {
            return null;
        }
        if (m instanceof NodeType.FieldMember f) {
            try {
                return (Object) f.getter().invokeExact(node);
            } catch (Throwable t) {
                throw t instanceof Exception e ? e : new IllegalStateException(t);
            }
        }
        return new Bound(node, (NodeType.MethodMember) m);
    }

    private static void addNodeConfig(List<Object> layers, Object node) {
        NodeConfig c = node instanceof Bound b
                ? (b.member.method() == null ? null : b.member.method().config())
                : NodeType.of(node.getClass()).config();
        if (c != null) {
            layers.add(c);
        }
    }

    private static Dispatchable dispatchable(Object node, Request request) {
        if (node == null || node instanceof Bound) {
            return null;
        }
        if (node instanceof Dispatchable d) {
            return d;
        }
        String[] names = NodeType.of(node.getClass()).popArgs();
        if (names != null) {
            return vpath -> {
                for (String n : names) {
                    if (vpath.isEmpty()) {
                        break;
                    }
                    request.params().put(n, vpath.remove(0));
                }
                // dispatch goes on through this node's members, not through popping again
                try {
                    // CherryPy looks the next segment up as it is, untranslated
                    return vpath.isEmpty() ? node : member(node, vpath.remove(0));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        return null;
    }

    private static PageHandler exposed(Object candidate, List<String> vpath) {
        if (candidate instanceof Bound b) {
            if (!b.member.exposed()) {
                return null;
            }
            return new MethodHandler(b.target, b.member.method(), vpath);
        }
        if (candidate instanceof PageHandler h) {
            return h;
        }
        return null;
    }

    /** An exposed method with its target and positional arguments; binds the rest when called. */
    record MethodHandler(Object target, HandlerMethod method, List<String> positional) implements PageHandler {
        @Override
        public Object handle(Request request) throws Exception {
            try {
                return method.invoke(target, request, request.response(), positional);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        public String toString() {
            return method.toString();
        }
    }

    /** Positional arguments arrive decoded, {@code %2F} included (the path kept it encoded). */
    static List<String> decoded(List<String> segments) {
        if (segments.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(segments.size());
        for (String s : segments) {
            out.add(s.indexOf('%') < 0 ? s : s.replace("%2F", "/").replace("%2f", "/"));
        }
        return out;
    }

    private static final boolean[] IS_PUNCTUATION = new boolean[128];

    static {
        for (char c : PUNCTUATION.toCharArray()) {
            IS_PUNCTUATION[c] = c != '_';
        }
    }

    /** A path segment as a Java member name: every punctuation character becomes {@code _}. */
    public static String translate(String segment) {
        StringBuilder b = null;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 128 && IS_PUNCTUATION[c]) {
                if (b == null) {
                    b = new StringBuilder(segment);
                }
                b.setCharAt(i, '_');
            }
        }
        return b == null ? segment : b.toString();
    }
}
