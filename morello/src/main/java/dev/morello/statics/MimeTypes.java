package dev.morello.statics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Media types for file names, from the table Morello ships ({@code dev/morello/statics/mime.types}:
 * IANA registrations, and the WHATWG choices where browsers settled on them, such as
 * {@code text/javascript} for scripts).
 *
 * <pre>{@code
 * MimeTypes.forName("app.js");                       // "text/javascript;charset=utf-8"
 * MimeTypes.forName("font.woff2");                   // "font/woff2"
 * MimeTypes.forName("data.bin");                     // "application/octet-stream"
 * MimeTypes.forName("notes.log", Map.of("log", "text/x-log"));   // "text/x-log"
 * }</pre>
 *
 * <p>Types that hold text ({@code text/*}, JSON, XML and their {@code +json}/{@code +xml} kin,
 * SVG, JavaScript) get {@code ;charset=utf-8}: a static file has no other way to say how its
 * bytes read. An extension the table does not know is {@code application/octet-stream}, which a
 * browser will not render; CherryPy answers {@code text/html} there, which would let any
 * unknown file run as a page.
 */
public final class MimeTypes {
    /** The type for bytes of unknown kind (RFC 2046 §4.5.1). */
    public static final String OCTET_STREAM = "application/octet-stream";
    private static final String UTF_8 = ";charset=utf-8";
    private static final Map<String, String> TABLE = load();

    private MimeTypes() {
    }

    /**
     * The media type for a file name by its extension (case-insensitive), with
     * {@code ;charset=utf-8} for text types; {@code application/octet-stream} when the name has
     * no extension the table knows.
     */
    public static String forName(String filename) {
        return forName(filename, null);
    }

    /**
     * As {@link #forName(String)}, with overrides first: extension (without the dot, any case)
     * to the exact type to send. An override is sent as given, so it carries a charset only when
     * it names one.
     */
    public static String forName(String filename, Map<String, String> overrides) {
        String ext = extension(filename);
        if (ext == null) {
            return OCTET_STREAM;
        }
        if (overrides != null && !overrides.isEmpty()) {
            String o = overrides.get(ext);
            if (o == null) {
                for (Map.Entry<String, String> e : overrides.entrySet()) {
                    String k = e.getKey();
                    if (k != null && stripDot(k).equalsIgnoreCase(ext)) {
                        o = e.getValue();
                        break;
                    }
                }
            }
            if (o != null) {
                return o;
            }
        }
        String type = TABLE.get(ext.toLowerCase(Locale.ROOT));
        if (type == null) {
            return OCTET_STREAM;
        }
        return isText(type) ? type + UTF_8 : type;
    }

    /** The extension after the last dot of the last path segment, or null when there is none. */
    static String extension(String filename) {
        if (filename == null) {
            return null;
        }
        int slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
        String base = filename.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        // ".profile" is a name, not an extension, as in Python's os.path.splitext
        if (dot <= 0 || dot == base.length() - 1) {
            return null;
        }
        boolean allDots = true;
        for (int i = 0; i < dot; i++) {
            if (base.charAt(i) != '.') {
                allDots = false;
                break;
            }
        }
        return allDots ? null : base.substring(dot + 1);
    }

    private static String stripDot(String ext) {
        return ext.startsWith(".") ? ext.substring(1) : ext;
    }

    /** Whether the type is text a browser decodes with a charset. */
    static boolean isText(String type) {
        if (type.startsWith("text/")) {
            return true;
        }
        return type.endsWith("+json") || type.endsWith("+xml")
                || switch (type) {
                    case "application/json", "application/xml", "application/javascript",
                         "application/ecmascript", "application/sql", "application/graphql",
                         "application/toml" -> true;
                    default -> false;
                };
    }

    private static Map<String, String> load() {
        Map<String, String> table = new HashMap<>(256);
        try (InputStream in = MimeTypes.class.getResourceAsStream("mime.types")) {
            if (in == null) {
                throw new IllegalStateException("dev/morello/statics/mime.types is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash);
                }
                String[] words = line.trim().split("\\s+");
                if (words.length < 2) {
                    continue;
                }
                for (int i = 1; i < words.length; i++) {
                    table.putIfAbsent(words[i].toLowerCase(Locale.ROOT), words[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MIME table", e);
        }
        return Map.copyOf(table);
    }
}
