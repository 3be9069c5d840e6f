package dev.morello.tools.std.encoding;

import dev.morello.HeaderElement;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The charsets a response may be encoded in, in the order to try them, from {@code Accept-Charset}
 * (RFC 9110 §12.5.2) as CherryPy reads it; and the {@code charset} parameter of a
 * {@code Content-Type}.
 */
final class EncCharsets {
    static final String ISO_8859_1 = "iso-8859-1";

    private EncCharsets() {
    }

    /** One charset to try: its label as the client (or config) named it, lower-cased, and the Java charset, or null when Java has none by that name. */
    record Candidate(String label, Charset charset) {
    }

    /**
     * The charsets to try for a request's {@code Accept-Charset} elements (best q first): each
     * with q > 0 in that order, {@code *} standing for the default; then, when neither {@code *}
     * nor ISO-8859-1 is named, ISO-8859-1 (RFC 2616 §14.2 gave it q=1 unless named). A charset
     * named with q=0 is never tried, the default included, even through {@code *}.
     */
    static List<Candidate> acceptable(List<HeaderElement> elements, String defaultEncoding) {
        List<String> labels = new ArrayList<>(4);
        List<String> refused = new ArrayList<>(1);
        boolean star = false;
        boolean isoNamed = false;
        for (HeaderElement e : elements) {
            String v = e.value().toLowerCase(Locale.ROOT);
            if (v.equals("*")) {
                star = true;
            } else if (v.equals(ISO_8859_1)) {
                isoNamed = true;
            }
            if (e.qvalue() <= 0 && !v.equals("*")) {
                refused.add(v);
            }
        }
        String fallback = defaultEncoding.toLowerCase(Locale.ROOT);
        for (HeaderElement e : elements) {
            if (e.qvalue() <= 0) {
                continue;
            }
            String v = e.value().toLowerCase(Locale.ROOT);
            if (v.equals("*")) {
                if (!refused.contains(fallback)) {
                    addOnce(labels, fallback);
                }
            } else if (!refused.contains(v)) {
                addOnce(labels, v);
            }
        }
        if (!star && !isoNamed) {
            addOnce(labels, ISO_8859_1);
        }
        List<Candidate> out = new ArrayList<>(labels.size());
        for (String label : labels) {
            out.add(new Candidate(label, lookup(label)));
        }
        return out;
    }

    /**
     * Whether the client accepts a charset the config forces: there are no elements, or it is named
     * with q > 0, or it is not named and {@code *} has q > 0, or it is ISO-8859-1, neither named
     * nor refused by {@code *}.
     */
    static boolean accepts(List<HeaderElement> elements, String label) {
        if (elements.isEmpty()) {
            return true;
        }
        double named = -1;
        double star = -1;
        for (HeaderElement e : elements) {
            String v = e.value().toLowerCase(Locale.ROOT);
            if (v.equals(label)) {
                named = Math.max(named, e.qvalue());
            } else if (v.equals("*")) {
                star = Math.max(star, e.qvalue());
            }
        }
        if (named >= 0) {
            return named > 0;
        }
        if (star >= 0) {
            return star > 0;
        }
        return label.equals(ISO_8859_1);
    }

    private static void addOnce(List<String> labels, String label) {
        if (!labels.contains(label)) {
            labels.add(label);
        }
    }

    /** The Java charset for a label, or null when there is none (or it cannot encode). */
    static Charset lookup(String label) {
        try {
            Charset cs = Charset.forName(label);
            return cs.canEncode() ? cs : null;
        } catch (IllegalArgumentException e) {
            return null; // an illegal or unsupported name
        }
    }

    /** The charset named by a {@code Content-Type} value, or null. */
    static String charsetParam(String contentType) {
        int semi = contentType.indexOf(';');
        if (semi < 0) {
            return null;
        }
        return HeaderElement.parse(contentType).param("charset");
    }

    /**
     * The {@code Content-Type} value with its {@code charset} parameter set to the label:
     * {@code text/html;charset=utf-8}; other parameters are kept as written.
     */
    static String withCharset(String contentType, String label) {
        List<String> pieces = new ArrayList<>(3);
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < contentType.length(); i++) {
            char c = contentType.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ';' && !quoted) {
                pieces.add(contentType.substring(start, i).trim());
                start = i + 1;
            }
        }
        pieces.add(contentType.substring(start).trim());
        StringBuilder b = new StringBuilder(contentType.length() + label.length() + 9).append(pieces.get(0));
        for (int i = 1; i < pieces.size(); i++) {
            String p = pieces.get(i);
            if (p.isEmpty() || p.regionMatches(true, 0, "charset", 0, 7) && p.substring(7).trim().startsWith("=")) {
                continue;
            }
            b.append(';').append(p);
        }
        return b.append(";charset=").append(label).toString();
    }
}
