package dev.morello;

import dev.morello.internal.Urls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/** URLs of the site's paths, made from the request they are asked for (or the server, outside one). */
final class SiteUrls {
    private SiteUrls() {
    }

    /**
     * {@link Morello#url(String, String, String, String, Object)} for a request, or outside one
     * (a null request) from the server's base URL.
     */
    static String url(Request request, String serverBase, String path, String query, String scriptName, String base,
                      Object relative) {
        String qs = query == null || query.isEmpty() ? "" : "?" + query;
        String newUrl;
        if (request != null) {
            if (!path.startsWith("/")) {
                String pi = request.pathInfo();
                if (Boolean.TRUE.equals(request.isIndex())) {
                    if (!pi.endsWith("/")) {
                        pi = pi + "/";
                    }
                } else if (Boolean.FALSE.equals(request.isIndex())) {
                    if (pi.endsWith("/") && !pi.equals("/")) {
                        pi = pi.substring(0, pi.length() - 1);
                    }
                }
                path = path.isEmpty() ? pi : Urls.resolve(pi.isEmpty() ? "/" : pi, path);
            }
            newUrl = (base != null ? base : request.base())
                    + encodePath((scriptName != null ? scriptName : request.scriptName()) + normalizePath(path)) + qs;
        } else {
            String b = base != null ? base : serverBase;
            newUrl = b + encodePath(normalizePath((scriptName == null ? "" : scriptName) + path)) + qs;
        }
        if ("server".equals(relative)) {
            String[] parts = newUrl.split("/", 4);
            newUrl = "/" + (parts.length > 3 ? parts[3] : "");
        } else if (Boolean.TRUE.equals(relative) && request != null) {
            // relative to the current URL: drop the common leading segments, climb with ".."
            List<String> old = new ArrayList<>(List.of(url(request, serverBase, "", "", null, null, false).split("/", -1)));
            old.remove(old.size() - 1);
            List<String> target = new ArrayList<>(List.of(newUrl.split("/", -1)));
            while (!old.isEmpty() && !target.isEmpty() && old.get(0).equals(target.get(0))) {
                old.remove(0);
                target.remove(0);
            }
            List<String> out = new ArrayList<>(Collections.nCopies(old.size(), ".."));
            out.addAll(target);
            newUrl = String.join("/", out);
        }
        return newUrl;
    }

    /**
     * A path made fit for a URL: characters a path may not hold (space, {@code ?}, {@code #},
     * non-ASCII ...) are percent-encoded as UTF-8, so a decoded {@code /a?b} stays one segment;
     * escapes already there ({@code %2F}, {@code %20}) stay as they are, so an encoded path (from
     * {@code RoutesDispatcher.url}, say) passes through unchanged.
     */
    static String encodePath(String path) {
        StringBuilder b = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0
                    || c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2));
            if (ok) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(path.length() + 16).append(path, 0, i);
            }
            int cp = path.codePointAt(i);
            for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
            }
            if (Character.charCount(cp) == 2) {
                i++;
            }
        }
        return b == null ? path : b.toString();
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** Resolves {@code .} and {@code ..} segments, when there are any (CherryPy's {@code normalize_path}). */
    static String normalizePath(String path) {
        if (!path.contains("./")) {
            return path;
        }
        boolean absolute = path.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        String[] segs = path.split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            if (s.equals("..")) {
                out.pollLast();
                if (i == segs.length - 1) {
                    out.addLast("");
                }
            } else if (s.equals(".")) {
                if (i == segs.length - 1) {
                    out.addLast("");
                }
            } else if (!s.isEmpty() || i == segs.length - 1) {
                out.addLast(s);
            }
        }
        String joined = String.join("/", out);
        return absolute ? "/" + joined : joined;
    }
}
