package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpExchange;
import dev.morello.http.HttpHandler;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trailer fields over HTTP/1.1 (RFC 9110 §6.5, RFC 9112 §7.1.2), both ways: a chunked request's
 * trailer section reaches the handler once it has read the body, and the trailers a handler sets
 * end a chunked response; a response of known length, or to HTTP/1.0, has nowhere to put them.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class TrailerFieldsTest {
    @RegisterExtension
    final TestServers servers;

    /** What a handler saw that the response cannot tell, for the test to check. */
    private final BlockingQueue<String> seen = new ArrayBlockingQueue<>(10);

    TrailerFieldsTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private final HttpHandler site = ex -> {
        switch (ex.path()) {
            case "/read" -> {
                int before = ex.requestTrailers().size();
                byte[] body = ex.body().readAllBytes();
                ex.send(200, ("before=" + before + " body=" + new String(body, StandardCharsets.US_ASCII)
                        + " trailers=" + describe(ex)).getBytes(StandardCharsets.UTF_8));
            }
            case "/chunked" -> {
                ex.responseHeaders().set("Trailer", "X-Checksum, Server-Timing");
                ex.responseTrailers().set("Server-Timing", "early;dur=1");
                try (OutputStream o = ex.start(200, -1)) {
                    o.write("hello ".getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    o.write("world".getBytes(StandardCharsets.US_ASCII));
                    ex.responseTrailers().set("X-Checksum", "abc123").add("Server-Timing", "late;dur=2");
                }
                seen.add(attemptAfterTheEnd(ex));
            }
            case "/sized" -> {
                ex.responseTrailers().set("X-Checksum", "abc123");
                ex.send(200, "hello".getBytes(StandardCharsets.US_ASCII));
                seen.add(attemptAfterTheEnd(ex));
            }
            case "/sized-stream" -> {
                try (OutputStream o = ex.start(200, 5)) {
                    o.write("hello".getBytes(StandardCharsets.US_ASCII));
                    ex.responseTrailers().set("X-Checksum", "abc123");
                }
            }
            case "/refuse" -> {
                String name = ex.query();
                String outcome;
                try {
                    ex.responseTrailers().set(name, "v");
                    outcome = "accepted";
                } catch (IllegalArgumentException e) {
                    outcome = "refused: " + e.getMessage();
                }
                ex.responseTrailers().clear();
                ex.send(200, outcome.getBytes(StandardCharsets.UTF_8));
            }
            default -> ex.send(404, new byte[0]);
        }
    };

    private static String describe(HttpExchange ex) {
        StringBuilder b = new StringBuilder();
        ex.requestTrailers().forEach((name, value) -> b.append(name).append(':').append(value).append(';'));
        return b.toString();
    }

    /** Sets a trailer once the body has ended: it must be refused. */
    private static String attemptAfterTheEnd(HttpExchange ex) {
        try {
            ex.responseTrailers().set("X-Late", "1");
            return "accepted";
        } catch (IllegalStateException e) {
            return "refused";
        }
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(site));
    }

    // ---- the request's trailers -----------------------------------------------------------------

    @Test
    void aChunkedRequestsTrailersReachTheHandlerAfterItsBody() throws Exception {
        RawClient c = client();
        c.send(Requests.chunked("/read", "5\r\nhello\r\n0\r\nX-Sum: abc\r\nx-other:  two words \r\n\r\n"));
        RawResponse r = c.readResponse();
        assertEquals("before=0 body=hello trailers=X-Sum:abc;x-other:two words;", r.bodyText());
        TestServers.assertStillServes(c);
    }

    @Test
    void aTrailerIsFoundByItsNameInAnyCase() throws Exception {
        HttpHandler lookup = ex -> {
            ex.body().readAllBytes();
            ex.send(200, (ex.requestTrailers().get("x-sum") + " " + ex.requestTrailers().all("X-SUM")).getBytes(StandardCharsets.UTF_8));
        };
        RawClient c = servers.connect(servers.start(lookup));
        c.send(Requests.chunked("/", "0\r\nX-Sum: 1\r\nx-sum: 2\r\n\r\n"));
        assertEquals("1 [1, 2]", c.readResponse().bodyText());
    }

    @Test
    void aChunkedRequestWithoutTrailersHasNone() throws Exception {
        RawClient c = client();
        c.send(Requests.chunked("/read", "5\r\nhello\r\n0\r\n\r\n"));
        assertEquals("before=0 body=hello trailers=", c.readResponse().bodyText());
    }

    @Test
    void aRequestWithContentLengthHasNoTrailers() throws Exception {
        RawClient c = client();
        c.send(Requests.withBody("POST", "/read", "hello"));
        assertEquals("before=0 body=hello trailers=", c.readResponse().bodyText());
    }

    @Test
    void trailersAreEmptyUntilTheBodyIsReadToItsEnd() throws Exception {
        HttpHandler partial = ex -> {
            byte[] first = ex.body().readNBytes(5);
            int midway = ex.requestTrailers().size();
            ex.body().readAllBytes();
            ex.send(200, (new String(first, StandardCharsets.US_ASCII) + " midway=" + midway + " end="
                    + ex.requestTrailers().get("X-Sum")).getBytes(StandardCharsets.UTF_8));
        };
        RawClient c = servers.connect(servers.start(partial));
        c.send(Requests.chunked("/", "5\r\nhello\r\n5\r\nworld\r\n0\r\nX-Sum: abc\r\n\r\n"));
        assertEquals("hello midway=0 end=abc", c.readResponse().bodyText());
    }

    // ---- the response's trailers ----------------------------------------------------------------

    @Test
    void trailersSetBeforeTheBodyEndsFollowTheLastChunk() throws Exception {
        RawClient c = client();
        c.send(Requests.get("/chunked"));
        RawResponse r = c.readResponse();
        assertEquals(RawResponse.Framing.CHUNKED, r.framing());
        assertTrue(r.complete(), r::toString);
        assertEquals("hello world", r.bodyText());
        assertEquals("X-Checksum, Server-Timing", r.header("Trailer"));
        assertEquals(List.of(new RawResponse.Field("Server-Timing", "early;dur=1"), new RawResponse.Field("X-Checksum", "abc123"),
                new RawResponse.Field("Server-Timing", "late;dur=2")), r.trailers());
        assertEquals("refused", seen.poll(10, TimeUnit.SECONDS), "a trailer set after the body ended");
        TestServers.assertStillServes(c);
    }

    @Test
    void aResponseOfKnownLengthDropsItsTrailers() throws Exception {
        RawClient c = client();
        c.send(Requests.get("/sized"));
        RawResponse r = c.readResponse();
        assertEquals(RawResponse.Framing.CONTENT_LENGTH, r.framing());
        assertEquals("hello", r.bodyText());
        assertNull(r.header("X-Checksum"), "a trailer is not turned into a header field");
        assertEquals("refused", seen.poll(10, TimeUnit.SECONDS), "a trailer set after send()");
        c.send(Requests.get("/sized-stream"));
        RawResponse streamed = c.readResponse();
        assertEquals(RawResponse.Framing.CONTENT_LENGTH, streamed.framing());
        assertEquals("hello", streamed.bodyText());
        TestServers.assertStillServes(c);
    }

    @Test
    void aResponseToHttp10HasNoTrailerSection() throws Exception {
        RawClient c = client();
        c.send("GET /chunked HTTP/1.0\r\n\r\n");
        RawResponse r = c.readResponse();
        assertEquals(RawResponse.Framing.CLOSE, r.framing());
        assertEquals("hello world", r.bodyText(), "nothing but the body before the close");
        assertEquals("refused", seen.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aHeadResponseHasNoTrailerSection() throws Exception {
        RawClient c = client();
        c.send(Requests.head("HEAD /chunked HTTP/1.1"));
        RawResponse r = c.readHeadResponse();
        assertEquals(200, r.status());
        assertEquals(0, r.body().length);
        assertEquals(List.of(), r.trailers());
        TestServers.assertStillServes(c);
    }

    /** RFC 9110 §6.5.1, and the connection-specific fields of §7.6.1. */
    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "Transfer-Encoding", "Host", "TE", "Trailer", "Content-Type",
            "Content-Encoding", "Content-Range", "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Cookie",
            "Set-Cookie", "Cache-Control", "Expect", "Max-Forwards", "Pragma", "Range", "If-Match", "If-None-Match",
            "If-Modified-Since", "If-Unmodified-Since", "If-Range", "Age", "Expires", "Date", "Location", "Retry-After",
            "Vary", "Connection", "Keep-Alive", "Proxy-Connection", "Upgrade", "content-length", "set-COOKIE"})
    void aFieldThatCannotBeATrailerIsRefusedByName(String name) throws Exception {
        RawClient c = client();
        c.send(Requests.get("/refuse?" + name));
        String outcome = c.readResponse().bodyText();
        assertTrue(outcome.startsWith("refused: "), outcome);
        assertTrue(outcome.toLowerCase(java.util.Locale.ROOT).contains(name.toLowerCase(java.util.Locale.ROOT)),
                () -> "the message names the field: " + outcome);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Checksum", "Server-Timing", "ETag", "Digest", "Authentication-Info"})
    void otherFieldsAreAccepted(String name) throws Exception {
        RawClient c = client();
        c.send(Requests.get("/refuse?" + name));
        assertEquals("accepted", c.readResponse().bodyText());
    }

    @Test
    void aTrailerValueCannotSplitTheResponse() throws Exception {
        HttpHandler splitter = ex -> {
            String outcome;
            try {
                ex.responseTrailers().set("X-Checksum", "a\r\nX-Injected: 1");
                outcome = "accepted";
            } catch (IllegalArgumentException e) {
                outcome = "refused";
            }
            ex.send(200, outcome.getBytes(StandardCharsets.US_ASCII));
        };
        RawClient c = servers.connect(servers.start(splitter));
        c.send(Requests.get("/"));
        RawResponse r = c.readResponse();
        assertEquals("refused", r.bodyText());
        assertFalse(r.hasHeader("X-Injected"));
    }
}
