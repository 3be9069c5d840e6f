package dev.morello.dispatch;

import dev.morello.Application;
import dev.morello.HttpError;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.config.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * REST by HTTP method, as CherryPy's {@code MethodDispatcher}: the path finds a resource the way
 * the object dispatcher finds a handler (an object whose class is {@code @Expose}d), and the
 * request's method picks the resource's method of that name.
 *
 * <pre>{@code
 * @Expose
 * public class Albums {
 *     public List<Album> GET(Optional<String> id) { ... }
 *     public Album POST(String title) { ... }
 *     public void DELETE(String id) { ... }
 * }
 * Morello.tree().mount(new Albums(), "/albums", Map.of("/", Map.of("request.dispatch", new MethodDispatcher())));
 * }</pre>
 *
 * <ul>
 * <li>Every response carries {@code Allow}: the resource's upper-case method names, sorted, with
 *     HEAD when GET exists.
 * <li>HEAD falls back to GET; a method the resource lacks is 405 (OPTIONS too, unless it has one).
 * <li>The verb method's {@code @Config} joins the request's config; path segments left over and
 *     request parameters bind to it as for the object dispatcher. Verb methods need no
 *     {@code @Expose}.
 * <li>No resource on the path: 404.
 * </ul>
 * In a config file: {@code request.dispatch = cherrypy.dispatch.MethodDispatcher()}.
 */
public class MethodDispatcher implements Dispatcher {
    @Override
    public void dispatch(Request request, String pathInfo) throws Exception {
        ObjectDispatcher.Walk walk = ObjectDispatcher.walk(request, pathInfo);
        List<ObjectDispatcher.Step> trail = walk.trail();
        Application app = request.app();
        for (int i = trail.size() - 1; i >= 0; i--) {
            ObjectDispatcher.Step step = trail.get(i);
            Object resource = step.node();
            if (resource == null || resource instanceof ObjectDispatcher.Bound
                    || !NodeType.of(resource.getClass()).exposedClass()) {
                continue;
            }
            Map<String, HandlerMethod> verbs = NodeType.of(resource.getClass()).verbs();
            List<String> allow = new ArrayList<>(verbs.keySet());
            if (allow.contains("GET") && !allow.contains("HEAD")) {
                allow.add("HEAD");
                allow.sort(null);
            }
            request.response().headers().set("Allow", String.join(", ", allow));
            String method = request.method();
            HandlerMethod verb = verbs.get(method);
            if (verb == null && method.equals("HEAD")) {
                verb = verbs.get("GET");
            }
            List<Object> layers = walk.layers();
            request.isIndex(false);
            List<String> vpath = walk.vpath(step);
            request.pathTemplate(ObjectDispatcher.template(walk, i, vpath, pathInfo));
            if (verb == null) {
                request.config(app.configFor(layers));
                request.handler(METHOD_NOT_ALLOWED);
                return;
            }
            NodeConfig vc = verb.config();
            if (vc != null) {
                layers = new ArrayList<>(layers);
                layers.add(vc);
            }
            request.config(app.configFor(layers));
            request.args(vpath);
            request.handler(new ObjectDispatcher.MethodHandler(resource, verb, vpath));
            return;
        }
        request.config(app.configFor(walk.layers()));
        request.handler(ObjectDispatcher.NOT_FOUND);
    }

    /**
     * Every config {@link #dispatch} may merge for a walk, one per verb (a verb's {@code @Config}
     * joins the layers), found the same way but without a request.
     */
    static List<List<Object>> handlerLayers(ObjectDispatcher.Walk walk) {
        List<ObjectDispatcher.Step> trail = walk.trail();
        List<List<Object>> out = new ArrayList<>();
        out.add(walk.layers());
        for (int i = trail.size() - 1; i >= 0; i--) {
            Object resource = trail.get(i).node();
            if (resource == null || resource instanceof ObjectDispatcher.Bound
                    || !NodeType.of(resource.getClass()).exposedClass()) {
                continue;
            }
            for (HandlerMethod verb : NodeType.of(resource.getClass()).verbs().values()) {
                if (verb.config() != null) {
                    List<Object> layers = new ArrayList<>(walk.layers());
                    layers.add(verb.config());
                    out.add(layers);
                }
            }
            break;
        }
        return out;
    }

    private static final PageHandler METHOD_NOT_ALLOWED = r -> {
        throw new HttpError(405);
    };
}
