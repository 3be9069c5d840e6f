package dev.morello;

import dev.morello.http.Status;

/**
 * Ends the request with an error status, as CherryPy's {@code HTTPError}: thrown from a handler,
 * a tool or a hook, it becomes the response, rendered by the application's error page.
 *
 * <pre>{@code
 * throw new HttpError(404, "no such album");
 * }</pre>
 *
 * <p>The message is shown to the client (HTML-escaped), so it must not carry secrets. The status
 * must be in 400-599.
 */
public class HttpError extends RuntimeException {
    private final int status;
    private final String reason;

    /** A 500 Internal Server Error. */
    public HttpError() {
        this(500, null);
    }

    public HttpError(int status) {
        this(status, null);
    }

    public HttpError(int status, String message) {
        this(status, message, null);
    }

    public HttpError(int status, String message, Throwable cause) {
        super(message, cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpError status must be within 400-599: " + status);
        }
        this.status = status;
        this.reason = Status.reason(status);
    }

    /** The status code, 400-599. */
    public int status() {
        return status;
    }

    /** The standard reason phrase for the status ({@code Not Found}), empty when it has none. */
    public String reason() {
        return reason;
    }

    /** The status line text, {@code "404 Not Found"}. */
    public String statusText() {
        return reason.isEmpty() ? Integer.toString(status) : status + " " + reason;
    }

    /**
     * The message for the page: the one given, else the standard explanation of the status (as
     * CherryPy's pages give one).
     */
    public String pageMessage() {
        String m = getMessage();
        return m != null ? m : defaultMessage(status);
    }

    static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Bad request syntax or unsupported method";
            case 401 -> "No permission -- see authorization schemes";
            case 403 -> "Request forbidden -- authorization will not help";
            case 404 -> "Nothing matches the given URI";
            case 405 -> "Specified method is invalid for this resource.";
            case 406 -> "URI not available in preferred format.";
            case 411 -> "Client must specify Content-Length.";
            case 413 -> "Entity is too large.";
            case 414 -> "URI is too long.";
            case 415 -> "Entity body in unsupported format.";
            case 500 -> "Server got itself in trouble";
            case 501 -> "Server does not support this operation";
            case 503 -> "The server cannot process the request due to a high load";
            default -> Status.reason(status);
        };
    }
}
