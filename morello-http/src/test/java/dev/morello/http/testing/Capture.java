package dev.morello.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.morello.http.HeaderName;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpVersion;
import dev.morello.http.RequestException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A handler that records what it was given, so a test can check what reached the application
 * (or that nothing did). By default it reads the whole body and answers {@code 200} with
 * {@code "<method> <target>"} as a text body; {@link #replying} changes the answer.
 *
 * <pre>{@code
 * Capture capture = Capture.create();
 * HttpServer server = servers.start(capture);
 * ...
 * Capture.Seen seen = capture.next();
 * assertEquals("/p", seen.path());
 * capture.assertNotCalled();
 * }</pre>
 */
public final class Capture implements HttpHandler {
    /** What the handler saw of one request, copied while its exchange ran. */
    public record Seen(
            String method,
            String target,
            String path,
            String query,
            String host,
            HttpVersion version,
            List<RawResponse.Field> headers,
            long contentLength,
            byte[] body,
            RequestException bodyError,
            boolean virtualThread,
            SocketAddress remoteAddress,
            SocketAddress localAddress) {

        /** The first value of a field as the handler would look it up, or {@code null}. */
        public String header(String name) {
            for (RawResponse.Field f : headers) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f.value();
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final boolean readBody;
    private final HttpHandler reply;

    private Capture(boolean readBody, HttpHandler reply) {
        this.readBody = readBody;
        this.reply = reply;
    }

    /** Reads the body, answers 200 {@code "<method> <target>"}. */
    public static Capture create() {
        return new Capture(true, Capture::defaultReply);
    }

    /** Leaves the body unread, answers 200 {@code "<method> <target>"}. */
    public static Capture withoutReadingBody() {
        return new Capture(false, Capture::defaultReply);
    }

    /** Reads the body, then lets {@code reply} answer. */
    public static Capture replying(HttpHandler reply) {
        return new Capture(true, reply);
    }

    /** Leaves the body unread and lets {@code reply} answer. */
    public static Capture replyingWithoutReadingBody(HttpHandler reply) {
        return new Capture(false, reply);
    }

    private static void defaultReply(HttpExchange exchange) throws Exception {
        exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, "text/plain");
        exchange.send(200, (exchange.method() + " " + exchange.target()).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        List<RawResponse.Field> headers = new ArrayList<>();
        exchange.headers().forEach((n, v) -> headers.add(new RawResponse.Field(n, v)));
        byte[] body = new byte[0];
        RequestException error = null;
        if (readBody) {
            try {
                body = exchange.body().readAllBytes();
            } catch (RequestException e) {
                error = e;
            }
        }
        seen.add(new Seen(exchange.method(), exchange.target(), exchange.path(), exchange.query(), exchange.host(),
                exchange.version(), List.copyOf(headers), exchange.contentLength(), body, error,
                Thread.currentThread().isVirtual(), exchange.remoteAddress(), exchange.localAddress()));
        if (error != null) {
            // Let the server answer with the status the body stream chose.
            throw error;
        }
        reply.handle(exchange);
    }

    /** The next request the handler saw; fails when none comes within 5 s. */
    public Seen next() throws InterruptedException {
        Seen s = seen.poll(5, TimeUnit.SECONDS);
        assertNotNull(s, "the handler was not called");
        return s;
    }

    /** How many recorded requests have not been taken by {@link #next()}. */
    public int pending() {
        return seen.size();
    }

    /** Asserts that no request reached the handler (beyond those already taken). */
    public void assertNotCalled() {
        assertEquals(0, seen.size(), () -> "the handler was called: " + seen);
    }
}
