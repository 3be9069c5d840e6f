package dev.morello;

import dev.morello.http.Status;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The response being built, as CherryPy's {@code cherrypy.response}: reach it with
 * {@link Morello#response()} or a {@code Response} handler parameter.
 *
 * <pre>{@code
 * @Expose public String report(Response response) {
 *     response.headers().set("Content-Type", "text/plain;charset=utf-8");
 *     response.cookie("seen", "1").path("/").httpOnly(true).sameSite("Lax");
 *     return "...";
 * }
 * }</pre>
 *
 * <p>Every response starts with {@code Content-Type: text/html;charset=utf-8}; the server adds
 * {@code Date} and {@code Server}. The handler's result becomes the body:
 * <ul>
 * <li>{@code String}, {@code CharSequence}: UTF-8 text;
 * <li>{@code byte[]}: sent as is;
 * <li>{@code InputStream}: copied to the client as it is read, then closed;
 * <li>{@code java.nio.file.Path}: the file, sent straight from the file system (a missing file is 404);
 * <li>{@link FileRegion}: part of a file, sent the same way;
 * <li>{@code Iterable}, {@code Iterator}, {@code java.util.stream.Stream} of strings or byte
 *     arrays: collected, or sent chunk by chunk as they come when {@link #stream(boolean)} is on;
 * <li>{@code null} (or a {@code void} handler): an empty body.
 * </ul>
 * A response to HEAD, and any 1xx, 204 or 304 response, carries no body. The body is made a
 * {@link ResponseBody} of the matching kind as it is set.
 */
public final class Response {
    private int status = 200;
    private String reason;
    private final HeaderMap headers = new HeaderMap();
    private List<Cookie> cookies;
    private ResponseBody body = ResponseBody.EMPTY;
    private boolean stream;
    private final long time;

    /** The {@code Content-Type} every response starts with. */
    public static final String DEFAULT_CONTENT_TYPE = "text/html;charset=utf-8";

    /** A response made at {@code time} (epoch milliseconds), with the default {@code Content-Type}. */
    public Response(long time) {
        this.time = time;
        headers.add("Content-Type", DEFAULT_CONTENT_TYPE);
    }

    public int status() {
        return status;
    }

    /** Sets the status; any code in 200-599 (errors are better thrown as {@link HttpError}). */
    public Response status(int status) {
        Status.checkCode(status);
        if (status < 200) {
            throw new IllegalArgumentException("a final response status must be 200 or above: " + status);
        }
        this.status = status;
        this.reason = null;
        return this;
    }

    /** Sets the status with a custom reason phrase (shown in logs; HTTP/1.1 clients ignore it). */
    public Response status(int status, String reason) {
        status(status);
        this.reason = reason;
        return this;
    }

    /** The custom reason phrase, or null for the standard one. */
    public String reason() {
        return reason;
    }

    /** The status line text: {@code 200 OK}. */
    public String statusText() {
        String r = reason != null ? reason : Status.reason(status);
        return r.isEmpty() ? Integer.toString(status) : status + " " + r;
    }

    public HeaderMap headers() {
        return headers;
    }

    /** Adds a cookie to set (a {@code Set-Cookie} field); refine it with the returned object. */
    public Cookie cookie(String name, String value) {
        Cookie c = new Cookie(name, value);
        if (cookies == null) {
            cookies = new ArrayList<>(2);
        }
        cookies.removeIf(old -> old.name().equals(name));
        cookies.add(c);
        return c;
    }

    /** Forgets the cookies set so far: an error page does not set them. */
    public void clearCookies() {
        cookies = null;
    }

    /** The cookies this response sets. */
    public List<Cookie> cookies() {
        return cookies == null ? List.of() : Collections.unmodifiableList(cookies);
    }

    /** Asks the client to forget a cookie (an empty value that expired long ago). */
    public Cookie expireCookie(String name) {
        return cookie(name, "").maxAge(0).expires(java.time.Instant.EPOCH);
    }

    /** The body, of the kind it was made when set; {@link ResponseBody#EMPTY} when none. */
    public ResponseBody body() {
        return body;
    }

    /**
     * Sets the body; see the class documentation for the types it may be.
     *
     * @throws IllegalStateException for a type that cannot be a body
     */
    public Response body(Object body) {
        this.body = ResponseBody.of(body);
        return this;
    }

    /** Whether an iterable body is sent as it is produced (chunked), rather than collected first. */
    public boolean stream() {
        return stream;
    }

    public Response stream(boolean on) {
        this.stream = on;
        return this;
    }

    /** When the response was created, in epoch milliseconds, by the site's clock ({@link Morello#clock()}). */
    public long time() {
        return time;
    }

    /**
     * The body as bytes, whatever the handler returned (CherryPy's {@code collapse_body}): text is
     * encoded in the {@code Content-Type}'s charset (UTF-8 by default); chunks are joined; a file
     * or stream is read whole. The body becomes those bytes. For tools that rewrite bodies.
     */
    public byte[] collapseBody() throws java.io.IOException {
        byte[] bytes = body.bytes(charset());
        body = new ResponseBody.Bytes(bytes);
        return bytes;
    }

    /**
     * The body as a sequence of byte chunks, without collecting it: text is encoded, iterables
     * and streams are walked lazily, a file or stream is read in 64 KiB pieces. For tools that
     * transform bodies as they stream (compression, say); the caller sets the new body.
     */
    public java.util.Iterator<byte[]> bodyChunks() throws java.io.IOException {
        return body.chunks(charset());
    }

    /** The charset a text body is encoded in: the {@code Content-Type}'s, else UTF-8. */
    public Charset charset() {
        String ct = headers.get("Content-Type");
        if (ct == null || ct.equals(DEFAULT_CONTENT_TYPE)) {
            return StandardCharsets.UTF_8;
        }
        String cs = HeaderElement.parse(ct).param("charset");
        if (cs == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(cs);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    void resetForError() {
        reason = null;
    }
}
