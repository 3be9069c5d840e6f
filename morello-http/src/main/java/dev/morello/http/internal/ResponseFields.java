package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.ResponseHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The response's header fields, or its trailer fields: two parallel arrays reused by every
 * response of a connection. Values are checked when set, so nothing that could split a response
 * reaches the wire; as trailers, names that may not be trailers are refused too.
 */
public final class ResponseFields implements ResponseHeaders {
    /**
     * RFC 9110 §6.5.1: fields needed before the content cannot come after it. The section names
     * the kinds (framing, routing, request modifiers, authentication, response control, how to
     * process the content); these are the fields of each kind, as RFC 7230 §4.1.2 listed them,
     * with the other authentication fields, {@code Trailer} itself, and the connection-specific
     * fields (RFC 9110 §7.6.1), which end at the next hop and so cannot be trailers either.
     */
    private static final Set<String> NOT_TRAILERS = Set.of(
            "content-length", "transfer-encoding",
            "host",
            "cache-control", "expect", "max-forwards", "pragma", "range", "te",
            "if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range",
            "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate", "cookie", "set-cookie",
            "age", "expires", "date", "location", "retry-after", "vary", "warning",
            "content-encoding", "content-type", "content-range", "trailer",
            "connection", "keep-alive", "proxy-connection", "upgrade");

    private final boolean trailers;
    private HeaderName[] names = new HeaderName[4];
    private String[] values = new String[4];
    private int count;
    private boolean frozen;

    /** Header fields. */
    public ResponseFields() {
        this(false);
    }

    private ResponseFields(boolean trailers) {
        this.trailers = trailers;
    }

    /** Trailer fields: as header fields, but the names RFC 9110 §6.5.1 keeps out are refused. */
    static ResponseFields forTrailers() {
        return new ResponseFields(true);
    }

    @Override
    public ResponseHeaders set(HeaderName name, String value) {
        checkName(name);
        checkValue(value);
        checkOpen();
        int first = -1;
        int w = 0;
        for (int r = 0; r < count; r++) {
            if (names[r].equals(name)) {
                if (first >= 0) {
                    continue;
                }
                first = w;
            }
            names[w] = names[r];
            values[w] = values[r];
            w++;
        }
        Arrays.fill(names, w, count, null);
        Arrays.fill(values, w, count, null);
        count = w;
        if (first >= 0) {
            values[first] = value;
            return this;
        }
        return append(name, value);
    }

    @Override
    public ResponseHeaders add(HeaderName name, String value) {
        checkName(name);
        checkValue(value);
        checkOpen();
        return append(name, value);
    }

    private ResponseHeaders append(HeaderName name, String value) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        names[count] = name;
        values[count] = value;
        count++;
        return this;
    }

    @Override
    public ResponseHeaders remove(HeaderName name) {
        checkOpen();
        int w = 0;
        for (int r = 0; r < count; r++) {
            if (!names[r].equals(name)) {
                names[w] = names[r];
                values[w] = values[r];
                w++;
            }
        }
        Arrays.fill(names, w, count, null);
        Arrays.fill(values, w, count, null);
        count = w;
        return this;
    }

    @Override
    public String get(HeaderName name) {
        for (int i = 0; i < count; i++) {
            if (names[i] == name || names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public List<String> all(HeaderName name) {
        List<String> result = new ArrayList<>(2);
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                result.add(values[i]);
            }
        }
        return result;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public HeaderName name(int i) {
        Objects.checkIndex(i, count);
        return names[i];
    }

    @Override
    public String value(int i) {
        Objects.checkIndex(i, count);
        return values[i];
    }

    @Override
    public void clear() {
        checkOpen();
        Arrays.fill(names, 0, count, null);
        Arrays.fill(values, 0, count, null);
        count = 0;
    }

    /** After this the fields are on the wire and refuse changes. */
    void freeze() {
        frozen = true;
    }

    /** Ready for the next response. */
    void reset() {
        frozen = false;
        clear();
    }

    private void checkOpen() {
        if (frozen) {
            throw new IllegalStateException(trailers ? "the response's body has ended; its trailers can no longer change"
                    : "the response has started; its headers can no longer change");
        }
    }

    private void checkName(HeaderName name) {
        Objects.requireNonNull(name, "name");
        if (trailers && NOT_TRAILERS.contains(name.lowerCase())) {
            throw new IllegalArgumentException(name.name() + " cannot be a trailer field (RFC 9110 §6.5.1)");
        }
    }

    /**
     * RFC 9110 §5.5: a value is visible characters, SP and HTAB; CR, LF, NUL and the other
     * controls would let input split the response, so they are refused outright.
     */
    static void checkValue(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException(c > 0xff
                        ? "header value holds a character above U+00FF; encode it (RFC 8187)"
                        : "header value holds a control character (CR, LF, NUL ...)");
            }
        }
    }
}
