package dev.morello.internal.cycle;

import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.internal.AccessFormat;
import dev.morello.internal.JsonLines;
import dev.morello.internal.Logs;
import java.util.LinkedHashMap;
import java.util.Map;

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
        logs.access(logs.accessJson() ? json(logs, request, response, status)
                : format(logs.accessFormat(), logs, request, response, status));
    }

    /**
     * The line as one JSON object (for {@code log.access_format = "json"}): the UTC time, the
     * client, the login, the request line's parts, the status, the body's bytes (null when not
     * known up front), the Referer, User-Agent and Host (null when absent), the request's id and
     * the milliseconds from the request's start to the line.
     */
    private static String json(Logs logs, Request request, Response response, int status) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("time", logs.utcTimestamp());
        f.put("remote", request.remote().ip());
        f.put("user", request.login());
        f.put("method", request.method());
        f.put("target", request.exchange().target());
        f.put("protocol", request.protocol().text());
        f.put("status", status);
        f.put("bytes", response.body() instanceof ResponseBody.Bytes b ? (Object) b.bytes().length : null);
        f.put("referer", request.exchange().headers().get("Referer"));
        f.put("user_agent", request.exchange().headers().get("User-Agent"));
        f.put("host", request.exchange().headers().get("Host"));
        f.put("request_id", request.uniqueId());
        f.put("duration_ms", Math.max(0, logs.millis() - response.time()));
        return JsonLines.installed().line(f);
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
