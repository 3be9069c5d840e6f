package dev.morello.dispatch;

import java.util.Map;
import java.util.Set;

/**
 * One connected route: its pattern, what answers it, and the rest of what
 * {@link RoutesDispatcher#connect(String, String, Object, String, Map)} was given.
 *
 * @param name       the name reverse routing finds it by, or null
 * @param controller an instance, a {@code Class} (instantiated per request), or null when a
 *                   {@code controller} variable names the route whose controller to use
 * @param methods    the HTTP methods the route answers, or null for any
 * @param defaults   default values by variable name ({@code action} included; a null value makes
 *                   a variable optional)
 * @param order      the connect order: among routes matching a request, the lowest wins
 */
record Route(String name, RoutePattern pattern, Object controller, Set<String> methods, Map<String, String> defaults,
             int order) {

    boolean allows(String method) {
        return method == null || methods == null || methods.contains(method);
    }

    @Override
    public String toString() {
        return (name == null ? "" : name + " ") + pattern.source() + (methods == null ? "" : " " + methods);
    }
}
