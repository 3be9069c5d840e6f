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
 *
 * <p>A value is sent as CherryPy sends it (Python's {@code http.cookies}): as it is when it holds
 * only letters, digits and {@code !#$%&'*+-.^_`|~:}; otherwise in double quotes, with {@code "}
 * and {@code \} backslash-escaped and every character but those, space and
 * {@code ()/<=>?@[]{}} written as a three-digit octal escape ({@code a;b} is sent as
 * {@code "a\073b"}, an empty value as {@code ""}). {@link Request#cookies()} reads such a value
 * back as it was set.
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

    /**
     * Sets the value: any text in ISO-8859-1, quoted on the wire when it must be (see the class
     * documentation).
     *
     * @throws IllegalArgumentException naming the cookie, for a null value or one with a character
     *                                  beyond U+00FF (Python's quoting leaves such a character raw,
     *                                  and CherryPy then RFC 2047-encodes the whole field, which no
     *                                  browser reads as a cookie)
     */
    public Cookie value(String value) {
        if (value == null) {
            throw new IllegalArgumentException("cookie " + name + ": the value may not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                throw new IllegalArgumentException("cookie " + name + ": the value may only hold ISO-8859-1 characters;"
                        + " encode other text first (URL-encoding, say)");
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
        b.append(name).append('=');
        quote(b, value);
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

    /** Characters a value may hold and still be sent bare: Python's {@code http.cookies._LegalChars}. */
    private static final String BARE = "!#$%&'*+-.^_`|~:";
    /** Characters that stay as they are inside the quotes: Python's {@code _UnescapedChars} less the bare ones. */
    private static final String QUOTED_AS_IS = " ()/<=>?@[]{}";

    /** Appends a value as Python's {@code http.cookies._quote} writes it. */
    static void quote(StringBuilder b, String value) {
        boolean bare = !value.isEmpty();
        for (int i = 0; bare && i < value.length(); i++) {
            bare = isBare(value.charAt(i));
        }
        if (bare) {
            b.append(value);
            return;
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (isBare(c) || QUOTED_AS_IS.indexOf(c) >= 0) {
                b.append(c);
            } else {
                // "\073" for ';': three octal digits, as Python's _Translator has it
                b.append('\\').append((char) ('0' + (c >> 6 & 7))).append((char) ('0' + (c >> 3 & 7)))
                        .append((char) ('0' + (c & 7)));
            }
        }
        b.append('"');
    }

    private static boolean isBare(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || BARE.indexOf(c) >= 0;
    }

    /**
     * A value as sent in a {@code Cookie} field, unquoted as Python's {@code http.cookies._unquote}
     * does: a value in double quotes loses them, and inside, {@code \ooo} (three octal digits) is
     * that character and a backslash keeps the character after it. Any other value is kept as is.
     */
    static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        String in = value.substring(1, value.length() - 1);
        if (in.indexOf('\\') < 0) {
            return in;
        }
        StringBuilder b = new StringBuilder(in.length());
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c != '\\' || i + 1 == in.length()) {
                b.append(c);
            } else if (i + 3 < in.length() && isOctal(in.charAt(i + 1)) && isOctal(in.charAt(i + 2))
                    && isOctal(in.charAt(i + 3)) && in.charAt(i + 1) <= '3') {
                b.append((char) ((in.charAt(i + 1) - '0') * 64 + (in.charAt(i + 2) - '0') * 8 + (in.charAt(i + 3) - '0')));
                i += 3;
            } else {
                b.append(in.charAt(++i));
            }
        }
        return b.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
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
