package dev.morello.config;

import dev.morello.internal.config.Literals;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable Python tuple, as a config value {@code (1, 'a', None)} reads. It is a
 * {@link List} in every respect but change: {@code equals} and {@code hashCode} are a list's, so
 * {@code Tuple.of(1, 2).equals(List.of(1, 2))}. Elements may be null ({@code None}).
 *
 * <pre>{@code
 * Tuple version = (Tuple) Literals.parse("(1, 0)");
 * assert version.equals(Tuple.of(1, 0));
 * assert version.toString().equals("(1, 0)");
 * }</pre>
 */
public final class Tuple extends AbstractList<Object> implements RandomAccess {
    private static final Tuple EMPTY = new Tuple(new Object[0]);

    private final Object[] items;

    private Tuple(Object[] items) {
        this.items = items;
    }

    /** A tuple of the given items, copied. */
    public static Tuple of(Object... items) {
        return items.length == 0 ? EMPTY : new Tuple(items.clone());
    }

    /** A tuple of a list's items, copied. */
    public static Tuple copyOf(List<?> items) {
        return items.isEmpty() ? EMPTY : new Tuple(items.toArray());
    }

    @Override
    public Object get(int index) {
        return items[Objects.checkIndex(index, items.length)];
    }

    @Override
    public int size() {
        return items.length;
    }

    /** Python's spelling: {@code ()}, {@code (1,)}, {@code (1, 2)}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(items[i]);
        }
        return out.append(items.length == 1 ? ",)" : ")").toString();
    }
}
