package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed request head: positions into the connection's read buffer, turned into strings only
 * when someone asks. Reused for every request of a connection; {@link #bind} points it at the
 * buffer once the head is complete, {@link #reset} forgets it.
 *
 * <p>All positions are relative to the head's first byte ({@code base}), so the connection may
 * move the bytes while the head is still arriving without the parser noticing.
 */
public final class RequestHead implements Headers {
    private static final String[] METHODS = {"GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"};
    private static final byte[][] METHOD_BYTES = new byte[METHODS.length][];

    static {
        for (int i = 0; i < METHODS.length; i++) {
            METHOD_BYTES[i] = METHODS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private byte[] buf;
    private int base;

    int methodStart;
    int methodEnd;
    int targetStart;
    int targetEnd;
    /** 0 for HTTP/1.0, 1 for HTTP/1.1 and any higher 1.x (RFC 9110 §2.5). */
    int minorVersion;

    int count;
    int[] nameStart = new int[8];
    int[] nameEnd = new int[8];
    int[] valueStart = new int[8];
    int[] valueEnd = new int[8];
    HeaderName[] known = new HeaderName[8];

    private String method;
    private String target;
    /** Decoded values and names, made when first asked for. */
    private String[] values;
    private String[] names;
    private boolean live;

    /** Points the head at the buffer that holds it; its strings are valid from now on. */
    public void bind(byte[] buffer, int headBase) {
        this.buf = buffer;
        this.base = headBase;
        this.live = true;
    }

    /** Forgets the previous request. */
    public void reset() {
        if (values != null) {
            Arrays.fill(values, 0, Math.min(count, values.length), null);
        }
        if (names != null) {
            Arrays.fill(names, 0, Math.min(count, names.length), null);
        }
        Arrays.fill(known, 0, Math.min(count, known.length), null);
        count = 0;
        method = null;
        target = null;
        live = false;
        buf = null;
    }

    void addField(int ns, int ne, int vs, int ve, HeaderName name) {
        if (count == nameStart.length) {
            int n = count * 2;
            nameStart = Arrays.copyOf(nameStart, n);
            nameEnd = Arrays.copyOf(nameEnd, n);
            valueStart = Arrays.copyOf(valueStart, n);
            valueEnd = Arrays.copyOf(valueEnd, n);
            known = Arrays.copyOf(known, n);
        }
        nameStart[count] = ns;
        nameEnd[count] = ne;
        valueStart[count] = vs;
        valueEnd[count] = ve;
        known[count] = name;
        count++;
    }

    private void checkLive() {
        if (!live) {
            throw new IllegalStateException("the request's headers are read after its exchange ended");
        }
    }

    public byte[] buffer() {
        return buf;
    }

    public int base() {
        return base;
    }

    public int minorVersion() {
        return minorVersion;
    }

    public int targetStart() {
        return targetStart;
    }

    public int targetEnd() {
        return targetEnd;
    }

    public String method() {
        checkLive();
        if (method == null) {
            method = decodeMethod();
        }
        return method;
    }

    private String decodeMethod() {
        for (int m = 0; m < METHOD_BYTES.length; m++) {
            byte[] candidate = METHOD_BYTES[m];
            if (methodIs(candidate)) {
                return METHODS[m];
            }
        }
        return latin1(methodStart, methodEnd);
    }

    /** Whether the method is exactly these bytes (case-sensitive, RFC 9110 §9.1). */
    public boolean methodIs(byte[] name) {
        return name.length == methodEnd - methodStart
                && Arrays.equals(buf, base + methodStart, base + methodEnd, name, 0, name.length);
    }

    public String target() {
        checkLive();
        if (target == null) {
            target = latin1(targetStart, targetEnd);
        }
        return target;
    }

    String latin1(int from, int to) {
        return new String(buf, base + from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The field index of a known name, or -1; no allocation. */
    public int indexOf(HeaderName name, int from) {
        for (int i = from; i < count; i++) {
            if (known[i] == name) {
                return i;
            }
        }
        return -1;
    }

    public int valueStart(int i) {
        return base + valueStart[i];
    }

    public int valueLength(int i) {
        return valueEnd[i] - valueStart[i];
    }

    @Override
    public int size() {
        checkLive();
        return count;
    }

    @Override
    public String name(int i) {
        checkLive();
        java.util.Objects.checkIndex(i, count);
        if (names == null || names.length < count) {
            names = names == null ? new String[nameStart.length] : Arrays.copyOf(names, nameStart.length);
        }
        String n = names[i];
        if (n == null) {
            n = latin1(nameStart[i], nameEnd[i]);
            names[i] = n;
        }
        return n;
    }

    @Override
    public String value(int i) {
        checkLive();
        java.util.Objects.checkIndex(i, count);
        if (values == null || values.length < count) {
            values = values == null ? new String[nameStart.length] : Arrays.copyOf(values, nameStart.length);
        }
        String v = values[i];
        if (v == null) {
            v = latin1(valueStart[i], valueEnd[i]);
            values[i] = v;
        }
        return v;
    }

    @Override
    public String get(String name) {
        checkLive();
        for (int i = 0; i < count; i++) {
            if (Ascii.equalsIgnoreCase(buf, base + nameStart[i], nameEnd[i] - nameStart[i], name)) {
                return value(i);
            }
        }
        return null;
    }

    @Override
    public String get(HeaderName name) {
        checkLive();
        if (!KnownHeaders.isKnown(name)) {
            return get(name.name());
        }
        int i = indexOf(name, 0);
        return i < 0 ? null : value(i);
    }

    @Override
    public List<String> all(String name) {
        checkLive();
        List<String> result = new ArrayList<>(2);
        for (int i = 0; i < count; i++) {
            if (Ascii.equalsIgnoreCase(buf, base + nameStart[i], nameEnd[i] - nameStart[i], name)) {
                result.add(value(i));
            }
        }
        return result;
    }

    @Override
    public String toString() {
        if (!live) {
            return "RequestHead[not bound]";
        }
        StringBuilder b = new StringBuilder(method()).append(' ').append(target())
                .append(minorVersion == 0 ? " HTTP/1.0" : " HTTP/1.1");
        for (int i = 0; i < count; i++) {
            b.append("\n").append(name(i)).append(": ").append(value(i));
        }
        return b.toString();
    }
}
