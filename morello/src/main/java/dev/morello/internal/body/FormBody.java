package dev.morello.internal.body;

import dev.morello.HttpError;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Parses an {@code application/x-www-form-urlencoded} body, in the query-string syntax, trying
 * each charset in turn as CherryPy's {@code attempt_charsets} does: the first that decodes every
 * name and value wins.
 */
public final class FormBody {
    private FormBody() {
    }

    /**
     * The parameters of {@code body}.
     *
     * @param attempt the charsets to try in order: the Content-Type's {@code charset} first, then
     *     the configured ones
     * @throws HttpError 400 when none of them decodes the body, or an escape is malformed
     */
    public static LinkedHashMap<String, Object> parse(byte[] body, List<Charset> attempt) {
        for (Charset charset : attempt) {
            try {
                return UrlEncoding.parse(body, charset);
            } catch (CharacterCodingException e) {
                // Try the next one.
            }
        }
        throw new HttpError(400, Charsets.notDecodable(attempt.stream().map(Charsets::label).toList()));
    }
}
