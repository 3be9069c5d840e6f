package dev.morello;

/**
 * A 404 for a path nobody serves, with CherryPy's message: {@code The path '/x' was not found.}
 */
public class NotFound extends HttpError {
    private final String path;

    /** A 404 for the current request's path. */
    public NotFound() {
        this(null);
    }

    /** A 404 for the given path (script name and path info). */
    public NotFound(String path) {
        super(404, path == null ? null : "The path '" + path + "' was not found.");
        this.path = path;
    }

    /** The path not found, or null when it is the current request's. */
    public String path() {
        return path;
    }
}
