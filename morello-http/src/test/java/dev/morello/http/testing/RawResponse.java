package dev.morello.http.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One response as {@link RawClient} read it off the wire: the status line taken apart, the header
 * fields in order and as sent, and the body after its framing was undone.
 *
 * @param statusLine the status line without its CRLF
 * @param version    {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param status     the three-digit code
 * @param reason     the reason phrase, possibly empty
 * @param fields     the header fields in order
 * @param body       the body bytes (decoded from chunks when chunked)
 * @param framing    how the body was delimited
 * @param chunkSizes the size of every data chunk, in order, when chunked
 * @param trailers   the trailer fields, when chunked
 * @param complete   whether the body ended as its framing says (false: the connection ended early or
 *                   the framing was malformed)
 * @param problem    what was wrong with the framing when it was malformed, else {@code null}
 */
public record RawResponse(
        String statusLine,
        String version,
        int status,
        String reason,
        List<Field> fields,
        byte[] body,
        Framing framing,
        List<Integer> chunkSizes,
        List<Field> trailers,
        boolean complete,
        String problem) {

    /** How a response body was delimited (RFC 9112 §6.3). */
    public enum Framing {
        /** No body by definition: 1xx, 204, 304, or a response to HEAD. */
        NONE,
        CONTENT_LENGTH,
        CHUNKED,
        /** Read until the server closed the connection. */
        CLOSE
    }

    /** A header or trailer field as it arrived; the value without surrounding whitespace. */
    public record Field(String name, String value) {
    }

    /** The first value of a field, compared case-insensitively, or {@code null}. */
    public String header(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** Every value of a field, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    public boolean hasHeader(String name) {
        return header(name) != null;
    }

    /** Whether some {@code Connection} field lists the {@code close} option. */
    public boolean saysClose() {
        return hasConnectionOption("close");
    }

    /** Whether some {@code Connection} field lists {@code option}, case-insensitively. */
    public boolean hasConnectionOption(String option) {
        for (String v : headers("Connection")) {
            for (String part : v.split(",")) {
                if (part.strip().equalsIgnoreCase(option)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(statusLine);
        for (Field f : fields) {
            b.append("\n").append(f.name()).append(": ").append(f.value());
        }
        b.append("\n[").append(framing).append(", ").append(body.length).append(" body bytes")
                .append(complete ? "" : ", INCOMPLETE").append(problem == null ? "" : ", " + problem).append("]");
        return b.toString();
    }
}
