package dev.morello.internal.body;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Request parameters as CherryPy keeps them: an ordered map from name to a {@code String}, a
 * {@link dev.morello.Part}, or, for a name that arrived more than once, a {@code List<Object>} of
 * those in arrival order.
 *
 * <pre>{@code
 * a=1&b=2&a=3   ->   {a=[1, 3], b=2}
 * }</pre>
 */
public final class Params {
    private Params() {
    }

    /**
     * Adds one value under {@code name}: stored bare the first time, as a list from the second.
     * A {@code List} value is added element by element, so merging query parameters and then body
     * parameters gives {@code [queryValue, bodyValue]} rather than nested lists.
     */
    public static void add(Map<String, Object> params, String name, Object value) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                add(params, name, v);
            }
            return;
        }
        Object old = params.get(name);
        if (old == null) {
            params.put(name, value);
            return;
        }
        List<Object> list;
        if (old instanceof List<?> existing) {
            list = mutable(existing);
        } else {
            list = new ArrayList<>(2);
            list.add(old);
        }
        list.add(value);
        params.put(name, list);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mutable(List<?> list) {
        // The lists this class makes are ArrayLists; one put there by other code is copied.
        return list instanceof ArrayList<?> ? (List<Object>) list : new ArrayList<>(list);
    }

    /** Adds every entry of {@code source} to {@code target} in order, as {@link #add} does. */
    public static void addAll(Map<String, Object> target, Map<String, ?> source) {
        source.forEach((name, value) -> add(target, name, value));
    }
}
