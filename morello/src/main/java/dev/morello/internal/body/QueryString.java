package dev.morello.internal.body;

import dev.morello.HttpError;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;

/**
 * Parses the query string into parameters (CherryPy's {@code process_query_string}): blank values
 * are kept, {@code &} and {@code ;} both separate pairs, a repeated name collects a list.
 *
 * <pre>{@code
 * QueryString.parse("q=caf%C3%A9+au+lait&page=2", UTF_8)   ->   {q=café au lait, page=2}
 * }</pre>
 */
public final class QueryString {
    private QueryString() {
    }

    /**
     * The parameters of {@code rawQuery}, still percent-encoded and without its {@code ?}.
     *
     * @throws HttpError 404, as CherryPy answers, when an escape is malformed or the bytes are not
     *     valid {@code charset}
     */
    public static LinkedHashMap<String, Object> parse(String rawQuery, Charset charset) {
        LinkedHashMap<String, Object> params;
        if (isImageMap(rawQuery)) {
            // A server-side image map (HTML 4.01 §13.6.2) sends the click position as "?x,y".
            int comma = rawQuery.indexOf(',');
            params = new LinkedHashMap<>();
            params.put("x", rawQuery.substring(0, comma));
            params.put("y", rawQuery.substring(comma + 1));
            return params;
        }
        try {
            // The server hands over the target as ISO-8859-1 text of ASCII bytes, which any
            // ASCII-compatible charset turns back into the same bytes.
            return UrlEncoding.parse(rawQuery.getBytes(charset), charset);
        } catch (CharacterCodingException e) {
            throw new HttpError(404, "The given query string could not be processed. Query strings for this resource "
                    + "must be encoded with " + Charsets.label(charset) + ".");
        }
    }

    /** Whether the whole query is {@code digits,digits}. */
    private static boolean isImageMap(String query) {
        int comma = query.indexOf(',');
        return comma > 0 && comma < query.length() - 1
                && allDigits(query, 0, comma) && allDigits(query, comma + 1, query.length());
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
