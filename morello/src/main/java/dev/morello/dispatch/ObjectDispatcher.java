package dev.morello.dispatch;

import dev.morello.Morello;
import dev.morello.NotFound;
import dev.morello.PageHandler;
import dev.morello.Request;
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

    private record Step(Object node, int segleft) {
    }

    @Override
    public void dispatch(Request request, String pathInfo) throws Exception {
        Object root = request.app().root();
        List<String> fullpath = new ArrayList<>();
        for (String seg : pathInfo.split("/")) {
            if (!seg.isEmpty()) {
                fullpath.add(seg);
            }
        }
        fullpath.add("index");
        int fullLen = fullpath.size();

        List<Step> trail = new ArrayList<>(fullLen + 1);
        trail.add(new Step(root, fullLen));
        Object node = root;
        List<String> names = new ArrayList<>(fullpath);
        while (!names.isEmpty()) {
            String name = names.get(0);
            int preLen = names.size();
            Object sub = member(node, translate(name));
            if (sub == null) {
                Dispatchable d = dispatchable(node);
                if (d != null && preLen > 1) {
                    String indexName = names.remove(names.size() - 1);
                    sub = d.dispatch(names);
                    names.add(indexName);
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
            trail.add(new Step(node, segleft));
        }

        request.config(request.app().configForPath("/" + String.join("/", fullpath)));
        int candidates = trail.size() - 1;
        for (int i = candidates; i >= 0; i--) {
            Step step = trail.get(i);
            Object candidate = step.node;
            if (candidate == null) {
                continue;
            }
            int from = fullLen - step.segleft;
            List<String> vpath = from >= fullLen - 1 ? List.of() : decoded(fullpath.subList(from, fullLen - 1));
            HandlerMethod def = candidate instanceof Bound ? null : NodeType.of(candidate.getClass()).defaultHandler();
            if (def != null) {
                request.isIndex(pathInfo.endsWith("/"));
                request.args(vpath);
                request.handler(new MethodHandler(candidate, def, vpath));
                return;
            }
            PageHandler exposed = exposed(candidate, vpath);
            if (exposed != null) {
                request.isIndex(i == candidates);
                request.args(vpath);
                request.handler(exposed);
                return;
            }
        }
        request.handler(NOT_FOUND);
    }

    private static final PageHandler NOT_FOUND = r -> {
        throw new NotFound();
    };

    /** A method found on a node: callable if exposed, a dead end either way. */
    private record Bound(Object target, NodeType.MethodMember member) {
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

    private static Dispatchable dispatchable(Object node) {
        if (node == null || node instanceof Bound) {
            return null;
        }
        if (node instanceof Dispatchable d) {
            return d;
        }
        String[] names = NodeType.of(node.getClass()).popArgs();
        if (names != null) {
            return vpath -> {
                Request request = Morello.request();
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
                return method.invoke(target, request, Morello.response(), positional);
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
    private static List<String> decoded(List<String> segments) {
        if (segments.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(segments.size());
        for (String s : segments) {
            out.add(s.indexOf('%') < 0 ? s : s.replace("%2F", "/").replace("%2f", "/"));
        }
        return out;
    }

    /** A path segment as a Java member name: every punctuation character becomes {@code _}. */
    public static String translate(String segment) {
        StringBuilder b = null;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '_' && PUNCTUATION.indexOf(c) >= 0) {
                if (b == null) {
                    b = new StringBuilder(segment);
                }
                b.setCharAt(i, '_');
            }
        }
        return b == null ? segment : b.toString();
    }
}
