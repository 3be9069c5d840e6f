package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9113 §8.2 and §8.3.1: a malformed request is a stream error of type PROTOCOL_ERROR
 * (§8.1.1); its handler is never called, and the connection serves the next stream.
 */
@Timeout(60)
class RequestFieldRulesTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private final AtomicInteger handled = new AtomicInteger();

    private HttpServer server() {
        return servers.start(b -> b.http2(true), ex -> {
            handled.incrementAndGet();
            ex.send(200, ex.body().readAllBytes());
        });
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("no :method (§8.3.1)", new String[] {":scheme", "http", ":path", "/"}),
                Arguments.of("no :path (§8.3.1)", new String[] {":method", "GET", ":scheme", "http"}),
                Arguments.of("no :scheme (§8.3.1)", new String[] {":method", "GET", ":path", "/"}),
                Arguments.of("empty :path (§8.3.1)", new String[] {":method", "GET", ":scheme", "http", ":path", ""}),
                Arguments.of(":method twice (§8.3)", new String[] {":method", "GET", ":method", "GET", ":scheme", "http", ":path", "/"}),
                Arguments.of(":path twice (§8.3)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":path", "/"}),
                Arguments.of("pseudo-header after a regular field (§8.3)",
                        new String[] {":method", "GET", ":scheme", "http", "x-a", "1", ":path", "/"}),
                Arguments.of("a response pseudo-header (§8.3)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":status", "200"}),
                Arguments.of("an unknown pseudo-header (§8.3)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":x", "1"}),
                Arguments.of("upper-case name (§8.2)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", "X-Upper", "1"}),
                Arguments.of("connection (§8.2.2)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", "connection", "close"}),
                Arguments.of("transfer-encoding (§8.2.2)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", "transfer-encoding", "chunked"}),
                Arguments.of("te other than trailers (§8.2.2)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", "te", "gzip"}),
                Arguments.of("CR in a value (§8.2.1)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", "x-a", "a\rb"}),
                Arguments.of("leading space in a value (§8.2.1)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", "x-a", " a"}),
                Arguments.of("CONNECT with :path (§8.5)", new String[] {":method", "CONNECT", ":authority", "a:443", ":scheme", "http", ":path", "/"}),
                Arguments.of("content-length not digits (RFC 9110 §8.6)", new String[] {":method", "GET", ":scheme", "http", ":path", "/", "content-length", "+1"}),
                Arguments.of("content-length above 0 with no body (§8.1.1)", new String[] {":method", "POST", ":scheme", "http", ":path", "/", "content-length", "5"}),
                Arguments.of("userinfo in :authority (§8.3.1)",
                        new String[] {":method", "GET", ":scheme", "http", ":authority", "user@a.test", ":path", "/"}),
                Arguments.of("a space in :authority (RFC 3986 §3.2)",
                        new String[] {":method", "GET", ":scheme", "http", ":authority", "a test", ":path", "/"}),
                Arguments.of("host differs from :authority (§8.3.1)",
                        new String[] {":method", "GET", ":scheme", "http", ":authority", "a.test", ":path", "/", "host", "b.test"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedRequestIsResetAndTheNextServed(String name, String[] fields) throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headerBlock(1, true, H2Client.literalBlock(fields));
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset(), name);
            c.get(3, "/ok");
            assertEquals(200, c.response(3).status());
            assertEquals(1, handled.get(), "only the valid request reached the handler");
        }
    }

    @Test
    void aBodyLongerThanItsContentLengthIsAProtocolError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", "content-length", "3");
            c.data(1, true, "four".getBytes(StandardCharsets.US_ASCII));
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset());
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAProtocolError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", "content-length", "5");
            c.data(1, true, "four".getBytes(StandardCharsets.US_ASCII));
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.response(1).reset());
        }
    }

    @Test
    void aBodyOverMaxBodySizeIsAnswered413AndTheConnectionGoesOn() throws Exception {
        HttpServer s = servers.start(b -> b.http2(true).maxBodySize(100_000), ex -> ex.send(200, ex.body().readAllBytes()));
        try (H2Client c = H2Client.open(s)) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/");
            byte[] piece = new byte[16_384];
            for (int i = 0; i < 10; i++) {
                c.data(1, i == 9, piece);
            }
            assertEquals(413, c.response(1).status());
            c.get(3, "/");
            assertEquals(200, c.response(3).status());
        }
    }

    @Test
    void trailersEndTheBody() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/");
            c.data(1, false, "body".getBytes(StandardCharsets.US_ASCII));
            c.headers(1, true, "x-checksum", "1");
            H2Client.Response r = c.response(1);
            assertEquals(200, r.status());
            assertEquals("body", r.text());
        }
    }

    @Test
    void optionsAsteriskIsAllowed() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, true, ":method", "OPTIONS", ":scheme", "http", ":path", "*");
            assertEquals(200, c.response(1).status());
        }
    }
}
