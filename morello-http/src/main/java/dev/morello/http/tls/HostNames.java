package dev.morello.http.tls;

import java.net.IDN;
import java.util.Locale;

/**
 * Host names as SNI compares them (RFC 6066 §3): ASCII, compared without regard to case, without
 * a trailing dot. A configured name may be a wildcard whose whole leftmost label is {@code *}
 * ({@code *.example.com}); it stands for exactly one label, as in certificates (RFC 6125 §6.4.3):
 * it matches {@code www.example.com}, not {@code example.com} nor {@code a.b.example.com}.
 */
final class HostNames {
    private static final String WILDCARD = "*.";

    private HostNames() {
    }

    /**
     * A configured name or wildcard in the form {@link #requested} gives: lower-case ASCII
     * (internationalized names through IDNA), no trailing dot.
     *
     * @throws IllegalArgumentException when it is not a host name
     */
    static String pattern(String name) {
        boolean wildcard = name.startsWith(WILDCARD);
        String rest = wildcard ? name.substring(WILDCARD.length()) : name;
        if (rest.indexOf('*') >= 0) {
            throw new IllegalArgumentException("a host name may hold '*' only as its whole leftmost label: " + name);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a host name: " + name);
        }
        String normal = canonical(ascii);
        if (normal == null) {
            throw new IllegalArgumentException("not a host name: " + name);
        }
        return wildcard ? WILDCARD + normal : normal;
    }

    /** A name a client asked for, in the form patterns have, or {@code null} when it is not a DNS name. */
    static String requested(String asciiName) {
        return canonical(asciiName);
    }

    static boolean isWildcard(String pattern) {
        return pattern.startsWith(WILDCARD);
    }

    /** What a wildcard stands over: {@code example.com} for {@code *.example.com}. */
    static String wildcardDomain(String pattern) {
        return pattern.substring(WILDCARD.length());
    }

    /** The domain a one-label wildcard would have to name to match {@code name}, or {@code null}. */
    static String parentDomain(String name) {
        int dot = name.indexOf('.');
        return dot <= 0 ? null : name.substring(dot + 1);
    }

    private static String canonical(String name) {
        String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (s.isEmpty() || s.length() > 253) {
            return null;
        }
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                int length = i - labelStart;
                if (length == 0 || length > 63) {
                    return null;
                }
                labelStart = i + 1;
                continue;
            }
            char c = s.charAt(i);
            // Letters, digits and hyphens (RFC 1123 §2.1); underscores occur in real names too.
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!allowed) {
                return null;
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
