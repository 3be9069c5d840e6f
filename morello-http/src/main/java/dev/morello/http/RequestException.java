package dev.morello.http;

import java.io.IOException;

/**
 * A request broke a protocol rule or a limit. It carries the status to answer with, a short
 * message safe to send back (it never echoes the client's input), and whether the connection can
 * still be trusted for another request.
 *
 * <p>The parser throws it for a bad request head; the request body stream throws it (it is an
 * {@link IOException}) for a bad chunk, an oversized body or a read timeout. When a handler lets
 * it escape before the response started, the server answers with its status.
 */
public final class RequestException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean closeConnection;

    public RequestException(int status, String safeMessage, boolean closeConnection) {
        super(safeMessage, null);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refused request needs a 4xx or 5xx status: " + status);
        }
        this.status = status;
        this.closeConnection = closeConnection;
    }

    /** A framing error: after it the connection cannot be reused. Status must be 400-599. */
    public RequestException(int status, String safeMessage) {
        this(status, safeMessage, true);
    }

    /** The status code to answer with (400, 408, 413, 414, 431, 501, 505 ...). */
    public int status() {
        return status;
    }

    /** Whether the connection must be closed after the error response. */
    public boolean closeConnection() {
        return closeConnection;
    }

    @Override
    public Throwable fillInStackTrace() {
        // A client's mistake is not a server bug: no stack trace to capture, on a path an
        // attacker can drive as often as they like.
        return this;
    }
}
