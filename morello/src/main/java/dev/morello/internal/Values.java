package dev.morello.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads config values that may arrive typed (from Java maps) or as text (from files and the
 * command line): {@code 8080} and {@code "8080"} are the same port, {@code True} and {@code true}
 * the same switch. A value that does not fit names its key.
 */
public final class Values {
    private Values() {
    }

    public static boolean bool(String key, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.intValue() != 0;
        }
        if (v instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> {
                    return true;
                }
                case "false", "off", "no", "0", "none", "" -> {
                    return false;
                }
                default -> { }
            }
        }
        if (v == null) {
            return false;
        }
        throw new IllegalArgumentException("config key " + key + " must be True or False, not " + v);
    }

    public static long integer(String key, Object v) {
        if (v instanceof Number n && (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
            return n.longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error naming the key
            }
        }
        throw new IllegalArgumentException("config key " + key + " must be an integer, not " + describe(v));
    }

    public static double number(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("config key " + key + " must be a number, not " + describe(v));
    }

    public static String string(String key, Object v) {
        return v == null ? null : v.toString();
    }

    /** A list: a Java collection or array, or a comma-separated string. */
    public static List<String> strings(String key, Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(String.valueOf(o));
            }
        } else if (v instanceof Object[] a) {
            for (Object o : a) {
                out.add(String.valueOf(o));
            }
        } else if (v instanceof String s) {
            for (String part : s.split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        } else if (v != null) {
            throw new IllegalArgumentException("config key " + key + " must be a list, not " + describe(v));
        }
        return out;
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }
}
