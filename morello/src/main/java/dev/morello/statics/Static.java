package dev.morello.statics;

import dev.morello.FileRegion;
import dev.morello.HeaderMap;
import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.NotFound;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.internal.serving.Serving;
import dev.morello.http.HttpDate;
import dev.morello.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Serves files, as CherryPy's {@code lib/static.py}: the current request is answered with a file,
 * its type, its validators, and whatever conditional or range request the client made.
 *
 * <pre>{@code
 * public class Root {
 *     @Expose public void report() {
 *         Static.serveFile(Path.of("/srv/reports/latest.pdf"));
 *     }
 *
 *     @Expose public void export() {
 *         Static.serveDownload(Path.of("/srv/exports/data.csv"), "données.csv");
 *     }
 *
 *     @Default public void assets(String... path) {
 *         if (!Static.staticdir("/assets", "public", "/srv/site", null, null, "index.html")) {
 *             throw new NotFound();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Every file response carries {@code Last-Modified} (the file's time, to the second),
 * a strong {@code ETag} (from the size and the modification time in nanoseconds) and
 * {@code Accept-Ranges: bytes}. The body is the file itself ({@link Path} or
 * {@link FileRegion}), which the server sends from the file system without reading it into
 * memory.
 *
 * <p>Requests are answered per RFC 9110:
 * <ul>
 * <li>preconditions (§13.2.2 order): {@code If-Match}, else {@code If-Unmodified-Since}, fail with
 *     412; {@code If-None-Match}, else {@code If-Modified-Since}, give 304 to GET and HEAD (412 to
 *     other methods). A 304 has no body and no {@code Content-Type}, but keeps the validators and
 *     any caching fields already set;
 * <li>ranges (§14, GET over HTTP/1.1 only, as CherryPy): one range is a 206 with
 *     {@code Content-Range}; several are a {@code multipart/byteranges} 206; none satisfiable is
 *     416 with {@code Content-Range: bytes *}{@code /LENGTH}; a malformed header, an unknown unit,
 *     more than 16 ranges, or overlapping ranges asking for more than the file are ignored
 *     (200, the whole file). {@code If-Range} with our strong tag or our exact date keeps the
 *     ranges; anything else sends the whole file;
 * <li>HEAD gets the same fields as GET, without the body.
 * </ul>
 *
 * <p>{@link #staticdir} and {@link #staticfile} are CherryPy's handler tools: they answer GET and
 * HEAD for files that exist and return true, or return false so the page handler (usually a
 * 404) answers instead.
 *
 * <p>The path {@code staticdir} serves comes decoded once by the framework and is never decoded
 * again ({@code %252e%252e} is the literal name {@code %2e%2e}). It is refused with 403 when it
 * tries to climb out of the directory: a {@code ..} segment (or {@code ..;}, {@code ...}, dots
 * and spaces), a backslash, a drive letter ({@code C:}), a path that after normalisation no
 * longer starts with the directory (compared as {@link Path}s, so {@code /srv/static-private} is
 * not inside {@code /srv/static}), or a symbolic link whose real path leaves the directory's real
 * path (links that stay inside are followed). It is refused with 404 when a segment holds an
 * encoded slash ({@code %2F}, which the framework leaves encoded so it cannot split segments: no
 * file here is named with one) or a control character such as NUL.
 */
public final class Static {
    private static final String LAST_MODIFIED = "Last-Modified";
    private static final String ETAG = "ETag";
    private static final String ACCEPT_RANGES = "Accept-Ranges";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String CONTENT_RANGE = "Content-Range";
    private static final String CONTENT_DISPOSITION = "Content-Disposition";
    private static final String BYTES = "bytes";
    private static final String DOWNLOAD_TYPE = "application/x-download";
    /** Fields that describe a body; a 304 has none (RFC 9110 §15.4.5). */
    private static final List<String> NOT_MODIFIED_DROPS = List.of(CONTENT_TYPE, "Content-Length", CONTENT_RANGE,
            CONTENT_DISPOSITION, "Content-Encoding", "Content-Language");
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Static() {
    }

    // ---- serving one file ------------------------------------------------------------------

    /**
     * Answers the current request with the file at {@code path}.
     *
     * <pre>{@code
     * Static.serveFile(Path.of("/srv/docs/guide.pdf"), null, "inline", null);
     * Static.serveFile(Path.of("/srv/data/feed"), "application/atom+xml", null, null);
     * }</pre>
     *
     * @param path        the file; it must be absolute
     * @param contentType the {@code Content-Type} to send, or null to take it from the file's
     *                    extension ({@link MimeTypes#forName(String)})
     * @param disposition null for no {@code Content-Disposition}, else its type:
     *                    {@code "attachment"} (save it) or {@code "inline"}
     * @param name        the file name for {@code Content-Disposition}, or null for the file's own
     * @throws IllegalArgumentException when the path is relative (a 500: the page's fault)
     * @throws NotFound                 when there is no such file, or it is a directory
     * @throws HttpError                412 for a failed precondition, 416 for ranges past the end
     */
    public static void serveFile(Path path, String contentType, String disposition, String name) {
        serveFile(current(), path, contentType, disposition, name);
    }

    /**
     * Answers the request with the file at {@code path}, as
     * {@link #serveFile(Path, String, String, String)} answers the current one.
     */
    public static void serveFile(Request request, Path path, String contentType, String disposition, String name) {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("serveFile needs an absolute path, not " + path);
        }
        BasicFileAttributes attrs = attributes(path);
        if (attrs == null || !attrs.isRegularFile()) {
            throw new NotFound();
        }
        String type = contentType != null ? contentType : MimeTypes.forName(fileName(path));
        serve(request, path, attrs, type, disposition, name);
    }

    /** Answers the current request with the file, its type from its extension. */
    public static void serveFile(Path path) {
        serveFile(path, null, null, null);
    }

    /**
     * Sends the file as a download: {@code application/x-download}, {@code attachment}, under
     * {@code name} (or the file's own name when null).
     *
     * <pre>{@code
     * Static.serveDownload(Path.of("/srv/exports/2024.csv"), "report 2024.csv");
     * }</pre>
     */
    public static void serveDownload(Path path, String name) {
        serveFile(path, DOWNLOAD_TYPE, "attachment", name);
    }

    /** The request being served on this thread, for the conveniences a handler calls without one. */
    private static Request current() {
        Request request = Serving.request();
        if (request == null) {
            throw new IllegalStateException("no request is being served on this thread");
        }
        return request;
    }

    // ---- the handler tools -----------------------------------------------------------------

    /**
     * CherryPy's {@code tools.staticdir}: serves the request's path below {@code section} from
     * the directory {@code dir}.
     *
     * <pre>{@code
     * // GET /static/css/site.css serves /srv/app/public/css/site.css
     * Static.staticdir("/static", "public", "/srv/app", null, Map.of("css", "text/css"), "index.html");
     * }</pre>
     *
     * <p>Only GET and HEAD are served. A path naming a directory serves its {@code index} file
     * when there is one: reached without its trailing slash, the answer is a 301 to the slashed
     * URL, so that the page's relative links work. There are no directory listings.
     *
     * @param section      the config path the tool is on ({@code /static}; {@code global} or
     *                     null for the root); the rest of the request's path is the file's path
     *                     below {@code dir}
     * @param dir          the directory, absolute, or relative to {@code root}
     * @param root         the directory a relative {@code dir} is resolved against, or null
     * @param match        a regular expression the request's path must contain a match of, or
     *                     null/empty for any
     * @param contentTypes extension (no dot) to {@code Content-Type}, overriding the table; or null
     * @param index        the file a directory serves ({@code index.html}), or null/empty for none
     * @return true when the request was answered (the response is set, or an {@link HttpError} or
     *         {@link HttpRedirect} was thrown), false when the page handler should answer: a
     *         method other than GET or HEAD, a path {@code match} rejects, no such file
     * @throws IllegalArgumentException when {@code dir} cannot be made absolute
     * @throws HttpError                403 for a path that tries to leave the directory, 404 for
     *                                  one that could never name a file here (see the class
     *                                  documentation)
     */
    public static boolean staticdir(String section, String dir, String root, String match,
                                    Map<String, String> contentTypes, String index) {
        return staticdir(current(), section, dir, root, match, contentTypes, index);
    }

    /** {@link #staticdir(String, String, String, String, Map, String)} for this request. */
    public static boolean staticdir(Request request, String section, String dir, String root, String match,
                                    Map<String, String> contentTypes, String index) {
        if (!isGetOrHead(request) || !matches(match, request.pathInfo())) {
            return false;
        }
        Path base = absolute(dir, root, "staticdir needs an absolute dir, or a root to resolve it against: ");
        // a dir set in the global section serves below the root, as CherryPy's "global" → "/"
        String sec = section == null || section.equals("global") ? "" : stripTrailingSeparators(section);
        String pathInfo = request.pathInfo();
        if (!pathInfo.startsWith(sec) || pathInfo.length() > sec.length() && pathInfo.charAt(sec.length()) != '/') {
            return false;
        }
        String branch = pathInfo.substring(sec.length());
        String[] segments = SafePath.segments(branch);
        Path file = resolve(base, segments);
        if (file == null) {
            return false;
        }
        BasicFileAttributes attrs = attributes(file);
        if (attrs == null) {
            return false;
        }
        if (attrs.isDirectory()) {
            if (index == null || index.isEmpty()) {
                return false;
            }
            String[] indexSegments = SafePath.segments(index);
            String[] all = Arrays.copyOf(segments, segments.length + indexSegments.length);
            System.arraycopy(indexSegments, 0, all, segments.length, indexSegments.length);
            Path indexFile = resolve(base, all);
            BasicFileAttributes indexAttrs = indexFile == null ? null : attributes(indexFile);
            if (indexAttrs == null || !indexAttrs.isRegularFile()) {
                return false;
            }
            if (!pathInfo.endsWith("/")) {
                throw new HttpRedirect(request.url(pathInfo + "/", request.queryString()), 301);
            }
            file = indexFile;
            attrs = indexAttrs;
            // as CherryPy: the trailing-slash rule, running after this tool, sees an index
            request.isIndex(true);
        } else if (!attrs.isRegularFile() || branch.endsWith("/")) {
            // a device or socket is no static file; "a.css/" names a directory that is not there
            return false;
        } else {
            request.isIndex(false);
        }
        serve(request, file, attrs, MimeTypes.forName(fileName(file), contentTypes), null, null);
        return true;
    }

    /**
     * CherryPy's {@code tools.staticfile}: serves one file, whatever the path.
     *
     * <pre>{@code
     * Static.staticfile("favicon.ico", "/srv/app/public", null, null);
     * }</pre>
     *
     * @param filename     the file, absolute, or relative to {@code root}
     * @param root         the directory a relative {@code filename} is resolved against, or null
     * @param match        a regular expression the request's path must contain a match of, or
     *                     null/empty for any
     * @param contentTypes extension (no dot) to {@code Content-Type}, overriding the table; or null
     * @return true when the request was answered; false for methods other than GET and HEAD, a
     *         path {@code match} rejects, or no such file
     * @throws IllegalArgumentException when {@code filename} cannot be made absolute
     */
    public static boolean staticfile(String filename, String root, String match, Map<String, String> contentTypes) {
        return staticfile(current(), filename, root, match, contentTypes);
    }

    /** {@link #staticfile(String, String, String, Map)} for this request. */
    public static boolean staticfile(Request request, String filename, String root, String match,
                                     Map<String, String> contentTypes) {
        if (!isGetOrHead(request) || !matches(match, request.pathInfo())) {
            return false;
        }
        Path file = absolute(filename, root, "staticfile needs an absolute filename, or a root to resolve it against: ");
        BasicFileAttributes attrs = attributes(file);
        if (attrs == null || !attrs.isRegularFile()) {
            return false;
        }
        serve(request, file, attrs, MimeTypes.forName(fileName(file), contentTypes), null, null);
        return true;
    }

    // ---- the response ----------------------------------------------------------------------

    /** Answers with a regular file whose attributes were just read. */
    private static void serve(Request request, Path file, BasicFileAttributes attrs, String contentType,
                              String disposition, String name) {
        if (!Files.isReadable(file)) {
            throw new HttpError(403, "The file cannot be read.");
        }
        Response response = request.response();
        HeaderMap headers = response.headers();
        long length = attrs.size();
        Instant now = request.time();
        // RFC 9110 §8.8.2.1: a modification time in the future is sent as the present
        Instant modified = attrs.lastModifiedTime().toInstant();
        Instant lastModified = Instant.ofEpochSecond(Math.min(modified.getEpochSecond(), now.getEpochSecond()));
        String etag = "\"" + Long.toHexString(length) + "-"
                + Long.toHexString(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "\"";

        headers.set(CONTENT_TYPE, contentType);
        headers.set(LAST_MODIFIED, HttpDate.format(lastModified));
        headers.set(ETAG, etag);
        headers.set(ACCEPT_RANGES, BYTES);
        if (disposition != null) {
            headers.set(CONTENT_DISPOSITION, ContentDisposition.of(disposition, name != null ? name : fileName(file)));
        }

        switch (Conditionals.evaluate(request.method(), request.headers(), etag, lastModified, now)) {
            case PRECONDITION_FAILED -> throw new HttpError(412);
            case NOT_MODIFIED -> {
                response.status(304);
                response.body(null);
                for (String field : NOT_MODIFIED_DROPS) {
                    headers.remove(field);
                }
                return;
            }
            case PROCEED -> { }
        }

        Ranges.Result ranges = rangesAsked(request, etag, lastModified, length);
        switch (ranges.kind()) {
            case UNSATISFIABLE -> {
                // RFC 9110 §15.5.17: the 416 tells the length; the error page keeps Content-Range
                headers.set(CONTENT_RANGE, BYTES + " */" + length);
                throw new HttpError(416, "None of the requested ranges overlap the file's " + length + " bytes.");
            }
            case PARTS -> {
                List<Ranges.Range> parts = ranges.ranges();
                response.status(206);
                if (parts.size() == 1) {
                    Ranges.Range r = parts.get(0);
                    headers.set(CONTENT_RANGE, BYTES + " " + r.first() + "-" + r.last() + "/" + length);
                    response.body(new FileRegion(file, r.first(), r.length()));
                } else {
                    ByteRanges body = new ByteRanges(file, contentType, length, parts);
                    headers.set(CONTENT_TYPE, body.contentType());
                    if (body.size() <= ByteRanges.IN_MEMORY_LIMIT) {
                        try {
                            response.body(body.bytes());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    } else {
                        response.stream(true);
                        response.body(body.chunks());
                    }
                }
            }
            case IGNORE -> {
                byte[] small = SmallFiles.get(file, attrs);
                response.body(small != null ? small : file);
            }
        }
    }

    /** The ranges to answer with, or IGNORE to send the whole file. */
    private static Ranges.Result rangesAsked(Request request, String etag, Instant lastModified, long length) {
        HeaderMap h = request.headers();
        List<String> range = h.all("Range");
        // RFC 9110 §14.2: ranges are defined for GET only; CherryPy serves them to HTTP/1.1 (and up) only.
        // An empty file has no byte to send as a part, so it is sent whole.
        if (range.size() != 1 || !request.method().equals("GET") || request.protocol().compareTo(HttpVersion.HTTP_1_1) < 0
                || length == 0 || !Conditionals.ifRangeHolds(h, etag, lastModified, request.time())) {
            return Ranges.Result.IGNORED;
        }
        return Ranges.parse(range.get(0), length);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Path resolve(Path base, String[] segments) {
        try {
            return SafePath.resolve(base, segments);
        } catch (IOException e) {
            // unreadable on the way (permissions, I/O): as good as absent
            return null;
        }
    }

    /** The file's attributes (links followed), or null when it cannot be read or is not there. */
    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isGetOrHead(Request request) {
        String m = request.method();
        return m.equals("GET") || m.equals("HEAD");
    }

    /** CherryPy's {@code re.search(match, path_info)}: a match anywhere in the path. */
    private static boolean matches(String match, String pathInfo) {
        if (match == null || match.isEmpty()) {
            return true;
        }
        return PATTERNS.computeIfAbsent(match, Pattern::compile).matcher(pathInfo).find();
    }

    /** Config strings to the absolute directory they name, worked out once per pair. */
    private static final Map<String, Path> ABSOLUTE = new java.util.concurrent.ConcurrentHashMap<>();

    private static Path absolute(String name, String root, String message) {
        Objects.requireNonNull(name, "a file or directory is required");
        String key = name + "\u0000" + (root == null ? "" : root) + "\u0000" + message;
        Path cached = ABSOLUTE.get(key);
        if (cached != null) {
            return cached;
        }
        Path made = absoluteUncached(name, root, message);
        if (ABSOLUTE.size() < 1000) {
            ABSOLUTE.put(key, made);
        }
        return made;
    }

    private static Path absoluteUncached(String name, String root, String message) {
        Path p = Path.of(name);
        if (!p.isAbsolute()) {
            if (root == null || root.isEmpty()) {
                throw new IllegalArgumentException(message + name);
            }
            p = Path.of(root).resolve(p);
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException(message + p);
            }
        }
        return p.normalize();
    }

    private static String stripTrailingSeparators(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '/' || s.charAt(end - 1) == '\\')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String fileName(Path p) {
        Path n = p.getFileName();
        return n == null ? "" : n.toString();
    }
}
