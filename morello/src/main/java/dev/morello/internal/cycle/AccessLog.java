package dev.morello.internal.cycle;

import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.internal.AccessFormat;
import dev.morello.internal.Logs;

/**
 * The access line, one per request, in CherryPy's format ({@code log.access_log_format}, by
 * default {@code {h} {l} {u} {t} "{r}" {s} {b} "{f}" "{a}"}):
 *
 * <pre>
 * 127.0.0.1 - - [25/Nov/2026:19:12:57] "GET /generate?length=4 HTTP/1.1" 200 4 "" "curl/8.5.0"
 * </pre>
 *
 * <p>Fields: {@code h} client address, {@code l} always -, {@code u} login or -, {@code t} local
 * time (the site clock's zone), {@code r} request line, {@code s} status, {@code b} body bytes or -, {@code f} Referer,
 * {@code a} User-Agent, {@code o} Host, {@code i} the request's unique id, {@code z} UTC time.
 */
public final class AccessLog {
    private AccessLog() {
    }

    public static void log(Logs logs, Request request, Response response) {
        log(logs, request, response, response.status());
    }

    /** A line with {@code status} in place of the response's (101 for a WebSocket, say). */
    public static void log(Logs logs, Request request, Response response, int status) {
        if (!logs.accessEnabled()) {
            return;
        }
        logs.access(format(logs.accessFormat(), logs, request, response, status));
    }

    private static String format(String pattern, Logs logs, Request request, Response response, int status) {
        return AccessFormat.format(pattern, logs, field -> switch (field) {
            case "h" -> request.remote().ip();
            case "l" -> "-";
            case "u" -> request.login() == null ? "-" : request.login();
            case "r" -> request.requestLine();
            case "s" -> Integer.toString(status);
            case "b" -> response.body() instanceof ResponseBody.Bytes b ? Integer.toString(b.bytes().length) : "-";
            case "f" -> header(request, "Referer");
            case "a" -> header(request, "User-Agent");
            case "o" -> header(request, "Host");
            case "i" -> request.uniqueId();
            default -> null;
        });
    }

    /** Read from the exchange: no copy of the request's headers for one line. */
    private static String header(Request request, String name) {
        String v = request.exchange().headers().get(name);
        return v == null ? "" : v;
    }
}
