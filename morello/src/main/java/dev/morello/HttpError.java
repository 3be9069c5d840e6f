package dev.morello;

import dev.morello.http.Status;

/**
 * Ends the request with an error status, as CherryPy's {@code HTTPError}: thrown from a handler,
 * a tool or a hook, it becomes the response, rendered by the application's error page.
 *
 * <pre>{@code
 * throw new HttpError(404, "no such album");
 * throw new HttpError("410 Gone Away");                 // a reason phrase of its own
 * throw new HttpError("403 Members Only", "Log in to see the album.");
 * }</pre>
 *
 * <p>The status is a code in 400-599, or, as CherryPy takes it, a {@code "code reason"} string
 * whose reason phrase replaces the standard one on the status line and in the page's title
 * (RFC 9112 §4: clients must not rely on it). Without a message the page explains the code in
 * CherryPy's words ({@link #pageMessage()}).
 *
 * <p>The message is shown to the client (HTML-escaped), so it must not carry secrets.
 */
public class HttpError extends RuntimeException {
    private final int status;
    /** The reason phrase given with the status, or null for the standard one. */
    private final String customReason;

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
        this(status, null, message, cause);
    }

    /**
     * An error with CherryPy's string status: {@code "410"} or {@code "410 Gone Away"}, the code
     * then an optional reason phrase (surrounding spaces dropped; an empty one means the standard
     * phrase).
     *
     * @throws IllegalArgumentException naming the status when its code is not a number in
     *                                  400-599, or its reason holds a control character
     */
    public HttpError(String status) {
        this(status, null);
    }

    /** {@link #HttpError(String)} with a message for the page. */
    public HttpError(String status, String message) {
        this(status, message, null);
    }

    /** {@link #HttpError(String)} with a message and the exception that caused it. */
    public HttpError(String status, String message, Throwable cause) {
        this(codeOf(status), reasonOf(status), message, cause);
    }

    private HttpError(int status, String customReason, String message, Throwable cause) {
        super(message, cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpError status must be within 400-599: " + status);
        }
        this.status = status;
        this.customReason = customReason;
    }

    /** The status code, 400-599. */
    public int status() {
        return status;
    }

    /**
     * The reason phrase for the status line: the one given with a string status, else the
     * standard one ({@code Not Found}); empty when the code has none.
     */
    public String reason() {
        return customReason != null ? customReason : Status.reason(status);
    }

    /** The reason phrase given with a string status, or null when the standard one applies. */
    public String customReason() {
        return customReason;
    }

    /** The status line text, {@code "404 Not Found"} or {@code "410 Gone Away"}. */
    public String statusText() {
        String r = reason();
        return r.isEmpty() ? Integer.toString(status) : status + " " + r;
    }

    /**
     * The message for the page: the one given, else CherryPy's explanation of the code (a custom
     * reason phrase does not change it, as in CherryPy).
     */
    public String pageMessage() {
        String m = getMessage();
        return m != null ? m : defaultMessage(status);
    }

    /**
     * CherryPy's explanation of a status, the message its error page shows when none was given:
     * the descriptions of Python's {@code BaseHTTPRequestHandler.responses} (Python 3.11), which
     * CherryPy's {@code httputil.response_codes} copies, with CherryPy's own words for 500 and 503
     * (cherrypy#361). A code Python gives no description, or does not know, has none: the empty
     * string, as CherryPy's page then shows an empty paragraph.
     */
    public static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "Bad request syntax or unsupported method";
            case 401 -> "No permission -- see authorization schemes";
            case 402 -> "No payment -- see charging schemes";
            case 403 -> "Request forbidden -- authorization will not help";
            case 404 -> "Nothing matches the given URI";
            case 405 -> "Specified method is invalid for this resource";
            case 406 -> "URI not available in preferred format";
            case 407 -> "You must authenticate with this proxy before proceeding";
            case 408 -> "Request timed out; try again later";
            case 409 -> "Request conflict";
            case 410 -> "URI no longer exists and has been permanently removed";
            case 411 -> "Client must specify Content-Length";
            case 412 -> "Precondition in headers is false";
            // Python 3.13 renamed 413 "Content Too Large" and describes it "Content is too large"
            case 413 -> "Entity is too large";
            case 414 -> "URI is too long";
            case 415 -> "Entity body in unsupported format";
            case 416 -> "Cannot satisfy request range";
            case 417 -> "Expect condition could not be satisfied";
            case 418 -> "Server refuses to brew coffee because it is a teapot.";
            case 421 -> "Server is not able to produce a response";
            case 428 -> "The origin server requires the request to be conditional";
            case 429 -> "The user has sent too many requests in a given amount of time (\"rate limiting\")";
            case 431 -> "The server is unwilling to process the request because its header fields are too large";
            case 451 -> "The server is denying access to the resource as a consequence of a legal demand";
            case 500 -> "The server encountered an unexpected condition which prevented it from fulfilling the request.";
            case 501 -> "Server does not support this operation";
            case 502 -> "Invalid responses from another server/proxy";
            case 503 -> "The server is currently unable to handle the request due to a temporary overloading"
                    + " or maintenance of the server.";
            case 504 -> "The gateway server did not receive a timely response";
            case 505 -> "Cannot fulfill request";
            case 511 -> "The client needs to authenticate to gain network access";
            default -> "";
        };
    }

    /** The code of a {@code "code reason"} status, as CherryPy's {@code valid_status} splits it. */
    private static int codeOf(String status) {
        if (status == null) {
            throw new IllegalArgumentException("an HttpError status may not be null");
        }
        String code = status.strip();
        int space = code.indexOf(' ');
        if (space >= 0) {
            code = code.substring(0, space);
        }
        // our own digit loop: Integer.parseInt would take "+404" and non-ASCII digits
        if (code.isEmpty() || code.length() > 3) {
            throw new IllegalArgumentException("an HttpError status must start with a code in 400-599: " + status);
        }
        int n = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("an HttpError status must start with a code in 400-599: " + status);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The reason of a {@code "code reason"} status, or null when it has none. */
    private static String reasonOf(String status) {
        String s = status.strip();
        int space = s.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String reason = s.substring(space + 1).strip();
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            // RFC 9112 §4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ); no CR or LF can split the line
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException("an HttpError reason phrase may not hold control characters: "
                        + status.strip().replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return reason.isEmpty() ? null : reason;
    }
}
