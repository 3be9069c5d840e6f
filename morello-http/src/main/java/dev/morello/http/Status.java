package dev.morello.http;

/**
 * Status codes and their reason phrases (RFC 9110 §15). Codes are plain {@code int}s throughout
 * the API; this class only names them.
 */
public final class Status {
    public static final int CONTINUE_100 = 100;
    public static final int OK_200 = 200;
    public static final int CREATED_201 = 201;
    public static final int NO_CONTENT_204 = 204;
    public static final int PARTIAL_CONTENT_206 = 206;
    public static final int MOVED_PERMANENTLY_301 = 301;
    public static final int FOUND_302 = 302;
    public static final int SEE_OTHER_303 = 303;
    public static final int NOT_MODIFIED_304 = 304;
    public static final int BAD_REQUEST_400 = 400;
    public static final int UNAUTHORIZED_401 = 401;
    public static final int FORBIDDEN_403 = 403;
    public static final int NOT_FOUND_404 = 404;
    public static final int METHOD_NOT_ALLOWED_405 = 405;
    public static final int REQUEST_TIMEOUT_408 = 408;
    public static final int LENGTH_REQUIRED_411 = 411;
    public static final int PRECONDITION_FAILED_412 = 412;
    public static final int CONTENT_TOO_LARGE_413 = 413;
    public static final int URI_TOO_LONG_414 = 414;
    public static final int EXPECTATION_FAILED_417 = 417;
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE_431 = 431;
    public static final int INTERNAL_SERVER_ERROR_500 = 500;
    public static final int NOT_IMPLEMENTED_501 = 501;
    public static final int SERVICE_UNAVAILABLE_503 = 503;
    public static final int HTTP_VERSION_NOT_SUPPORTED_505 = 505;

    private static final String[] REASONS = new String[600];

    static {
        String[] table = {
            "100", "Continue", "101", "Switching Protocols", "102", "Processing", "103", "Early Hints",
            "200", "OK", "201", "Created", "202", "Accepted", "203", "Non-Authoritative Information",
            "204", "No Content", "205", "Reset Content", "206", "Partial Content", "207", "Multi-Status",
            "300", "Multiple Choices", "301", "Moved Permanently", "302", "Found", "303", "See Other",
            "304", "Not Modified", "305", "Use Proxy", "307", "Temporary Redirect", "308", "Permanent Redirect",
            "400", "Bad Request", "401", "Unauthorized", "402", "Payment Required", "403", "Forbidden",
            "404", "Not Found", "405", "Method Not Allowed", "406", "Not Acceptable",
            "407", "Proxy Authentication Required", "408", "Request Timeout", "409", "Conflict",
            "410", "Gone", "411", "Length Required", "412", "Precondition Failed",
            "413", "Content Too Large", "414", "URI Too Long", "415", "Unsupported Media Type",
            "416", "Range Not Satisfiable", "417", "Expectation Failed", "418", "I'm a teapot",
            "421", "Misdirected Request", "422", "Unprocessable Content", "423", "Locked",
            "424", "Failed Dependency", "425", "Too Early", "426", "Upgrade Required",
            "428", "Precondition Required", "429", "Too Many Requests",
            "431", "Request Header Fields Too Large", "451", "Unavailable For Legal Reasons",
            "500", "Internal Server Error", "501", "Not Implemented", "502", "Bad Gateway",
            "503", "Service Unavailable", "504", "Gateway Timeout", "505", "HTTP Version Not Supported",
            "507", "Insufficient Storage", "508", "Loop Detected", "511", "Network Authentication Required",
        };
        for (int i = 0; i < table.length; i += 2) {
            REASONS[Integer.parseInt(table[i])] = table[i + 1];
        }
    }

    private Status() {
    }

    /** The reason phrase for a code, or an empty string for a valid code without a registered one. */
    public static String reason(int code) {
        checkCode(code);
        String r = REASONS[code];
        return r == null ? "" : r;
    }

    /** Refuses codes outside RFC 9110's three-digit range 100-599. */
    public static void checkCode(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code must be within 100-599: " + code);
        }
    }
}
