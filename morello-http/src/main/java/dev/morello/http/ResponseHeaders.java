package dev.morello.http;

import java.util.List;

/**
 * The header fields of a response, settable until the response starts.
 *
 * <p>Names must be tokens and values must not hold CR, LF, NUL or other control bytes (HTAB
 * aside) or characters above U+00FF: a refused field throws {@link IllegalArgumentException}, so
 * an application can never split a response with input it echoes (RFC 9110 §5.5).
 *
 * <p>The server owns the framing: {@code Transfer-Encoding} is always its own, and
 * {@code Content-Length} is written from the length given when the response starts. {@code Date}
 * and {@code Server} are added unless set here; a {@code Connection: close} set here closes the
 * connection after the response.
 */
public interface ResponseHeaders {
    /** Replaces every field of this name with one. */
    ResponseHeaders set(HeaderName name, String value);

    /** Replaces every field of this name with one. */
    default ResponseHeaders set(String name, String value) {
        return set(HeaderName.of(name), value);
    }

    /** Adds a field, keeping those of the same name (for {@code Set-Cookie}, say). */
    ResponseHeaders add(HeaderName name, String value);

    default ResponseHeaders add(String name, String value) {
        return add(HeaderName.of(name), value);
    }

    /** Removes every field of this name. */
    ResponseHeaders remove(HeaderName name);

    default ResponseHeaders remove(String name) {
        return remove(HeaderName.of(name));
    }

    /** The first value of this name, or {@code null}. */
    String get(HeaderName name);

    default String get(String name) {
        return get(HeaderName.of(name));
    }

    /** Every value of this name, in order. */
    List<String> all(HeaderName name);

    default boolean contains(HeaderName name) {
        return get(name) != null;
    }

    int size();

    HeaderName name(int i);

    String value(int i);

    /** Removes every field. */
    void clear();
}
