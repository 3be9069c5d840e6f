package dev.morello.statics;

import dev.morello.HttpError;
import dev.morello.NotFound;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Maps a request path below a static directory to a file, refusing anything that could name a
 * file outside it. The path arrives decoded once by the framework; it is never decoded again, so
 * {@code %252e%252e} stays the literal name {@code %2e%2e} (a missing file).
 *
 * <p>The policy, segment by segment ({@code /} separates segments; empty and {@code .} segments
 * are skipped):
 * <ul>
 * <li>403 for a traversal attempt: a {@code ..} segment, any segment of only dots (Windows reads
 *     {@code ...} as {@code ..}), a segment that is {@code ..} or {@code .} before a {@code ;}
 *     ({@code ..;}: servers that strip path parameters would climb; here {@code ;} has no
 *     meaning, and such a name is refused rather than looked up), a backslash (a separator on
 *     Windows), a drive letter ({@code C:});
 * <li>404 for a segment holding an encoded slash ({@code %2F}, which the framework leaves encoded
 *     so that it cannot act as a separator: no file name here contains one), a NUL or other
 *     control character, or a name the file system cannot represent;
 * <li>then the file is {@code dir.resolve(segments).normalize()}, which must still
 *     {@link Path#startsWith(Path) start with} the directory, compared as paths, never as strings
 *     (so {@code /srv/static-private} is not inside {@code /srv/static}) — else 403;
 * <li>and, when it exists, its {@link Path#toRealPath real path} must lie inside the
 *     directory's real path, so a symbolic link that leads out of the root is refused (403); a
 *     link that stays inside is followed.
 * </ul>
 */
final class SafePath {
    private static final String ENCODED_SLASH = "%2F";

    private SafePath() {
    }

    /** The segments of the path, checked; throws a 403 or 404 {@link HttpError} when refused. */
    static String[] segments(String branch) {
        String[] raw = branch.split("/", -1);
        int kept = 0;
        for (String seg : raw) {
            check(seg);
            if (!seg.isEmpty() && !seg.equals(".")) {
                raw[kept++] = seg;
            }
        }
        return Arrays.copyOf(raw, kept);
    }

    private static void check(String seg) {
        if (seg.isEmpty() || seg.equals(".")) {
            return;
        }
        int semi = seg.indexOf(';');
        String name = semi < 0 ? seg : seg.substring(0, semi);
        if (onlyDotsAndSpaces(name) && name.indexOf('.') >= 0) {
            throw forbidden();
        }
        if (seg.indexOf('\\') >= 0) {
            throw forbidden();
        }
        if (seg.length() >= 2 && seg.charAt(1) == ':' && isAsciiLetter(seg.charAt(0))) {
            throw forbidden();
        }
        if (containsIgnoreCase(seg, ENCODED_SLASH)) {
            throw notFound();
        }
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw notFound();
            }
        }
    }

    /**
     * The file the segments name below {@code root} (absolute and normalised), or null when
     * nothing is there. Throws 403 when the path leaves the root, itself or through a link.
     */
    static Path resolve(Path root, String[] segments) throws IOException {
        Path candidate = root;
        try {
            for (String seg : segments) {
                candidate = candidate.resolve(seg);
            }
        } catch (InvalidPathException e) {
            throw notFound();
        }
        candidate = candidate.normalize();
        if (!candidate.startsWith(root)) {
            throw forbidden();
        }
        Path realRoot;
        Path real;
        try {
            realRoot = realRoot(root);
            real = candidate.toRealPath();
        } catch (FileSystemException e) {
            // nothing there, a dangling link, a file where a directory should be, no access
            return null;
        }
        if (!real.startsWith(realRoot)) {
            throw forbidden();
        }
        return candidate;
    }

    private record RealRoot(Path real, long until) {
    }

    /** Roots come from config, so there are few; their real paths are looked up once a second. */
    private static final java.util.Map<Path, RealRoot> ROOTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The root's real path, remembered for a second: a deploy that swaps a symlinked root is seen
     * within that second, and a request costs one path lookup, not two.
     */
    private static Path realRoot(Path root) throws IOException {
        long now = System.nanoTime();
        RealRoot r = ROOTS.get(root);
        if (r == null || now - r.until > 0) {
            r = new RealRoot(root.toRealPath(), now + 1_000_000_000L);
            if (ROOTS.size() < 1000) {
                ROOTS.put(root, r);
            }
        }
        return r.real;
    }

    private static boolean onlyDotsAndSpaces(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && c != ' ') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean containsIgnoreCase(String s, String part) {
        for (int i = 0; i + part.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static HttpError forbidden() {
        return new HttpError(403, "Forbidden path.");
    }

    private static HttpError notFound() {
        return new NotFound();
    }
}
