package dev.morello.dispatch;

import dev.morello.Request;

/**
 * Finds what answers a request: given the path below the application's mount point, a dispatcher
 * sets {@link Request#handler(dev.morello.PageHandler)} (a handler that throws
 * {@code NotFound} when nothing matches) and {@link Request#config(java.util.Map)} (the merged
 * config for the path, usually {@code request.app().configForPath(path)}), and may set
 * {@link Request#isIndex(Boolean)}. Choose one per path with {@code request.dispatch} in the
 * application's config.
 *
 * <pre>{@code
 * Dispatcher hello = (request, pathInfo) -> {
 *     request.config(request.app().configForPath(pathInfo));
 *     request.handler(r -> "Hello from " + pathInfo);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Dispatcher {
    void dispatch(Request request, String pathInfo) throws Exception;
}
