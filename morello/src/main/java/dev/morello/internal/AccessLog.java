package dev.morello.internal;

import dev.morello.Request;
import dev.morello.Response;
import dev.morello.http.HttpExchange;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log, one line per request in CherryPy's format
 * ({@code {h} {l} {u} {t} "{r}" {s} {b} "{f}" "{a}"}), to the SLF4J logger {@code morello.access}:
 *
 * <pre>
 * 127.0.0.1 - - [25/Nov/2026:19:12:57] "GET /generate?length=4 HTTP/1.1" 200 4 "" "curl/8.5.0"
 * </pre>
 */
public final class AccessLog {
    private static final Logger ACCESS = LoggerFactory.getLogger("morello.access");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss']'", Locale.ROOT);

    private AccessLog() {
    }

    public static void log(Request request, Response response, HttpExchange exchange) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        String length = response.body() instanceof byte[] b ? Integer.toString(b.length) : "-";
        String login = request.login() == null ? "-" : request.login();
        String referer = request.headers().get("Referer", "");
        String agent = request.headers().get("User-Agent", "");
        ACCESS.info("{} - {} {} \"{}\" {} {} \"{}\" \"{}\"", request.remote().ip(), login,
                TIME.format(LocalDateTime.now(ZoneId.systemDefault())), escape(request.requestLine()),
                response.status(), length, escape(referer), escape(agent));
    }

    /** Quotes and control characters in logged request text are escaped, so a line stays one line. */
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
