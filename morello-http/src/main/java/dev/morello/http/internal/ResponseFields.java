package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.ResponseHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The response's header fields: two parallel arrays reused by every response of a connection.
 * Values are checked when set, so nothing that could split a response reaches the wire.
 */
public final class ResponseFields implements ResponseHeaders {
    private HeaderName[] names = new HeaderName[4];
    private String[] values = new String[4];
    private int count;
    private boolean frozen;

    @Override
    public ResponseHeaders set(HeaderName name, String value) {
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
        java.util.Objects.checkIndex(i, count);
        return names[i];
    }

    @Override
    public String value(int i) {
        java.util.Objects.checkIndex(i, count);
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
            throw new IllegalStateException("the response has started; its headers can no longer change");
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
