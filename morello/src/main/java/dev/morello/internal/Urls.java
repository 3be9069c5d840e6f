package dev.morello.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Resolves a URL reference against a base URL by RFC 3986 §5.2, on strings as they are (a path
 * may hold spaces or other characters {@code java.net.URI} would refuse); makes query strings.
 */
public final class Urls {
    private Urls() {
    }

    public static String resolve(String base, String ref) {
        if (ref.isEmpty()) {
            return stripFragment(base);
        }
        if (hasScheme(ref)) {
            return ref;
        }
        int schemeEnd = base.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : base.substring(0, schemeEnd + 1);
        int authStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int pathStart = indexOfAny(base, "/?#", authStart);
        if (pathStart < 0) {
            pathStart = base.length();
        }
        String authority = base.substring(0, pathStart);
        int pathEnd = indexOfAny(base, "?#", pathStart);
        if (pathEnd < 0) {
            pathEnd = base.length();
        }
        String basePath = base.substring(pathStart, pathEnd);
        int queryEnd = base.indexOf('#', pathEnd);
        String baseQuery = base.substring(pathEnd, queryEnd < 0 ? base.length() : queryEnd);
        if (baseQuery.startsWith("#")) {
            baseQuery = "";
        }
        if (ref.startsWith("//")) {
            return scheme + ref;
        }
        if (ref.startsWith("#")) {
            return authority + basePath + baseQuery + ref;
        }
        if (ref.startsWith("?")) {
            return authority + basePath + ref;
        }
        int refPathEnd = indexOfAny(ref, "?#", 0);
        String refPath = refPathEnd < 0 ? ref : ref.substring(0, refPathEnd);
        String refRest = refPathEnd < 0 ? "" : ref.substring(refPathEnd);
        String merged;
        if (refPath.startsWith("/")) {
            merged = refPath;
        } else if (basePath.isEmpty()) {
            merged = "/" + refPath;
        } else {
            merged = basePath.substring(0, basePath.lastIndexOf('/') + 1) + refPath;
        }
        return authority + removeDotSegments(merged) + refRest;
    }

    /** RFC 3986 §5.2.4. */
    public static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        String in = path;
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                removeLastSegment(out);
            } else if (in.equals("/..")) {
                in = "/";
                removeLastSegment(out);
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', in.startsWith("/") ? 1 : 0);
                if (next < 0) {
                    next = in.length();
                }
                out.append(in, 0, next);
                in = in.substring(next);
            }
        }
        return out.toString();
    }

    private static void removeLastSegment(StringBuilder out) {
        int slash = out.lastIndexOf("/");
        out.setLength(Math.max(slash, 0));
    }

    private static boolean hasScheme(String ref) {
        int colon = ref.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = ref.charAt(i);
            boolean ok = Character.isLetter(c) && c < 128 || i > 0 && (Character.isDigit(c) || c == '+' || c == '-' || c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String stripFragment(String s) {
        int hash = s.indexOf('#');
        return hash < 0 ? s : s.substring(0, hash);
    }

    /** A query string from a map: {@code a=1&b=x+y}, values encoded as UTF-8. */
    public static String query(Map<String, ?> params) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            List<?> values = e.getValue() instanceof List<?> l ? l : List.of(String.valueOf(e.getValue()));
            for (Object v : values) {
                if (b.length() > 0) {
                    b.append('&');
                }
                b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    /**
     * A {@code Host} value without its port: {@code example.com:8080} is {@code example.com},
     * {@code [::1]:8080} is {@code [::1]}; a value without a port is returned as it is.
     */
    public static String hostWithoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    }
}
