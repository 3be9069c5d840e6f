package dev.morello.tools;

import dev.morello.internal.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's arguments for one config path: the {@code tools.NAME.ARG} entries of the merged config
 * (without {@code on} and {@code priority}), read with conversions that accept typed values
 * (from Java maps) and text (from files) alike.
 */
public final class ToolArgs {
    private final String tool;
    private final Map<String, Object> values;

    public ToolArgs(String tool, Map<String, ?> values) {
        this.tool = tool;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static ToolArgs of(String tool, Map<String, ?> values) {
        return new ToolArgs(tool, values);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Object get(String name) {
        return values.get(name);
    }

    public Object get(String name, Object fallback) {
        return values.containsKey(name) ? values.get(name) : fallback;
    }

    private String key(String name) {
        return "tools." + tool + "." + name;
    }

    public String string(String name, String fallback) {
        Object v = values.get(name);
        return v == null ? fallback : v.toString();
    }

    public boolean bool(String name, boolean fallback) {
        return values.containsKey(name) ? Values.bool(key(name), values.get(name)) : fallback;
    }

    public long integer(String name, long fallback) {
        Object v = values.get(name);
        return v == null ? fallback : Values.integer(key(name), v);
    }

    public double number(String name, double fallback) {
        Object v = values.get(name);
        return v == null ? fallback : Values.number(key(name), v);
    }

    public List<String> strings(String name, List<String> fallback) {
        Object v = values.get(name);
        return v == null ? fallback : Values.strings(key(name), v);
    }

    /** A map argument ({@code {"ext": "type"}}), with keys and values as strings. */
    public Map<String, String> stringMap(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(key(name) + " must be a dict, not " + v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
        return out;
    }

    @Override
    public String toString() {
        return tool + values;
    }
}
