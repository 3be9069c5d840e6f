package dev.morello.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import javax.net.ssl.SSLSession;

/**
 * One request and its response. The request side is parsed and validated before the handler
 * sees it; the response is sent once, by one of {@link #send}, {@link #start} or
 * {@link #sendFile}.
 *
 * <pre>{@code
 * exchange -> {
 *     if (!exchange.method().equals("GET")) {
 *         exchange.responseHeaders().set(HeaderName.ALLOW, "GET");
 *         exchange.send(405, new byte[0]);
 *         return;
 *     }
 *     exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, "text/plain");
 *     try (OutputStream out = exchange.start(200, -1)) {   // length unknown: chunked on 1.1
 *         out.write(...);
 *     }
 * }
 * }</pre>
 */
public interface HttpExchange {
    /** The method token, case preserved ({@code GET}, {@code POST} ...). */
    String method();

    /** The request-target exactly as sent (origin, absolute, authority or asterisk form). */
    String target();

    /**
     * The path of the target, still percent-encoded: the origin-form path, the path of an
     * absolute-form target ({@code /} when it has none), {@code *} for {@code OPTIONS *}, or the
     * authority for {@code CONNECT}.
     */
    String path();

    /** The query of the target without its {@code ?}, still encoded; empty when there is none. */
    String query();

    /** The version the request was sent with. */
    HttpVersion version();

    /**
     * The host the request is for: the authority of an absolute-form target, else the
     * {@code Host} header (RFC 9110 §7.2); {@code null} for an HTTP/1.0 request without one.
     */
    String host();

    /** The header fields of the request. */
    Headers headers();

    /**
     * The request body, framed by {@code Content-Length} or chunked coding; empty when there is
     * none. Reading past a limit or a malformed chunk throws {@link RequestException}. For a
     * request with {@code Expect: 100-continue}, the first read sends {@code 100 Continue}.
     */
    InputStream body();

    /** The declared body length, 0 when there is no body, -1 when chunked. */
    long contentLength();

    /**
     * The trailer fields that came after the body (RFC 9110 §6.5): the trailer section of a
     * chunked body (RFC 9112 §7.1.2), or over HTTP/2 the HEADERS frame that ended the stream
     * (RFC 9113 §8.1). Empty until {@link #body()} has been read to its end, and for a request
     * that sent none. They are the client's word only: nothing in them was merged into
     * {@link #headers()}.
     */
    Headers requestTrailers();

    /** The client's address (an {@code InetSocketAddress}, or a {@code UnixDomainSocketAddress}). */
    SocketAddress remoteAddress();

    /** The address the request arrived on. */
    SocketAddress localAddress();

    /**
     * The TLS session the request came over: its protocol, cipher suite, and the client's
     * certificate chain when one was asked for and sent ({@code getPeerCertificates()}, which
     * throws when there is none); {@code null} for plain HTTP.
     */
    default SSLSession tlsSession() {
        return null;
    }

    /** Whether the request came over TLS: its scheme is {@code https}. */
    default boolean secure() {
        return tlsSession() != null;
    }

    /**
     * Answers a WebSocket handshake (RFC 6455) and serves the connection as a WebSocket until it
     * ends, calling {@code listener} on this thread; returns true then. When the request is not a
     * correct handshake, it is answered with 400 (or 426 for a version other than 13) saying why,
     * and this returns false at once. Headers set on the response before the call (a cookie, say)
     * go out with the {@code 101}. Call it before the response has started.
     *
     * @throws UnsupportedOperationException when the connection cannot be upgraded (HTTP/2)
     */
    default boolean upgradeToWebSocket(dev.morello.http.websocket.WebSocketConfig config,
                                       dev.morello.http.websocket.WebSocketListener listener) throws IOException {
        throw new UnsupportedOperationException("this exchange cannot become a WebSocket");
    }

    /**
     * Bytes of request body the handler has read so far (after chunked decoding); -1 when this
     * exchange does not count them.
     */
    default long bodyBytesRead() {
        return -1;
    }

    /**
     * Bytes of response body sent so far (not the status line, header fields or chunk framing;
     * none for a response to HEAD); -1 when this exchange does not count them.
     */
    default long bodyBytesWritten() {
        return -1;
    }

    /** The response's header fields, settable until the response starts. */
    ResponseHeaders responseHeaders();

    /**
     * The response's trailer fields (RFC 9110 §6.5), settable until its body ends: they are sent
     * after the body. Over HTTP/1.1 that needs a chunked body ({@link #start} with length -1 to an
     * HTTP/1.1 client; RFC 9112 §7.1.2); over HTTP/2 they are a HEADERS frame that ends the
     * stream, whatever sent the body. A response that cannot carry them drops them unsent: a body
     * of known length over HTTP/1.1, any body to an HTTP/1.0 client, and a response without
     * content (HEAD, 204, 304).
     *
     * <p>A field whose meaning is needed before the content is refused with
     * {@code IllegalArgumentException} (RFC 9110 §6.5.1): framing ({@code Content-Length},
     * {@code Transfer-Encoding}), routing ({@code Host}), request modifiers ({@code TE},
     * {@code Range}, {@code Expect}, the {@code If-} conditionals ...), authentication
     * ({@code Authorization}, {@code Set-Cookie}, {@code WWW-Authenticate} ...), response
     * control ({@code Cache-Control}, {@code Date}, {@code Location}, {@code Vary} ...),
     * {@code Content-Encoding}, {@code Content-Type}, {@code Content-Range}, {@code Trailer}
     * itself, and the connection-specific fields. Announce the names in a {@code Trailer}
     * response header if the client should expect them (RFC 9110 §6.6.2).
     *
     * <pre>{@code
     * exchange.responseHeaders().set(HeaderName.TRAILER, "Server-Timing");
     * try (OutputStream out = exchange.start(200, -1)) {
     *     ... write the body ...
     *     exchange.responseTrailers().set("Server-Timing", "render;dur=" + millis);
     * }
     * }</pre>
     */
    ResponseHeaders responseTrailers();

    /** Sends a complete response whose body is {@code body}. */
    default void send(int status, byte[] body) throws IOException {
        send(status, body, 0, body.length);
    }

    /** Sends a complete response whose body is the given range of {@code body}. */
    void send(int status, byte[] body, int offset, int length) throws IOException;

    /**
     * Starts a response and returns the stream for its body. With {@code length >= 0} exactly that
     * many bytes must be written; with {@code -1} the length is unknown and the body is chunked
     * for an HTTP/1.1 client, or delimited by closing the connection for an HTTP/1.0 one. Closing
     * the stream ends the response.
     */
    OutputStream start(int status, long length) throws IOException;

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} as the body, straight from
     * the file to the socket where the platform allows it.
     */
    void sendFile(int status, FileChannel file, long position, long count) throws IOException;

    /** Whether the status line has been committed (sent or buffered for sending). */
    boolean committed();

    /**
     * Sets the reason phrase of the status line for this response, instead of the standard one
     * ({@code 431 My custom error}). Clients must not rely on it (RFC 9112 §4). Characters outside
     * printable ASCII, and CR and LF, are replaced by spaces; null restores the standard phrase.
     * Call it before the response starts.
     */
    default void reason(String reason) {
    }
}
