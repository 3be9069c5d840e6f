package dev.morello.internal.body;

import dev.morello.HttpError;
import dev.morello.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a {@code multipart/form-data} body (RFC 7578) as it streams in, as CherryPy's
 * {@code process_multipart_form_data} does:
 *
 * <ul>
 *   <li>a part with a {@code filename} (or RFC 8187 {@code filename*}) becomes a {@link Part},
 *       in memory up to {@link MultipartLimits#maxRamBytes}, in a temporary file beyond;
 *   <li>any other named part is a field, decoded to a {@code String} with its own
 *       {@code charset}, else the first of US-ASCII and UTF-8 that decodes it;
 *   <li>a part without a name is kept in {@link MultipartResult#parts}.
 * </ul>
 *
 * <pre>{@code
 * MultipartResult body = Multipart.parse(in, mediaType.param("boundary"), MultipartLimits.defaults());
 * }</pre>
 *
 * <p>An {@link IOException} from the stream propagates unchanged; on any failure the temporary
 * files made so far are deleted.
 */
public final class Multipart {
    /** RFC 2046 §5.1.1 bchars, as CherryPy checks them: 1 to 201 printable ASCII, not ending in SP. */
    private static final Pattern BOUNDARY = Pattern.compile("[ -~]{0,200}[!-~]");
    private static final List<Charset> FIELD_CHARSETS = List.of(StandardCharsets.US_ASCII, StandardCharsets.UTF_8);
    private static final String CONTENT_DISPOSITION = "Content-Disposition";
    private static final String CONTENT_TYPE = "Content-Type";

    private Multipart() {
    }

    /**
     * Reads {@code body} up to the close delimiter; the epilogue after it is left unread, as it
     * carries nothing (RFC 2046 §5.1.1).
     *
     * @param boundary the {@code boundary} parameter of the Content-Type, unquoted
     * @throws HttpError 400 for an invalid boundary, a malformed or truncated body, oversized part
     *     headers or an undecodable field; 413 for too many parts or an oversized field
     * @throws IOException from {@code body}
     */
    public static MultipartResult parse(InputStream body, String boundary, MultipartLimits limits)
            throws IOException {
        if (boundary == null || !BOUNDARY.matcher(boundary).matches()) {
            // CherryPy answers 500 here; the client sent it, so it is the client's error.
            throw new HttpError(400, "Invalid boundary in multipart form: " + printable(boundary));
        }
        MultipartReader reader = new MultipartReader(body, boundary);
        MultipartResult result = new MultipartResult(new LinkedHashMap<>(), new ArrayList<>());
        try {
            MultipartReader.Delimiter next = reader.readContent(MultipartReader.DISCARD);
            int count = 0;
            while (next == MultipartReader.Delimiter.NEXT) {
                if (++count > limits.maxParts()) {
                    throw new HttpError(413, "Too many parts in the multipart body");
                }
                next = readPart(reader, limits, result);
            }
            return result;
        } catch (Throwable e) {
            result.delete();
            throw e;
        }
    }

    /** Reads one part into {@code result}; returns the delimiter that ended it. */
    private static MultipartReader.Delimiter readPart(MultipartReader reader, MultipartLimits limits,
            MultipartResult result) throws IOException {
        Map<String, String> headers = reader.readHeaders(limits.maxPartHeaderBytes());
        Map<String, String> disposition = dispositionParams(header(headers, CONTENT_DISPOSITION));
        String name = disposition.get("name");
        String filename = disposition.containsKey("filename*")
                ? extendedValue(disposition.get("filename*"))
                : disposition.get("filename");
        MultipartReader.Delimiter next;
        if (name != null && filename == null) {
            ByteArrayOutputStream field = new ByteArrayOutputStream();
            next = reader.readContent((bytes, offset, length) -> {
                if (field.size() + length > limits.maxFieldBytes()) {
                    throw new HttpError(413, "A form field in the multipart body is too large");
                }
                field.write(bytes, offset, length);
            });
            Params.add(result.params(), name, decodeField(field.toByteArray(), headers));
            return next;
        }
        Spool spool = new Spool(limits.maxRamBytes());
        Part part;
        try {
            next = reader.readContent(spool);
            part = spool.finish(name, filename, headers);
        } catch (Throwable e) {
            spool.discard();
            throw e;
        }
        if (name == null) {
            result.parts().add(part);
        } else {
            Params.add(result.params(), name, part);
        }
        return next;
    }

    /** The parameters of a {@code Content-Disposition} value (RFC 6266 §4.1), or none without one. */
    private static Map<String, String> dispositionParams(String value) {
        if (value == null) {
            return Map.of();
        }
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        Map<String, String> params = semicolon < 0 ? Map.of() : MediaType.parameters(value, semicolon);
        if (type.isEmpty() || !type.chars().allMatch(c -> MediaType.tchar((char) c)) || params == null) {
            throw malformedDisposition();
        }
        return params;
    }

    /**
     * Decodes an RFC 8187 ext-value, {@code charset "'" [ language ] "'" pct-encoded-value}, as in
     * {@code UTF-8''%e2%82%ac%20rates.txt}.
     */
    private static String extendedValue(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        Charset charset = second < 0 ? null : Charsets.lookup(value.substring(0, first));
        if (charset == null) {
            throw malformedDisposition();
        }
        String encoded = value.substring(second + 1);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            // attr-char is tchar without '*', '\'' and '%'; the '%' here starts an escape.
            if (!MediaType.tchar(c) || c == '*' || c == '\'') {
                throw malformedDisposition();
            }
        }
        byte[] raw = encoded.getBytes(StandardCharsets.US_ASCII);
        try {
            return Charsets.decodeStrict(UrlEncoding.percentDecode(raw, 0, raw.length, false), charset);
        } catch (CharacterCodingException e) {
            throw malformedDisposition();
        }
    }

    /** A field's text, in its declared charset, else the first of US-ASCII and UTF-8 that fits. */
    private static String decodeField(byte[] bytes, Map<String, String> headers) {
        String type = header(headers, CONTENT_TYPE);
        String declared = type == null ? null : MediaType.parse(type).param("charset");
        if (declared != null) {
            Charset charset = Charsets.lookup(declared);
            if (charset != null) {
                try {
                    return Charsets.decodeStrict(bytes, charset);
                } catch (CharacterCodingException e) {
                    // Reported below.
                }
            }
            throw new HttpError(400, Charsets.notDecodable(List.of(declared.toLowerCase(Locale.ROOT))));
        }
        for (Charset charset : FIELD_CHARSETS) {
            try {
                return Charsets.decodeStrict(bytes, charset);
            } catch (CharacterCodingException e) {
                // Try the next one.
            }
        }
        throw new HttpError(400, Charsets.notDecodable(FIELD_CHARSETS.stream().map(Charsets::label).toList()));
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The boundary quoted for the error message, anything but printable ASCII shown as '?'. */
    private static String printable(String boundary) {
        if (boundary == null) {
            return "none given";
        }
        StringBuilder b = new StringBuilder("'");
        boundary.chars().limit(210).forEach(c -> b.append(c >= ' ' && c <= '~' ? (char) c : '?'));
        return b.append(boundary.length() > 210 ? "...'" : "'").toString();
    }

    private static HttpError malformedDisposition() {
        return new HttpError(400, "Malformed Content-Disposition in the multipart body");
    }
}
