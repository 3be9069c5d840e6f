package dev.morello.internal.body;

import dev.morello.HttpError;
import dev.morello.internal.config.Names;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code Content-Type} value (RFC 9110 §8.3.1): type and subtype lower-cased, parameter
 * names lower-cased, parameter values unquoted.
 *
 * <pre>{@code
 * MediaType.parse("Multipart/Form-Data; Boundary=\"a b\"")   ->   multipart/form-data {boundary=a b}
 * }</pre>
 *
 * @param params parameters in the order sent; when a name repeats, the first value is kept
 */
public record MediaType(String type, String subtype, Map<String, String> params) {
    private static final char SEMICOLON = ';';
    private static final char EQUALS = '=';
    private static final char SLASH = '/';
    private static final char DQUOTE = '"';
    private static final char BACKSLASH = '\\';
    private static final String TCHAR_PUNCTUATION = "!#$%&'*+-.^_`|~";

    public MediaType {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses {@code type "/" subtype *( OWS ";" OWS [ parameter ] )}, surrounding whitespace
     * allowed.
     *
     * @throws HttpError 400 when the value does not follow that grammar
     */
    public static MediaType parse(String value) {
        String malformed = "Malformed Content-Type header";
        int end = value.length();
        int typeStart = skipWhitespace(value, 0);
        int slash = tokenEnd(value, typeStart);
        if (slash == typeStart || slash == end || value.charAt(slash) != SLASH) {
            throw new HttpError(400, malformed);
        }
        int subtypeEnd = tokenEnd(value, slash + 1);
        if (subtypeEnd == slash + 1) {
            throw new HttpError(400, malformed);
        }
        Map<String, String> params = parameters(value, subtypeEnd);
        if (params == null) {
            throw new HttpError(400, malformed);
        }
        return new MediaType(value.substring(typeStart, slash).toLowerCase(Locale.ROOT),
                value.substring(slash + 1, subtypeEnd).toLowerCase(Locale.ROOT), params);
    }

    /** {@code type/subtype}, the key to choose a body processor by. */
    public String fullType() {
        return type + SLASH + subtype;
    }

    /** The value of parameter {@code name} (any case), or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /** The {@code charset} parameter, or {@code fallback} when absent or unknown to the JDK. */
    public Charset charset(Charset fallback) {
        String name = params.get("charset");
        Charset charset = name == null ? null : Charsets.lookup(name);
        return charset != null ? charset : fallback;
    }

    /**
     * The parameters of a header value from index {@code from} to its end, as RFC 9110 §5.6.6
     * writes them: {@code *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )}. Names are
     * lower-cased, the first of a repeated name wins.
     *
     * @return the parameters, or null when the text does not follow the grammar
     */
    static Map<String, String> parameters(String s, int from) {
        Map<String, String> params = new LinkedHashMap<>();
        int end = s.length();
        int i = skipWhitespace(s, from);
        while (i < end) {
            if (s.charAt(i) != SEMICOLON) {
                return null;
            }
            i = skipWhitespace(s, i + 1);
            if (i == end || s.charAt(i) == SEMICOLON) {
                continue;
            }
            int nameEnd = tokenEnd(s, i);
            if (nameEnd == i || nameEnd == end || s.charAt(nameEnd) != EQUALS) {
                return null;
            }
            String name = s.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            i = nameEnd + 1;
            String value;
            if (i < end && s.charAt(i) == DQUOTE) {
                StringBuilder b = new StringBuilder();
                i = quotedStringEnd(s, i + 1, b);
                if (i < 0) {
                    return null;
                }
                value = b.toString();
            } else {
                int valueEnd = tokenEnd(s, i);
                if (valueEnd == i) {
                    return null;
                }
                value = s.substring(i, valueEnd);
                i = valueEnd;
            }
            params.putIfAbsent(name, value);
            i = skipWhitespace(s, i);
        }
        return params;
    }

    /**
     * Reads the rest of a quoted-string (RFC 9110 §5.6.4) opened just before {@code i} into
     * {@code out}, and returns the index after its closing quote, or -1 when it is malformed.
     */
    private static int quotedStringEnd(String s, int i, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == DQUOTE) {
                return i;
            }
            if (c == BACKSLASH) {
                if (i == s.length() || !quotedPairChar(s.charAt(i))) {
                    return -1;
                }
                out.append(s.charAt(i++));
            } else if (qdtext(c)) {
                out.append(c);
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** qdtext: HTAB, SP, VCHAR but DQUOTE and backslash, obs-text (here: any non-ASCII char). */
    private static boolean qdtext(char c) {
        return c == '\t' || (c >= ' ' && c != DQUOTE && c != BACKSLASH && c != 0x7f);
    }

    private static boolean quotedPairChar(char c) {
        return c == '\t' || (c >= ' ' && c != 0x7f);
    }

    private static int tokenEnd(String s, int i) {
        while (i < s.length() && tchar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** tchar of RFC 9110 §5.6.2. */
    static boolean tchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || (c < 0x7f && TCHAR_PUNCTUATION.indexOf(c) >= 0);
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
