package dev.morello.http;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The header fields of a request, in the order they arrived. Names are compared
 * case-insensitively; values are decoded (ISO-8859-1, RFC 9110 §5.5) only when asked for.
 *
 * <p>A request's headers are valid while its exchange runs; read what you need to keep.
 */
public interface Headers {
    /** Number of field lines. */
    int size();

    /** The name of the i-th field, as sent. */
    String name(int i);

    /** The value of the i-th field, without leading and trailing whitespace. */
    String value(int i);

    /** The first value of a field, or {@code null}. */
    String get(String name);

    /** The first value of a field, or {@code null}. Known names are found without comparing strings. */
    String get(HeaderName name);

    /** Every value of a field, in order; empty when absent. */
    List<String> all(String name);

    default boolean contains(String name) {
        return get(name) != null;
    }

    default boolean contains(HeaderName name) {
        return get(name) != null;
    }

    /** Calls {@code action} with each field's name and value, in order. */
    default void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size(); i++) {
            action.accept(name(i), value(i));
        }
    }
}
