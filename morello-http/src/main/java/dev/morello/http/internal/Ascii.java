package dev.morello.http.internal;

/**
 * Byte classes of RFC 9110 and RFC 3986 in one 256-entry table, so every scanning loop in the
 * parser is a single array load and a mask test.
 */
public final class Ascii {
    /** {@code tchar} of RFC 9110 §5.6.2: the bytes of a method, a header name, a token. */
    public static final int TCHAR = 1;
    /** A byte allowed in a field value (RFC 9110 §5.5): VCHAR, obs-text, SP and HTAB. */
    public static final int FIELD_VCHAR = 1 << 1;
    /**
     * A byte allowed in a request-target (RFC 3986 §3.3/§3.4, plus '%' for pct-encoding, and the
     * brackets of an IP literal, which {@link RequestRules} allows only in an authority).
     */
    public static final int TARGET = 1 << 2;
    /** Hex digit. */
    public static final int HEX = 1 << 3;
    /** A byte of an RFC 3986 reg-name or IPv4address host (unreserved, sub-delims, '%'). */
    public static final int HOST = 1 << 4;

    public static final byte CR = '\r';
    public static final byte LF = '\n';
    public static final byte SP = ' ';
    public static final byte HTAB = '\t';

    private static final byte[] CLASSES = new byte[256];

    static {
        String tcharPunct = "!#$%&'*+-.^_`|~";
        String unreserved = "-._~";
        String subDelims = "!$&'()*+,;=";
        for (int c = 0; c < 256; c++) {
            int k = 0;
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            if (alpha || digit || (c < 128 && tcharPunct.indexOf(c) >= 0)) {
                k |= TCHAR;
            }
            if ((c >= 0x21 && c != 0x7f) || c == SP || c == HTAB) {
                k |= FIELD_VCHAR;
            }
            if (alpha || digit || (c < 128 && (unreserved.indexOf(c) >= 0 || subDelims.indexOf(c) >= 0
                    || ":@/?%[]".indexOf(c) >= 0))) {
                k |= TARGET;
            }
            if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                k |= HEX;
            }
            if (alpha || digit || (c < 128 && (unreserved.indexOf(c) >= 0 || subDelims.indexOf(c) >= 0
                    || c == '%'))) {
                k |= HOST;
            }
            CLASSES[c] = (byte) k;
        }
    }

    private Ascii() {
    }

    public static boolean is(byte b, int clazz) {
        return (CLASSES[b & 0xff] & clazz) != 0;
    }

    public static boolean isTchar(byte b) {
        return (CLASSES[b & 0xff] & TCHAR) != 0;
    }

    public static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }

    /** ASCII case-insensitive comparison of {@code len} bytes against a lower-case ASCII pattern. */
    public static boolean equalsLower(byte[] buf, int off, int len, byte[] lowerPattern) {
        if (len != lowerPattern.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            byte b = buf[off + i];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b | 0x20);
            }
            if (b != lowerPattern[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII case-insensitive comparison of bytes against a string (no allocation). */
    public static boolean equalsIgnoreCase(byte[] buf, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int a = buf[off + i] & 0xff;
            int b = s.charAt(i);
            if (a != b) {
                if (a >= 'A' && a <= 'Z') {
                    a |= 0x20;
                }
                if (b >= 'A' && b <= 'Z') {
                    b |= 0x20;
                }
                if (a != b) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Parses a non-negative decimal number of ASCII digits only, as RFC 9110 §8.6 defines
     * {@code Content-Length}. Unlike {@code Long.parseLong} it refuses signs, non-ASCII digits,
     * and empty input. Returns -1 for anything that is not {@code 1*DIGIT} or overflows.
     */
    public static long parseDigits(byte[] buf, int off, int len) {
        if (len <= 0) {
            return -1;
        }
        long value = 0;
        for (int i = off; i < off + len; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
