package dev.morello.internal.body;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * The {@code application/x-www-form-urlencoded} syntax shared by query strings and form bodies,
 * as CherryPy reads it: {@code &} and {@code ;} both end a pair, {@code +} is a space, {@code %XX}
 * is a byte, and the bytes of each name and value are then decoded with one charset.
 */
final class UrlEncoding {
    private static final byte AMPERSAND = '&';
    private static final byte SEMICOLON = ';';
    private static final byte EQUALS = '=';
    private static final byte PLUS = '+';
    private static final byte PERCENT = '%';
    private static final byte SPACE = ' ';

    private UrlEncoding() {
    }

    /**
     * The pairs of {@code raw} in order, repeats merged by {@link Params#add}. A pair without
     * {@code =} is a name with an empty value; an empty pair is skipped.
     *
     * @throws CharacterCodingException for a malformed escape or bytes {@code charset} cannot decode
     */
    static LinkedHashMap<String, Object> parse(byte[] raw, Charset charset) throws CharacterCodingException {
        LinkedHashMap<String, Object> params = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == AMPERSAND || raw[i] == SEMICOLON) {
                if (i > start) {
                    addPair(params, raw, start, i, charset);
                }
                start = i + 1;
            }
        }
        return params;
    }

    private static void addPair(LinkedHashMap<String, Object> params, byte[] raw, int from, int to, Charset charset)
            throws CharacterCodingException {
        int eq = from;
        while (eq < to && raw[eq] != EQUALS) {
            eq++;
        }
        String name = Charsets.decodeStrict(percentDecode(raw, from, eq, true), charset);
        String value = eq == to ? "" : Charsets.decodeStrict(percentDecode(raw, eq + 1, to, true), charset);
        Params.add(params, name, value);
    }

    /**
     * The bytes of {@code raw[from, to)} with each {@code %XX} replaced by its byte, and each
     * {@code +} by a space when {@code plusIsSpace} (form syntax; RFC 8187 values keep it).
     *
     * @throws CharacterCodingException for a {@code %} not followed by two hex digits
     */
    static byte[] percentDecode(byte[] raw, int from, int to, boolean plusIsSpace) throws CharacterCodingException {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == PERCENT) {
                int hi = i + 2 < to ? hexValue(raw[i + 1]) : -1;
                int lo = hi >= 0 ? hexValue(raw[i + 2]) : -1;
                if (lo < 0) {
                    // Python's unquote would keep "%zz" as text; a client that sends it has encoded
                    // the value wrongly, and guessing what it meant would hide the mistake.
                    throw new CharacterCodingException();
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (b == PLUS && plusIsSpace) {
                out[n++] = SPACE;
            } else {
                out[n++] = b;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
