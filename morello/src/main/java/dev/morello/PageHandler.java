package dev.morello;

/**
 * A handler as an object: what a dispatcher hands the request to. Any field in the tree holding a
 * {@code PageHandler} is exposed at its path, the way CherryPy serves any exposed callable.
 *
 * <pre>{@code
 * public PageHandler health = request -> "ok";
 * }</pre>
 */
@FunctionalInterface
public interface PageHandler {
    /** Answers the request; the result becomes the response body (see {@link Response#body(Object)}). */
    Object handle(Request request) throws Exception;
}
