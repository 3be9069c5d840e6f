package dev.morello;

/**
 * Runs the request again, on another path of the same application, as CherryPy's
 * {@code InternalRedirect}: the client sees only the final answer. The new request is a GET with
 * no body; {@link Request#prev()} links back to the one that redirected. Redirecting to a URL
 * already visited in the chain is an error (500), so loops end.
 *
 * <pre>{@code
 * throw new InternalRedirect("/login", "from=/admin");
 * }</pre>
 */
public class InternalRedirect extends RuntimeException {
    private final String path;
    private final String query;

    public InternalRedirect(String path) {
        this(path, "");
    }

    /** A path (absolute, or relative to the current path) and a raw query string. */
    public InternalRedirect(String path, String query) {
        super(path, null, false, false);
        int q = path.indexOf('?');
        if (q >= 0 && (query == null || query.isEmpty())) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        this.path = path;
        this.query = query == null ? "" : query;
    }

    public String path() {
        return path;
    }

    public String query() {
        return query;
    }
}
