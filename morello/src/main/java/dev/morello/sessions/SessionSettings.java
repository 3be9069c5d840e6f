package dev.morello.sessions;

import dev.morello.Cookie;
import dev.morello.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The {@code tools.sessions} settings of a path that are about the cookie, the timeout and the
 * lock (the storage is chosen apart).
 */
record SessionSettings(String name, String path, String pathHeader, Duration timeout, boolean persistent,
        String domain, boolean secure, boolean httpOnly, String sameSite, String locking, Duration lockTimeout) {

    /**
     * Sets the session cookie on the request's response, as CherryPy's
     * {@code set_response_cookie}: the path from {@code path}, else the {@code path_header}
     * request header, else {@code /}; {@code Max-Age} and {@code expires} for the timeout when
     * persistent; then domain, {@code Secure}, {@code HttpOnly} and {@code SameSite}.
     */
    void setCookie(Request request, String id) {
        Cookie c = request.response().cookie(name, id).path(cookiePath(request));
        if (persistent) {
            c.maxAge(timeout.toSeconds()).expires(request.time().plus(timeout).truncatedTo(ChronoUnit.SECONDS));
        }
        attributes(c);
    }

    /** Sets the cookie to one the browser drops at once: dated a year back, {@code Max-Age=0}. */
    void expireCookie(Request request, String id) {
        Cookie c = request.response().cookie(name, id).path(cookiePath(request));
        Instant yearAgo = request.time().minus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        c.maxAge(0).expires(yearAgo);
        attributes(c);
    }

    private void attributes(Cookie c) {
        if (domain != null) {
            c.domain(domain);
        }
        if (secure) {
            c.secure(true);
        }
        if (httpOnly) {
            c.httpOnly(true);
        }
        if (sameSite != null) {
            c.sameSite(sameSite);
        }
    }

    private String cookiePath(Request request) {
        if (path != null && !path.isEmpty()) {
            return path;
        }
        if (pathHeader != null) {
            String fromHeader = request.headers().get(pathHeader);
            if (fromHeader != null && !fromHeader.isEmpty()) {
                return fromHeader;
            }
        }
        return "/";
    }
}
