package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Content-Length framing of request bodies (RFC 9110 §8.6, RFC 9112 §6.3). */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class ContentLengthTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    ContentLengthTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(capture));
    }

    static Stream<Arguments> invalidLengths() {
        return Stream.of(
                arguments(named("plus sign", "+10")),
                arguments(named("minus one", "-1")),
                arguments(named("minus ten", "-10")),
                arguments(named("decimal point", "1.5")),
                arguments(named("comma list", "1,0")),
                arguments(named("trailing comma", "10,")),
                arguments(named("equal values in a list", "8, 8")),
                arguments(named("trailing letter", "10A")),
                arguments(named("letters", "abc")),
                arguments(named("hex", "0x10")),
                arguments(named("underscore", "1_0")),
                arguments(named("inner space", "1 0")),
                arguments(named("empty", "")),
                arguments(named("blank", " ")),
                arguments(named("non-ASCII digit", "\u00d9\u00a3")),
                arguments(named("superscript two", "\u00b2")),
                arguments(named("46-digit overflow", "1234567890123456789012345678901234567890123456")),
                arguments(named("Long.MAX_VALUE + 1", "9223372036854775808")),
                arguments(named("exponent", "1e3")));
    }

    @ParameterizedTest
    @MethodSource("invalidLengths")
    void rejectsInvalidContentLength(String value) throws Exception {
        RawClient client = client();
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: " + value + "\r\n\r\nhelloworld");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> repeatedLengths() {
        return Stream.of(
                arguments(named("8 and 8", new String[] {"8", "8"})),
                arguments(named("0 and 0", new String[] {"0", "0"})),
                arguments(named("47 and 0", new String[] {"47", "0"})),
                arguments(named("0 and 8", new String[] {"0", "8"})));
    }

    @ParameterizedTest
    @MethodSource("repeatedLengths")
    void rejectsRepeatedContentLength(String[] values) throws Exception {
        // RFC 9112 §6.3 (5) would let a server merge equal values; this one refuses every repeat.
        RawClient client = client();
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: " + values[0] + "\r\ncontent-length: "
                + values[1] + "\r\n\r\nabcdefgh");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "GET", "DELETE", "OPTIONS"})
    void handlerReadsTheDeclaredBody(String method) throws Exception {
        RawClient client = client();
        client.send(Requests.withBody(method, "/b", "hello world"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals(method + " /b", r.bodyText());
        Capture.Seen seen = capture.next();
        assertEquals("hello world", seen.bodyText());
        assertEquals(11, seen.contentLength());
        TestServers.assertStillServes(client);
    }

    @Test
    void handlerReadsABinaryBodyExactly() throws Exception {
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + (i >> 8));
        }
        RawClient client = client();
        client.send("POST /bin HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length + "\r\n\r\n");
        client.send(body);
        assertEquals(200, client.readResponse().status());
        assertArrayEquals(body, capture.next().body());
        TestServers.assertStillServes(client);
    }

    @Test
    void acceptsLeadingZeros() throws Exception {
        RawClient client = client();
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 0005\r\n\r\nhello");
        assertEquals(200, client.readResponse().status());
        assertEquals("hello", capture.next().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void zeroLengthMeansNoBody() throws Exception {
        RawClient client = client();
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals(0, seen.body().length);
        assertEquals(0, seen.contentLength());
        TestServers.assertStillServes(client);
    }

    @Test
    void readsABodySentInPieces() throws Exception {
        RawClient client = client();
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 15\r\n\r\n");
        for (String piece : new String[] {"hello", "-", "piece", "s!!!"}) {
            Thread.sleep(20);
            client.send(piece);
        }
        assertEquals(200, client.readResponse().status());
        assertEquals("hello-pieces!!!", capture.next().bodyText());
    }

    @Test
    void bodyShorterThanDeclaredThenEndOfStreamDoesNotHang() throws Exception {
        RawClient client = client();
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");
        client.shutdownOutput();
        // The client is gone half-way through its body: the server must not wait for the rest.
        // It may answer 400 on the half that is still open; either way it closes.
        if (client.awaitAnything(RawClient.DEFAULT_TIMEOUT) && !client.pending().isEmpty()) {
            RawResponse r = client.readResponse();
            assertEquals(400, r.status(), r::toString);
            assertTrue(r.saysClose(), r::toString);
        }
        client.assertClosedByServer();
        Capture.Seen seen = capture.next();
        assertNotNull(seen.bodyError(), "the handler's read of the cut body fails");
        assertEquals(400, seen.bodyError().status());
    }

    @Test
    void handlerMayReadTheBodyAfterStartingTheResponse() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> {
            try (var out = ex.start(200, -1)) {
                out.write("echo:".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                ex.body().transferTo(out);
            }
        }));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\n\r\n");
        Thread.sleep(50);
        client.send("hello world");
        RawResponse r = client.readResponse();
        assertEquals("echo:hello world", r.bodyText());
        assertTrue(r.complete(), r::toString);
        TestServers.assertStillServes(client);
    }

    @Test
    void aClientStillSendingItsBodyReceivesAnEarlyRefusal() throws Exception {
        // The handler refuses on the head alone; the client is still streaming 8 MB. The refusal
        // must reach it (RFC 9112 §9.6 warns that closing on unread input can reset it away).
        Capture refusing = Capture.replyingWithoutReadingBody(
                ex -> ex.send(413, "too big".getBytes(StandardCharsets.US_ASCII)));
        RawClient client = servers.connect(servers.start(refusing));
        int total = 8 * 1024 * 1024;
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: " + total + "\r\n\r\n");
        Thread writer = Thread.ofVirtual().start(() -> {
            byte[] piece = new byte[64 * 1024];
            try {
                for (int sent = 0; sent < total; sent += piece.length) {
                    client.send(piece);
                }
            } catch (IOException e) {
                // The server stopped reading and closed: expected.
            }
        });
        try {
            RawResponse r = client.readResponse();
            assertEquals(413, r.status(), r::toString);
            assertEquals("too big", r.bodyText());
            assertTrue(r.saysClose(), r::toString);
        } finally {
            writer.join(10_000);
        }
        refusing.next();
    }

    @Test
    void handlerThatIgnoresASmallBodyKeepsTheConnection() throws Exception {
        Capture ignoring = Capture.withoutReadingBody();
        RawClient client = servers.connect(servers.start(ignoring));
        client.send(Requests.withBody("POST", "/ignored", "x".repeat(1000)));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertFalse(r.saysClose(), r::toString);
        assertEquals("/ignored", ignoring.next().target());
        // The unread body was drained: the next bytes are read as a new request.
        TestServers.assertStillServes(client);
    }

    @Test
    void handlerThatIgnoresABodyOverTheDrainLimitClosesTheConnection() throws Exception {
        Capture ignoring = Capture.withoutReadingBody();
        RawClient client = servers.connect(servers.start(b -> b.maxDrainBytes(1024), ignoring));
        client.send(Requests.withBody("POST", "/ignored", "x".repeat(4096)));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertTrue(r.saysClose(), () -> "the server will not read the rest, so it says it closes: " + r);
        client.assertClosedByServer();
        ignoring.next();
    }
}
