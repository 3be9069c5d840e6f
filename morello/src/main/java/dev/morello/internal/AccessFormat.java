package dev.morello.internal;

import java.util.function.Function;

/**
 * Access lines in CherryPy's format ({@code log.access_log_format}): the request cycle's, one per
 * request, and the server's refusals.
 */
public final class AccessFormat {
    private AccessFormat() {
    }

    /**
     * A line of {@code pattern}, each {@code {x}} replaced by {@code fields(x)} (escaped), the times
     * {@code t} and {@code z} by the logs' clock; a field it does not know stays as written.
     */
    public static String format(String pattern, Logs logs, Function<String, String> fields) {
        StringBuilder b = new StringBuilder(128);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close < 0) {
                b.append(c);
                continue;
            }
            String field = pattern.substring(i + 1, close);
            String value = switch (field) {
                case "t" -> logs.timestamp();
                case "z" -> logs.utcTimestamp();
                default -> fields.apply(field);
            };
            if (value == null) {
                b.append(c);
                continue;
            }
            b.append(escape(value));
            i = close;
        }
        return b.toString();
    }

    /** Quotes and control characters from the request are escaped, so a line stays one line. */
    private static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : null;
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
