package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * Fields as they arrived, in order, names compared case-insensitively: a chunked body's trailer
 * section (RFC 9112 §7.1.2), which comes once, small and bounded, so plain lists serve.
 */
final class FieldList implements Headers {
    /** No fields: what a body without trailers has. */
    static final Headers EMPTY = new FieldList();

    private final List<String> names = new ArrayList<>(2);
    private final List<String> values = new ArrayList<>(2);

    void add(String name, String value) {
        names.add(name);
        values.add(value);
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public String name(int i) {
        return names.get(i);
    }

    @Override
    public String value(int i) {
        return values.get(i);
    }

    @Override
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    @Override
    public String get(HeaderName name) {
        return get(name.name());
    }

    @Override
    public List<String> all(String name) {
        List<String> all = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                all.add(values.get(i));
            }
        }
        return all;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(values.get(i));
        }
        return b.append(']').toString();
    }
}
