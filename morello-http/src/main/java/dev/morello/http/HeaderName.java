package dev.morello.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A header field name. The common ones are constants that the parser recognises while it scans
 * the request, so looking them up costs no allocation and no string comparison; any other name
 * is made with {@link #of(String)}.
 *
 * <pre>{@code
 * String type = exchange.headers().get(HeaderName.CONTENT_TYPE);
 * exchange.responseHeaders().set(HeaderName.CACHE_CONTROL, "no-store");
 * }</pre>
 */
public final class HeaderName {
    private static final List<HeaderName> KNOWN = new ArrayList<>();

    public static final HeaderName HOST = known("Host");
    public static final HeaderName CONTENT_LENGTH = known("Content-Length");
    public static final HeaderName TRANSFER_ENCODING = known("Transfer-Encoding");
    public static final HeaderName CONNECTION = known("Connection");
    public static final HeaderName EXPECT = known("Expect");
    public static final HeaderName CONTENT_TYPE = known("Content-Type");
    public static final HeaderName ACCEPT = known("Accept");
    public static final HeaderName ACCEPT_ENCODING = known("Accept-Encoding");
    public static final HeaderName ACCEPT_LANGUAGE = known("Accept-Language");
    public static final HeaderName ACCEPT_CHARSET = known("Accept-Charset");
    public static final HeaderName USER_AGENT = known("User-Agent");
    public static final HeaderName COOKIE = known("Cookie");
    public static final HeaderName AUTHORIZATION = known("Authorization");
    public static final HeaderName UPGRADE = known("Upgrade");
    public static final HeaderName TE = known("TE");
    public static final HeaderName TRAILER = known("Trailer");
    public static final HeaderName KEEP_ALIVE = known("Keep-Alive");
    public static final HeaderName IF_MODIFIED_SINCE = known("If-Modified-Since");
    public static final HeaderName IF_UNMODIFIED_SINCE = known("If-Unmodified-Since");
    public static final HeaderName IF_NONE_MATCH = known("If-None-Match");
    public static final HeaderName IF_MATCH = known("If-Match");
    public static final HeaderName IF_RANGE = known("If-Range");
    public static final HeaderName RANGE = known("Range");
    public static final HeaderName REFERER = known("Referer");
    public static final HeaderName ORIGIN = known("Origin");
    public static final HeaderName CACHE_CONTROL = known("Cache-Control");
    public static final HeaderName PRAGMA = known("Pragma");
    public static final HeaderName FORWARDED = known("Forwarded");
    public static final HeaderName X_FORWARDED_FOR = known("X-Forwarded-For");
    public static final HeaderName X_FORWARDED_HOST = known("X-Forwarded-Host");
    public static final HeaderName X_FORWARDED_PROTO = known("X-Forwarded-Proto");
    public static final HeaderName DATE = known("Date");
    public static final HeaderName SERVER = known("Server");
    public static final HeaderName LOCATION = known("Location");
    public static final HeaderName SET_COOKIE = known("Set-Cookie");
    public static final HeaderName VARY = known("Vary");
    public static final HeaderName ETAG = known("ETag");
    public static final HeaderName LAST_MODIFIED = known("Last-Modified");
    public static final HeaderName CONTENT_ENCODING = known("Content-Encoding");
    public static final HeaderName CONTENT_DISPOSITION = known("Content-Disposition");
    public static final HeaderName CONTENT_RANGE = known("Content-Range");
    public static final HeaderName ACCEPT_RANGES = known("Accept-Ranges");
    public static final HeaderName ALLOW = known("Allow");
    public static final HeaderName WWW_AUTHENTICATE = known("WWW-Authenticate");
    public static final HeaderName EXPIRES = known("Expires");
    public static final HeaderName AGE = known("Age");

    private final String name;
    private final String lowerName;

    private HeaderName(String name) {
        this.name = name;
        this.lowerName = name.toLowerCase(Locale.ROOT);
    }

    private static HeaderName known(String name) {
        HeaderName n = new HeaderName(name);
        KNOWN.add(n);
        return n;
    }

    /** The names the parser recognises while it scans, without allocation. */
    public static List<HeaderName> known() {
        return List.copyOf(KNOWN);
    }

    /**
     * The name for a string: the shared constant when it is a known name (in any case), else a new
     * instance. Refuses a string that is not an RFC 9110 token.
     */
    public static HeaderName of(String name) {
        HeaderName known = BY_SPELLING.get(name);
        if (known != null) {
            return known; // the usual spelling, or all lower case: no scan
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7f || !dev.morello.http.internal.Ascii.isTchar((byte) c)) {
                throw new IllegalArgumentException("header name is not a token: " + quote(name));
            }
        }
        known = BY_SPELLING.get(name.toLowerCase(java.util.Locale.ROOT));
        return known != null ? known : new HeaderName(name);
    }

    /** The known names by their usual spelling and in lower case. */
    private static final java.util.Map<String, HeaderName> BY_SPELLING = bySpelling();

    private static java.util.Map<String, HeaderName> bySpelling() {
        java.util.Map<String, HeaderName> m = new java.util.HashMap<>();
        for (HeaderName k : KNOWN) {
            m.put(k.name, k);
            m.put(k.lowerName, k);
        }
        return java.util.Map.copyOf(m);
    }

    /** The name in its usual spelling, e.g. {@code Content-Type}. */
    public String name() {
        return name;
    }

    /** The name in lower case. */
    public String lowerCase() {
        return lowerName;
    }

    /** Whether {@code other} is the same name, compared case-insensitively. */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderName h && h.lowerName.equals(lowerName);
    }

    @Override
    public int hashCode() {
        return lowerName.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 64 ? "...\"" : "\"").toString();
    }
}
