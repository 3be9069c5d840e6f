package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.Headers;
import dev.morello.http.internal.h2.FieldRules;
import dev.morello.http.internal.h2.HpackDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/2 request's header list as HPACK decodes it, checked as it comes (RFC 9113 §8.2,
 * §8.3.1) and then offered to the handler as {@link Headers}; or, checked by
 * {@link #trailerProblem()} instead, the trailer section that ended its stream.
 *
 * <p>The first problem found is kept ({@link #requestProblem()}); the stream is then reset with
 * PROTOCOL_ERROR (§8.1.1) and the handler never sees the request. Crumbs of {@code cookie}
 * (§8.2.3) are joined into one field with {@code "; "}, as an HTTP/1.1 handler expects them.
 */
final class RequestFields implements HpackDecoder.FieldSink, Headers {
    private String method;
    private String scheme;
    private String authority;
    private String path;
    private boolean pseudo;
    private boolean regularSeen;
    private String problem;
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private StringBuilder cookie;
    private long contentLength = -1;

    @Override
    public void field(String name, String value, boolean sensitive) {
        if (problem != null) {
            return;
        }
        FieldRules.Verdict v = FieldRules.check(name, value);
        if (v != FieldRules.Verdict.VALID) {
            problem = v.reason();
            return;
        }
        if (FieldRules.isPseudoHeader(name)) {
            pseudo = true;
            if (regularSeen) {
                problem = "pseudo-header field after a regular one";
                return;
            }
            switch (name) {
                case ":method" -> method = once(method, value);
                case ":scheme" -> scheme = once(scheme, value);
                case ":authority" -> authority = once(authority, value);
                case ":path" -> path = once(path, value);
                // RFC 8441's :protocol is only for a peer that saw SETTINGS_ENABLE_CONNECT_PROTOCOL
                default -> problem = "pseudo-header field not allowed: " + name;
            }
            return;
        }
        regularSeen = true;
        if (name.equals("content-length")) {
            long n = digits(value);
            if (n < 0 || (contentLength >= 0 && contentLength != n)) {
                problem = "bad or conflicting content-length";
                return;
            }
            contentLength = n;
        }
        if (name.equals("cookie")) {
            if (cookie == null) {
                cookie = new StringBuilder(value);
            } else {
                cookie.append("; ").append(value);
            }
            return;
        }
        names.add(name);
        values.add(value);
    }

    private String once(String current, String value) {
        if (current != null) {
            problem = "pseudo-header field repeated";
        }
        return value;
    }

    /** Plain decimal digits, or -1 (no sign, no space, no overflow: RFC 9110 §8.6). */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * RFC 3986 §3.2's characters for host and port, as an HTTP/1.1 Host may hold them; no
     * userinfo ({@code @}), which §8.3.1 forbids in {@code :authority}.
     */
    private static boolean authorityChars(String a) {
        if (a.isEmpty()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:[]%".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether any pseudo-header field came: a request's head has them, trailers never. */
    boolean hasPseudo() {
        return pseudo;
    }

    /**
     * What makes this list no valid trailer section, or null: the rules of every field, and no
     * pseudo-header field at all (RFC 9113 §8.1).
     */
    String trailerProblem() {
        if (problem != null) {
            return problem;
        }
        if (pseudo) {
            return "pseudo-header field in trailers";
        }
        joinCookies();
        return null;
    }

    /** What makes this list no valid request (RFC 9113 §8.3.1), or null. */
    String requestProblem() {
        if (problem != null) {
            return problem;
        }
        if (method == null) {
            return "no :method";
        }
        if (method.equals("CONNECT")) {
            // §8.5: only :method and :authority
            if (scheme != null || path != null || authority == null) {
                return "CONNECT needs :authority alone";
            }
        } else {
            if (scheme == null || path == null) {
                return "no :scheme or :path";
            }
            if (path.isEmpty()) {
                return "empty :path";
            }
            if (path.charAt(0) != '/' && !(path.equals("*") && method.equals("OPTIONS"))) {
                return ":path neither origin-form nor OPTIONS *";
            }
        }
        String host = get("host");
        if (authority != null && host != null && !authority.equalsIgnoreCase(host)) {
            return "host differs from :authority";
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return "bad :method";
            }
        }
        for (int i = 0; path != null && i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '#') {
                return "bad :path";
            }
        }
        if (authority != null && !authorityChars(authority)) {
            return "bad :authority";
        }
        joinCookies();
        return null;
    }

    private void joinCookies() {
        if (cookie != null) {
            names.add("cookie");
            values.add(cookie.toString());
            cookie = null;
        }
    }

    String method() {
        return method;
    }

    String scheme() {
        return scheme;
    }

    /** The :path, or for CONNECT the :authority (the request-target an HTTP/1.1 CONNECT has). */
    String target() {
        return path != null ? path : authority;
    }

    /** :authority, else the Host field, else null (§8.3.1). */
    String host() {
        return authority != null ? authority : get("host");
    }

    /** The declared content-length, or -1. */
    long contentLength() {
        return contentLength;
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public String name(int i) {
        return names.get(i);
    }

    @Override
    public String value(int i) {
        return values.get(i);
    }

    @Override
    public String get(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(lower)) {
                return values.get(i);
            }
        }
        return null;
    }

    @Override
    public String get(HeaderName name) {
        return get(name.lowerCase());
    }

    @Override
    public List<String> all(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> all = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(lower)) {
                all.add(values.get(i));
            }
        }
        return all;
    }
}
