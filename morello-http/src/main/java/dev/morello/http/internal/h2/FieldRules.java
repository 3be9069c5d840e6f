package dev.morello.http.internal.h2;

import java.util.Set;

/**
 * RFC 9113 §8.2's rules for a field the server receives, checked one field at a time after HPACK
 * has decoded it. A field that breaks one makes the request malformed (§8.1.1): the connection
 * resets that stream with PROTOCOL_ERROR, and HPACK's state is not affected.
 *
 * <pre>{@code
 * FieldRules.Verdict v = FieldRules.check(name, value);
 * if (v != FieldRules.Verdict.VALID) {
 *     throw H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, v.reason());
 * }
 * }</pre>
 *
 * <p>Where the pseudo-header fields sit and which a request must carry (§8.3) depend on the
 * whole list, and are the connection's to check.
 */
public final class FieldRules {
    /** The outcome of {@link #check}. */
    public enum Verdict {
        VALID("valid"),
        EMPTY_NAME("empty field name"),
        /** §8.2: names are lower case in HTTP/2. */
        UPPER_CASE_NAME("upper-case letter in a field name"),
        /** §8.2.1 and RFC 9110 §5.1: a name is a token. */
        NAME_NOT_TOKEN("field name is not a token"),
        /** §8.3: only the request pseudo-header fields RFC 9113 and RFC 8441 define. */
        UNKNOWN_PSEUDO_HEADER("unknown pseudo-header field"),
        /** §8.2.1: NUL, CR and LF are never allowed in a value. */
        VALUE_NUL_CR_LF("NUL, CR or LF in a field value"),
        /** RFC 9110 §5.5: no other control character either (HTAB aside), as on HTTP/1.1. */
        VALUE_CONTROL("control character in a field value"),
        /** §8.2.1: a value neither starts nor ends with SP or HTAB. */
        VALUE_EDGE_WHITESPACE("whitespace at the edge of a field value"),
        /** §8.2.2: connection-specific fields have no place in HTTP/2; TE only as "trailers". */
        CONNECTION_SPECIFIC("connection-specific field");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        /** A short reason, safe to log or send. */
        public String reason() {
            return reason;
        }
    }

    /** The request pseudo-header fields (RFC 9113 §8.3.1; {@code :protocol} from RFC 8441 §4). */
    public static final Set<String> REQUEST_PSEUDO_HEADERS = Set.of(":method", ":scheme", ":authority", ":path", ":protocol");

    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    /** tchar of RFC 9110 §5.6.2, lower-case letters only. */
    private static final boolean[] NAME_CHAR = new boolean[128];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            NAME_CHAR[c] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            NAME_CHAR[c] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            NAME_CHAR[c] = true;
        }
    }

    private FieldRules() {
    }

    /** Whether {@code name} is a pseudo-header field's (it starts with a colon). */
    public static boolean isPseudoHeader(String name) {
        return !name.isEmpty() && name.charAt(0) == ':';
    }

    /** Checks one received request field; see {@link Verdict} for the rules. */
    public static Verdict check(String name, String value) {
        Verdict v = checkName(name);
        if (v != Verdict.VALID) {
            return v;
        }
        v = checkValue(value);
        if (v != Verdict.VALID) {
            return v;
        }
        if (CONNECTION_SPECIFIC.contains(name) || (name.equals("te") && !value.equals("trailers"))) {
            return Verdict.CONNECTION_SPECIFIC;
        }
        return Verdict.VALID;
    }

    /** Checks a name alone: a lower-case token, or a known request pseudo-header. */
    public static Verdict checkName(String name) {
        int n = name.length();
        if (n == 0) {
            return Verdict.EMPTY_NAME;
        }
        if (name.charAt(0) == ':') {
            return REQUEST_PSEUDO_HEADERS.contains(name) ? Verdict.VALID : Verdict.UNKNOWN_PSEUDO_HEADER;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return Verdict.UPPER_CASE_NAME;
            }
            if (c >= 128 || !NAME_CHAR[c]) {
                return Verdict.NAME_NOT_TOKEN;
            }
        }
        return Verdict.VALID;
    }

    /** Checks a value alone. */
    public static Verdict checkValue(String value) {
        int n = value.length();
        Verdict found = Verdict.VALID;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                return Verdict.VALUE_NUL_CR_LF;
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                found = Verdict.VALUE_CONTROL;
            }
        }
        if (found != Verdict.VALID) {
            return found;
        }
        if (n > 0 && (isBlank(value.charAt(0)) || isBlank(value.charAt(n - 1)))) {
            return Verdict.VALUE_EDGE_WHITESPACE;
        }
        return Verdict.VALID;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
