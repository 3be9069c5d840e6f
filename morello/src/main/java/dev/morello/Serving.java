package dev.morello;

/** The request and response bound to the thread serving them. */
final class Serving {
    private record Pair(Request request, Response response) {
    }

    private static final ThreadLocal<Pair> CURRENT = new ThreadLocal<>();

    private Serving() {
    }

    static void bind(Request request, Response response) {
        CURRENT.set(new Pair(request, response));
    }

    static void clear() {
        CURRENT.remove();
    }

    static Request request() {
        Pair p = CURRENT.get();
        return p == null ? null : p.request;
    }

    static Response response() {
        Pair p = CURRENT.get();
        return p == null ? null : p.response;
    }
}
