package dev.morello.internal.serving;

import dev.morello.Request;
import dev.morello.Response;

/**
 * The request and response bound to the thread serving them. The framework hands the request
 * (and with it the response) to what works on it; this binding serves only the user's
 * conveniences that take neither ({@code Morello.request()}, {@code Static.serveFile(path)}).
 */
public final class Serving {
    private record Pair(Request request, Response response) {
    }

    private static final ThreadLocal<Pair> CURRENT = new ThreadLocal<>();

    private Serving() {
    }

    public static void bind(Request request, Response response) {
        CURRENT.set(new Pair(request, response));
    }

    public static void clear() {
        CURRENT.remove();
    }

    public static Request request() {
        Pair p = CURRENT.get();
        return p == null ? null : p.request;
    }

    public static Response response() {
        Pair p = CURRENT.get();
        return p == null ? null : p.response;
    }
}
