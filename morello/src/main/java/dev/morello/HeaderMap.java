package dev.morello;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Header fields in arrival (or insertion) order, looked up without regard to case, as CherryPy's
 * {@code HeaderMap}. Used for the request's headers and the response's.
 *
 * <pre>{@code
 * request.headers().get("user-agent");
 * request.headers().elements("Accept");      // parsed, best q-value first
 * response.headers().set("Cache-Control", "no-store");
 * }</pre>
 */
public final class HeaderMap {
    private final ArrayList<String> names;
    private final ArrayList<String> values;

    public HeaderMap() {
        this(8);
    }

    HeaderMap(int capacity) {
        names = new ArrayList<>(capacity);
        values = new ArrayList<>(capacity);
    }

    public int size() {
        return names.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    public String value(int i) {
        return values.get(i);
    }

    /** The first value of the field, or null. */
    public String get(String name) {
        for (int i = 0, n = names.size(); i < n; i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** The first value, or the fallback when the field is absent. */
    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** Every value of the field, in order (one per field line). */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0, n = names.size(); i < n; i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** Replaces every field of this name with one holding the value. */
    public HeaderMap set(String name, String value) {
        for (int i = 0, n = names.size(); i < n; i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.set(i, name);
                values.set(i, value);
                removeFrom(name, i + 1);
                return this;
            }
        }
        names.add(name);
        values.add(value);
        return this;
    }

    /** Replaces the value of the field at {@code i}, keeping its name and place. */
    public void setValue(int i, String value) {
        values.set(i, value);
    }

    /** Adds a field line, keeping those already there. */
    public HeaderMap add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /** Removes every field of this name; returns the first removed value, or null. */
    public String remove(String name) {
        String first = null;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                first = values.get(i);
                names.remove(i);
                values.remove(i);
            }
        }
        return first;
    }

    private void removeFrom(String name, int from) {
        for (int i = names.size() - 1; i >= from; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
    }

    public void clear() {
        names.clear();
        values.clear();
    }

    /** The distinct field names, in first-seen order. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (seen.add(n.toLowerCase(Locale.ROOT))) {
                out.add(n);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0, n = names.size(); i < n; i++) {
            action.accept(names.get(i), values.get(i));
        }
    }

    /**
     * The field's comma-separated elements, each with its parameters. For {@code Accept} and the
     * other {@code Accept-*} fields, and for {@code TE}, the elements are sorted by q-value, best
     * first (a stable sort, so equal q-values keep their order).
     */
    public List<HeaderElement> elements(String name) {
        List<HeaderElement> out = new ArrayList<>();
        for (String v : all(name)) {
            HeaderElement.parseList(v, out);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("accept") || lower.equals("te")) {
            out.sort(Comparator.comparingDouble(HeaderElement::qvalue).reversed());
        }
        return out;
    }

    /** The element values of {@link #elements}, in the same order. */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (HeaderElement e : elements(name)) {
            out.add(e.value());
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(values.get(i));
        }
        return b.append('}').toString();
    }
}
