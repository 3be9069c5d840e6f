package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpExchange;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.internal.h2.Frames;
import dev.morello.http.internal.h2.HeaderField;
import dev.morello.http.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trailer fields over HTTP/2 (RFC 9113 §8.1): a request's trailers are the HEADERS frame that
 * ends its stream, with END_STREAM and no pseudo-header field, else the stream is malformed; a
 * response's are a last HEADERS frame after its DATA, which then does not end the stream.
 */
@Timeout(60)
class TrailersTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @TempDir
    static Path dir;

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private final HttpHandler site = ex -> {
        switch (ex.path()) {
            case "/read" -> {
                int before = ex.requestTrailers().size();
                byte[] body = ex.body().readAllBytes();
                ex.send(200, ("before=" + before + " body=" + new String(body, StandardCharsets.US_ASCII)
                        + " trailers=" + describe(ex)).getBytes(StandardCharsets.UTF_8));
            }
            case "/wait" -> {
                started.countDown();
                release.await(30, TimeUnit.SECONDS);
                ex.send(200, new byte[0]);
            }
            case "/stream" -> {
                ex.responseTrailers().set("Server-Timing", "early;dur=1");
                try (OutputStream o = ex.start(200, -1)) {
                    o.write("piece1".getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    o.write("piece2".getBytes(StandardCharsets.US_ASCII));
                    ex.responseTrailers().set("X-Checksum", "abc123");
                }
            }
            case "/sized-stream" -> {
                try (OutputStream o = ex.start(200, 6)) {
                    o.write("piece1".getBytes(StandardCharsets.US_ASCII));
                    ex.responseTrailers().set("X-Checksum", "abc123");
                }
            }
            case "/send" -> {
                ex.responseTrailers().set("X-Checksum", "abc123");
                ex.send(200, "hello".getBytes(StandardCharsets.US_ASCII));
            }
            case "/empty" -> {
                ex.responseTrailers().set("X-Checksum", "none");
                ex.send(200, new byte[0]);
            }
            case "/empty-stream" -> {
                try (OutputStream o = ex.start(200, 0)) {
                    ex.responseTrailers().set("X-Checksum", "none");
                }
            }
            case "/file" -> {
                Path file = Files.writeString(dir.resolve("file.txt"), "from a file");
                ex.responseTrailers().set("X-Checksum", "abc123");
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ex.sendFile(200, ch, 0, ch.size());
                }
            }
            case "/nocontent" -> {
                ex.responseTrailers().set("X-Checksum", "abc123");
                ex.send(204, new byte[0]);
            }
            default -> ex.send(200, "plain".getBytes(StandardCharsets.US_ASCII));
        }
    };

    private static String describe(HttpExchange ex) {
        StringBuilder b = new StringBuilder();
        ex.requestTrailers().forEach((name, value) -> b.append(name).append(':').append(value).append(';'));
        return b.toString();
    }

    private HttpServer server() {
        return servers.start(b -> b.http2(true).maxHeaderSize(2048), site);
    }

    private static void post(H2Client c, int stream, String path) throws Exception {
        c.headers(stream, false, ":method", "POST", ":scheme", "http", ":authority", "x", ":path", path);
    }

    /** The connection still serves a new stream after a stream error. */
    private static void stillServes(H2Client c, int stream) throws Exception {
        c.get(stream, "/plain");
        assertEquals("plain", c.response(stream).text());
    }

    // ---- the request's trailers -----------------------------------------------------------------

    @Test
    void trailersAfterTheBodyReachTheHandlerOnceItHasReadIt() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            post(c, 1, "/read");
            c.data(1, false, "hello".getBytes(StandardCharsets.US_ASCII));
            c.headers(1, true, "x-sum", "abc", "x-other", "two words");
            H2Client.Response r = c.response(1);
            assertEquals("before=0 body=hello trailers=x-sum:abc;x-other:two words;", r.text());
        }
    }

    @Test
    void trailersMayFollowTheHeadersWithNoData() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            post(c, 1, "/read");
            c.headers(1, true, "x-sum", "abc");
            assertTrue(c.response(1).text().endsWith(" body= trailers=x-sum:abc;"));
        }
    }

    @Test
    void trailersWithAPseudoHeaderFieldAreMalformed() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            post(c, 1, "/read");
            c.data(1, false, "hello".getBytes(StandardCharsets.US_ASCII));
            c.headers(1, true, ":path", "/other", "x-sum", "abc");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset());
            stillServes(c, 3);
        }
    }

    @Test
    void trailersWithAnUnknownPseudoHeaderFieldAreMalformed() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            post(c, 1, "/read");
            c.headers(1, true, ":status", "200");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset());
            stillServes(c, 3);
        }
    }

    @Test
    void trailersWithoutEndStreamAreMalformed() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            post(c, 1, "/read");
            c.data(1, false, "hello".getBytes(StandardCharsets.US_ASCII));
            c.headers(1, false, "x-sum", "abc");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset());
            stillServes(c, 3);
        }
    }

    @Test
    void trailersBreakingTheFieldRulesAreMalformed() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            post(c, 1, "/read");
            c.headerBlock(1, true, H2Client.literalBlock("X-Sum", "abc")); // §8.2: lower case only
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset());
            post(c, 3, "/read");
            c.headers(3, true, "connection", "close"); // §8.2.2
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(3).reset());
            stillServes(c, 5);
        }
    }

    @Test
    void trailersAfterABodyShorterThanItsContentLengthAreMalformed() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":authority", "x", ":path", "/read",
                    "content-length", "10");
            c.data(1, false, "hello".getBytes(StandardCharsets.US_ASCII));
            c.headers(1, true, "x-sum", "abc");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset());
            stillServes(c, 3);
        }
    }

    @Test
    void aHeadersFrameAfterTheStreamEndedIsStreamClosed() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, true, ":method", "GET", ":scheme", "http", ":authority", "x", ":path", "/wait");
            assertTrue(started.await(20, TimeUnit.SECONDS));
            c.headers(1, true, "x-sum", "abc"); // §5.1: the stream is half-closed (remote)
            assertEquals(ErrorCode.STREAM_CLOSED, c.await(FrameType.RST_STREAM, 1).errorCode());
            release.countDown();
            stillServes(c, 3);
        }
    }

    @Test
    void trailersLargerThanTheHeaderLimitAnswer431() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            post(c, 1, "/read");
            c.data(1, false, "hello".getBytes(StandardCharsets.US_ASCII));
            c.headers(1, true, "x-big", "a".repeat(4000));
            assertEquals(431, c.response(1).status());
            stillServes(c, 3);
        }
    }

    // ---- the response's trailers ----------------------------------------------------------------

    /** What a response's frames say: its head, its body, its trailers; and that the trailers ended it. */
    private record Framed(List<HeaderField> head, String body, List<HeaderField> trailers) {
    }

    private static Framed framed(H2Client c, int stream) throws Exception {
        List<H2Client.Frame> frames = c.streamFrames(stream);
        H2Client.Frame first = frames.get(0);
        assertTrue(first.is(FrameType.HEADERS), "HEADERS first");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<HeaderField> trailers = null;
        for (H2Client.Frame f : frames.subList(1, frames.size())) {
            assertFalse(f.is(FrameType.RST_STREAM), "the stream was reset");
            if (f.is(FrameType.DATA)) {
                assertFalse(f.has(Frames.FLAG_END_STREAM), "the trailers, not the last DATA, end the stream");
                body.write(f.payload());
            } else if (f.fields() != null) {
                trailers = f.fields();
            }
        }
        H2Client.Frame last = frames.get(frames.size() - 1);
        assertTrue(last.is(FrameType.HEADERS) || last.is(FrameType.CONTINUATION), "a HEADERS frame ends the stream");
        assertTrue(frames.stream().filter(f -> f.is(FrameType.HEADERS)).toList().getLast().has(Frames.FLAG_END_STREAM));
        for (HeaderField t : trailers) {
            assertFalse(t.name().startsWith(":"), "no pseudo-header field in trailers: " + trailers);
        }
        return new Framed(first.fields(), body.toString(StandardCharsets.US_ASCII), trailers);
    }

    @Test
    void trailersOfAStreamedBodyFollowItsLastData() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/stream");
            Framed r = framed(c, 1);
            assertEquals("piece1piece2", r.body());
            assertEquals(List.of(new HeaderField("server-timing", "early;dur=1"), new HeaderField("x-checksum", "abc123")),
                    r.trailers());
        }
    }

    @Test
    void trailersFollowABodyOfDeclaredLength() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/sized-stream");
            Framed r = framed(c, 1);
            assertEquals("piece1", r.body());
            assertEquals(List.of(new HeaderField("x-checksum", "abc123")), r.trailers());
        }
    }

    @Test
    void trailersFollowABodyGivenWhole() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/send");
            Framed r = framed(c, 1);
            assertEquals("hello", r.body());
            assertTrue(r.head().contains(new HeaderField("content-length", "5")), r.head()::toString);
            assertEquals(List.of(new HeaderField("x-checksum", "abc123")), r.trailers());
        }
    }

    @Test
    void trailersFollowAnEmptyBody() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            for (int id : new int[] {1, 3}) {
                c.get(id, id == 1 ? "/empty" : "/empty-stream");
                Framed r = framed(c, id);
                assertEquals("", r.body());
                assertEquals(List.of(new HeaderField("x-checksum", "none")), r.trailers());
            }
        }
    }

    @Test
    void trailersFollowAFile() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/file");
            Framed r = framed(c, 1);
            assertEquals("from a file", r.body());
            assertEquals(List.of(new HeaderField("x-checksum", "abc123")), r.trailers());
        }
    }

    @Test
    void withoutTrailersTheLastDataEndsTheStream() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/plain");
            List<H2Client.Frame> frames = c.streamFrames(1);
            H2Client.Frame last = frames.getLast();
            assertTrue(last.is(FrameType.DATA) && last.has(Frames.FLAG_END_STREAM));
            assertEquals(1, frames.stream().filter(f -> f.is(FrameType.HEADERS)).count());
        }
    }

    @Test
    void aResponseWithoutContentSendsNoTrailers() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/nocontent");
            List<H2Client.Frame> frames = c.streamFrames(1);
            assertEquals(1, frames.size(), "one HEADERS frame that ends the stream");
            assertEquals(204, Integer.parseInt(fieldOf(frames.get(0), ":status")));
            assertNull(fieldOf(frames.get(0), "x-checksum"));
            c.headers(3, true, ":method", "HEAD", ":scheme", "http", ":authority", "x", ":path", "/send");
            List<H2Client.Frame> head = c.streamFrames(3);
            assertEquals(1, head.size(), "one HEADERS frame that ends the stream");
            assertNull(fieldOf(head.get(0), "x-checksum"));
        }
    }

    private static String fieldOf(H2Client.Frame f, String name) {
        return f.fields().stream().filter(h -> h.name().equals(name)).map(HeaderField::value).findFirst().orElse(null);
    }
}
