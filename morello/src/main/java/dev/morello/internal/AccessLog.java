package dev.morello.internal;

import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;

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
        if (!logs.accessEnabled()) {
            return;
        }
        logs.access(format(logs.accessFormat(), logs, request, response));
    }

    static String format(String pattern, Logs logs, Request request, Response response) {
        return format(pattern, logs, field -> switch (field) {
            case "h" -> request.remote().ip();
            case "l" -> "-";
            case "u" -> request.login() == null ? "-" : request.login();
            case "r" -> request.requestLine();
            case "s" -> Integer.toString(response.status());
            case "b" -> response.body() instanceof ResponseBody.Bytes b ? Integer.toString(b.bytes().length) : "-";
            case "f" -> header(request, "Referer");
            case "a" -> header(request, "User-Agent");
            case "o" -> header(request, "Host");
            case "i" -> request.uniqueId();
            default -> null;
        });
    }

    /**
     * A line of {@code pattern}, each {@code {x}} replaced by {@code fields(x)} (escaped), the times
     * {@code t} and {@code z} by the logs' clock; a field it does not know stays as written.
     */
    static String format(String pattern, Logs logs, java.util.function.Function<String, String> fields) {
        StringBuilder b = new StringBuilder(128);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close < 0) {
                b.append(c);
                continue;
            }
            String field = pattern.substring(i + 1, close);
            String value = switch (field) {
                case "t" -> logs.timestamp();
                case "z" -> logs.utcTimestamp();
                default -> fields.apply(field);
            };
            if (value == null) {
                b.append(c);
                continue;
            }
            b.append(escape(value));
            i = close;
        }
        return b.toString();
    }

    /** Read from the exchange: no copy of the request's headers for one line. */
    private static String header(Request request, String name) {
        String v = request.exchange().headers().get(name);
        return v == null ? "" : v;
    }

    /** Quotes and control characters from the request are escaped, so a line stays one line. */
    private static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : null;
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
