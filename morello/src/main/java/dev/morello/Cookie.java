package dev.morello;

import dev.morello.http.HttpDate;
import java.time.Duration;
import java.time.Instant;

/**
 * A cookie the response sets (RFC 6265 §4.1), created by {@link Response#cookie(String, String)}
 * and refined in place:
 *
 * <pre>{@code
 * response.cookie("theme", "dark").path("/").maxAge(Duration.ofDays(30)).httpOnly(true).sameSite("Lax");
 * }</pre>
 */
public final class Cookie {
    private final String name;
    private String value;
    private String path;
    private String domain;
    private Long maxAge;
    private Instant expires;
    private boolean secure;
    private boolean httpOnly;
    private String sameSite;

    Cookie(String name, String value) {
        if (name.isEmpty() || !isToken(name)) {
            throw new IllegalArgumentException("a cookie name must be a token: " + name);
        }
        this.name = name;
        value(value);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** Sets the value; it must be cookie-octets (no space, quote, comma, semicolon or backslash). */
    public Cookie value(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("a cookie value must be cookie-octets (RFC 6265 §4.1.1): " + name);
            }
        }
        this.value = value;
        return this;
    }

    public Cookie path(String path) {
        this.path = checkAttribute(path);
        return this;
    }

    public Cookie domain(String domain) {
        this.domain = checkAttribute(domain);
        return this;
    }

    /** {@code Max-Age} in seconds; 0 or less asks the client to drop the cookie. */
    public Cookie maxAge(long seconds) {
        this.maxAge = seconds;
        return this;
    }

    public Cookie maxAge(Duration age) {
        return maxAge(age.toSeconds());
    }

    public Cookie expires(Instant when) {
        this.expires = when;
        return this;
    }

    public Cookie secure(boolean on) {
        this.secure = on;
        return this;
    }

    public Cookie httpOnly(boolean on) {
        this.httpOnly = on;
        return this;
    }

    /** {@code Strict}, {@code Lax} or {@code None}; null leaves the attribute out. */
    public Cookie sameSite(String policy) {
        if (policy != null && !policy.equalsIgnoreCase("Strict") && !policy.equalsIgnoreCase("Lax")
                && !policy.equalsIgnoreCase("None")) {
            throw new IllegalArgumentException("SameSite must be Strict, Lax or None: " + policy);
        }
        this.sameSite = policy;
        return this;
    }

    public String path() {
        return path;
    }

    public String domain() {
        return domain;
    }

    public Long maxAge() {
        return maxAge;
    }

    public boolean secure() {
        return secure;
    }

    public boolean httpOnly() {
        return httpOnly;
    }

    public String sameSite() {
        return sameSite;
    }

    /** The {@code Set-Cookie} field value. */
    public String toHeader() {
        StringBuilder b = new StringBuilder(name.length() + value.length() + 32);
        b.append(name).append('=').append(value);
        if (expires != null) {
            b.append("; Expires=").append(HttpDate.format(expires));
        }
        if (maxAge != null) {
            b.append("; Max-Age=").append(maxAge);
        }
        if (domain != null) {
            b.append("; Domain=").append(domain);
        }
        if (path != null) {
            b.append("; Path=").append(path);
        }
        if (secure) {
            b.append("; Secure");
        }
        if (httpOnly) {
            b.append("; HttpOnly");
        }
        if (sameSite != null) {
            b.append("; SameSite=").append(sameSite);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return toHeader();
    }

    private static String checkAttribute(String v) {
        if (v != null) {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c == 0x7f || c == ';') {
                    throw new IllegalArgumentException("a cookie attribute may not hold control characters or ';'");
                }
            }
        }
        return v;
    }

    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
