package dev.morello.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed builders for tool config, for Java maps: each returns the {@code tools.NAME.*} entries to
 * put in a section.
 *
 * <pre>{@code
 * Morello.tree().mount(new Site(), "", Map.of(
 *         "/static", Tools.staticdir("/srv/site/static", "index.html"),
 *         "/favicon.ico", Tools.staticfile("/srv/site/favicon.ico"),
 *         "/api", Tools.allow("GET", "POST")));
 * }</pre>
 */
public final class Tools {
    private Tools() {
    }

    /** {@code tools.NAME.on = True} with arguments given as name, value, name, value ... */
    public static Map<String, Object> on(String tool, Object... args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("tool arguments come in name, value pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tools." + tool + ".on", true);
        for (int i = 0; i < args.length; i += 2) {
            m.put("tools." + tool + "." + args[i], args[i + 1]);
        }
        return m;
    }

    /** {@code tools.NAME.on = False}. */
    public static Map<String, Object> off(String tool) {
        return Map.of("tools." + tool + ".on", false);
    }

    /** A directory of static files (absolute, or relative with {@code tools.staticdir.root}). */
    public static Map<String, Object> staticdir(String dir) {
        return on("staticdir", "dir", dir);
    }

    /** A directory of static files, with the file that answers for a directory. */
    public static Map<String, Object> staticdir(String dir, String index) {
        return on("staticdir", "dir", dir, "index", index);
    }

    /** One static file. */
    public static Map<String, Object> staticfile(String filename) {
        return on("staticfile", "filename", filename);
    }

    /** Only these methods (HEAD comes with GET); 405 with {@code Allow} for others. */
    public static Map<String, Object> allow(String... methods) {
        return on("allow", "methods", List.of(methods));
    }

    /** Compresses the listed media types for clients that accept gzip. */
    public static Map<String, Object> gzip(String... mimeTypes) {
        return mimeTypes.length == 0 ? on("gzip") : on("gzip", "mime_types", List.of(mimeTypes));
    }

    /** An in-memory HTTP cache for the path. */
    public static Map<String, Object> caching() {
        return on("caching");
    }

    /** ETags from the body's digest; If-Match and If-None-Match answered. */
    public static Map<String, Object> etags() {
        return on("etags", "autotags", true);
    }

    /** CORS for the listed origins. */
    public static Map<String, Object> cors(String... origins) {
        return on("cors", "origins", List.of(origins));
    }

    /** CherryPy's trailing-slash rule with its switches. */
    public static Map<String, Object> trailingSlash(boolean missing, boolean extra) {
        return on("trailing_slash", "missing", missing, "extra", extra);
    }
}
