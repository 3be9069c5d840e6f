package dev.morello;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One element of a comma-separated header field, with its {@code ;name=value} parameters:
 * {@code text/html;level=1;q=0.5} is the value {@code text/html} with {@code level} and {@code q}.
 * Parameter names are lower-cased; quoted values are unquoted.
 */
public record HeaderElement(String value, Map<String, String> params) {

    /** The {@code q} parameter (RFC 9110 §12.4.2), 1 when absent, 0 when malformed. */
    public double qvalue() {
        String q = params.get("q");
        if (q == null) {
            return 1.0;
        }
        try {
            double d = Double.parseDouble(q.trim());
            return d >= 0 && d <= 1 ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The named parameter, or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(value);
        params.forEach((k, v) -> b.append(';').append(k).append('=').append(v));
        return b.toString();
    }

    static void parseList(String field, List<HeaderElement> out) {
        int i = 0;
        int n = field.length();
        while (i < n) {
            // one element: up to a comma outside quotes
            int start = i;
            boolean quoted = false;
            while (i < n) {
                char c = field.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted) {
                    i++;
                } else if (c == ',' && !quoted) {
                    break;
                }
                i++;
            }
            String element = field.substring(start, Math.min(i, n)).trim();
            i++;
            if (!element.isEmpty()) {
                out.add(parse(element));
            }
        }
    }

    /** Parses one element, {@code value;a=b;c="d"}. */
    public static HeaderElement parse(String element) {
        List<String> pieces = splitParams(element);
        String value = pieces.get(0).trim();
        if (pieces.size() == 1) {
            return new HeaderElement(value, Map.of());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int k = 1; k < pieces.size(); k++) {
            String p = pieces.get(k).trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "" : unquote(p.substring(eq + 1).trim());
            params.putIfAbsent(name, v);
        }
        return new HeaderElement(value, Collections.unmodifiableMap(params));
    }

    private static List<String> splitParams(String s) {
        List<String> out = new java.util.ArrayList<>(2);
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ';' && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    static String unquote(String v) {
        if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) {
                c = v.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }
}
