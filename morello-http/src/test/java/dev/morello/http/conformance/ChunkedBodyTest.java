package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.Leniency;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.ByteArrayOutputStream;
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

/**
 * Chunked request bodies (RFC 9112 §7.1): sizes, extensions, the CRLF after data, trailers,
 * limits. A malformed body surfaces as a {@code RequestException} from the handler's read; the
 * default test handler lets it escape, so the server answers with its status and closes.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class ChunkedBodyTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    ChunkedBodyTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(capture));
    }

    /** Sends a chunked body, expects it refused with {@code status}, and that the handler's read saw that status. */
    private void assertBodyRefused(RawClient client, String chunkedBody, int status) throws Exception {
        client.send(Requests.chunked("/c", chunkedBody));
        assertRefused(client, status);
        Capture.Seen seen = capture.next();
        assertNotNull(seen.bodyError(), "the handler's read fails");
        assertEquals(status, seen.bodyError().status());
    }

    // ---- sizes -----------------------------------------------------------------------------------

    static Stream<Arguments> validBodies() {
        return Stream.of(
                arguments(named("one chunk", "5\r\nhello\r\n0\r\n\r\n"), "hello"),
                arguments(named("lower-case hex", "a\r\n0123456789\r\n0\r\n\r\n"), "0123456789"),
                arguments(named("upper-case hex", "A\r\n0123456789\r\n0\r\n\r\n"), "0123456789"),
                arguments(named("two-digit hex", "1f\r\n" + "x".repeat(31) + "\r\n0\r\n\r\n"), "x".repeat(31)),
                arguments(named("two-digit upper hex", "1F\r\n" + "y".repeat(31) + "\r\n0\r\n\r\n"), "y".repeat(31)),
                arguments(named("leading zeros", "0005\r\nhello\r\n000\r\n\r\n"), "hello"),
                arguments(named("several chunks", "3\r\nabc\r\n1\r\nd\r\n2\r\nef\r\n0\r\n\r\n"), "abcdef"),
                arguments(named("only the last chunk", "0\r\n\r\n"), ""),
                arguments(named("CRLF inside data", "4\r\n\r\n\r\n\r\n0\r\n\r\n"), "\r\n\r\n"),
                arguments(named("extension name=value", "5;name=value\r\nhello\r\n0\r\n\r\n"), "hello"),
                arguments(named("extension without value", "5;name\r\nhello\r\n0;last\r\n\r\n"), "hello"),
                arguments(named("quoted extension with escape", "5;name=\"quoted \\\" value\"\r\nhello\r\n0\r\n\r\n"), "hello"),
                arguments(named("quoted extension with semicolon", "5;a=\"x;y=z\"\r\nhello\r\n0\r\n\r\n"), "hello"),
                arguments(named("extension with BWS", "5 ; a=b\r\nhello\r\n0\r\n\r\n"), "hello"),
                arguments(named("extension with tabs", "5\t;\ta\t=\tb\r\nhello\r\n0\r\n\r\n"), "hello"),
                arguments(named("several extensions", "5;a=b;c=\"d\";e\r\nhello\r\n0\r\n\r\n"), "hello"),
                arguments(named("trailer field", "5\r\nhello\r\n0\r\nX-Trailer: v\r\n\r\n"), "hello"),
                arguments(named("two trailer fields", "5\r\nhello\r\n0\r\nX-A: 1\r\nX-B: \r\n\r\n"), "hello"));
    }

    @ParameterizedTest
    @MethodSource("validBodies")
    void handlerReadsExactlyTheDecodedBytes(String chunkedBody, String decoded) throws Exception {
        RawClient client = client();
        client.send(Requests.chunked("/c", chunkedBody));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        Capture.Seen seen = capture.next();
        assertEquals(decoded, seen.bodyText());
        assertEquals(-1, seen.contentLength());
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+5", "-5", "0x1", "0x5", "0_0", "1 2", "xx", " 5", "5.0", "5,", "", "0000000000000005",
        "10000000000000000", "ffffffffffffffff", "\u00e9"})
    void rejectsBadChunkSizes(String size) throws Exception {
        assertBodyRefused(client(), size + "\r\nhello\r\n0\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5;a=\"unclosed\r\nhello\r\n0\r\n\r\n", "5;a=\"x\\\r\nhello\r\n0\r\n\r\n",
        "5;=x\r\nhello\r\n0\r\n\r\n", "5;a=\r\nhello\r\n0\r\n\r\n", "5;a b\r\nhello\r\n0\r\n\r\n",
        "5;a=b c\r\nhello\r\n0\r\n\r\n", "5;a=\"x\"y\r\nhello\r\n0\r\n\r\n", "5;a=@\r\nhello\r\n0\r\n\r\n",
        "5;a=\"\u0000\"\r\nhello\r\n0\r\n\r\n", "5;a\u0000\r\nhello\r\n0\r\n\r\n", "5 x\r\nhello\r\n0\r\n\r\n",
        "5 \r\nhello\r\n0\r\n\r\n", "5\t\r\nhello\r\n0\r\n\r\n", "5;a=b \r\nhello\r\n0\r\n\r\n", "5;a \r\nhello\r\n0\r\n\r\n",
        "5;a=\"x\" \r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\n0 \r\n\r\n"})
    void rejectsMalformedExtensions(String chunkedBody) throws Exception {
        assertBodyRefused(client(), chunkedBody, 400);
    }

    // ---- line endings ----------------------------------------------------------------------------

    static Stream<Arguments> badDelimiters() {
        return Stream.of(
                arguments(named("data followed by X", "5\r\nhelloX\r\n0\r\n\r\n")),
                arguments(named("data longer than its size", "3\r\nhello\r\n0\r\n\r\n")),
                arguments(named("data followed by bare LF", "5\r\nhello\n0\r\n\r\n")),
                arguments(named("data followed by bare CR", "5\r\nhello\r0\r\n\r\n")),
                arguments(named("data followed by nothing", "5\r\nhello0\r\n\r\n")),
                arguments(named("size line ended by bare LF", "5\nhello\r\n0\r\n\r\n")),
                arguments(named("size line ended by bare CR", "5\rhello\r\n0\r\n\r\n")),
                arguments(named("last chunk ended by bare LF", "5\r\nhello\r\n0\n\r\n")),
                arguments(named("body ended by bare LF", "5\r\nhello\r\n0\r\n\n")),
                arguments(named("body ended by bare CR", "5\r\nhello\r\n0\r\n\rX")),
                arguments(named("extension ended by bare LF", "5;a=b\nhello\r\n0\r\n\r\n")),
                arguments(named("trailer ended by bare LF", "5\r\nhello\r\n0\r\nX: y\n\r\n")));
    }

    @ParameterizedTest
    @MethodSource("badDelimiters")
    void rejectsChunkLinesNotEndedByCrlf(String chunkedBody) throws Exception {
        assertBodyRefused(client(), chunkedBody, 400);
    }

    static Stream<Arguments> bareLfBodies() {
        return Stream.of(
                arguments(named("all bare LF", "5\nhello\n0\n\n")),
                arguments(named("bare LF after data", "5\r\nhello\n0\r\n\r\n")),
                arguments(named("bare LF in trailer", "5\r\nhello\r\n0\r\nX: y\n\n")),
                arguments(named("bare LF after extension", "5;a=b\nhello\r\n0\r\n\r\n")));
    }

    @ParameterizedTest
    @MethodSource("bareLfBodies")
    void acceptsBareLfInChunkLinesWithLeniency(String chunkedBody) throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.allow(Leniency.BARE_LF_LINE_ENDINGS), capture));
        client.send(Requests.chunked("/c", chunkedBody));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals("hello", capture.next().bodyText());
        TestServers.assertStillServes(client);
    }

    // ---- trailers --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Bad Name: x", "Bad@Name: x", ": x", "X : v", " X: folded", "\tX: folded", "NoColon",
        "X: a\u0000b", "X: a\u007fb", "X: a\rb", "X\u00e9: v"})
    void rejectsInvalidTrailerFields(String trailerLine) throws Exception {
        assertBodyRefused(client(), "5\r\nhello\r\n0\r\n" + trailerLine + "\r\n\r\n", 400);
    }

    @Test
    void rejectsOverlongChunkExtensions() throws Exception {
        assertBodyRefused(client(), "5;a=" + "x".repeat(5000) + "\r\nhello\r\n0\r\n\r\n", 400);
    }

    @Test
    void rejectsAFoldedTrailerContinuation() throws Exception {
        assertBodyRefused(client(), "5\r\nhello\r\n0\r\nX: a\r\n b\r\n\r\n", 400);
    }

    // ---- limits and split input ------------------------------------------------------------------

    @Test
    void refusesWith413AsSoonAsAChunkSizeExceedsMaxBodySize() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.maxBodySize(1000), capture));
        // Only the size line is sent: the refusal must not wait for the data.
        client.send(Requests.chunked("/c", "3E9\r\n"));
        assertRefused(client, 413);
        assertEquals(413, capture.next().bodyError().status());
    }

    @Test
    void refusesWith413WhenChunksAddUpToMoreThanMaxBodySize() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.maxBodySize(1000), capture));
        client.send(Requests.chunked("/c", "1F4\r\n" + "a".repeat(500) + "\r\n1F5\r\n"));
        assertRefused(client, 413);
        assertEquals(413, capture.next().bodyError().status());
    }

    @Test
    void acceptsAChunkedBodyOfExactlyMaxBodySize() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.maxBodySize(1000), capture));
        client.send(Requests.chunked("/c", "1F4\r\n" + "a".repeat(500) + "\r\n1F4\r\n" + "b".repeat(500) + "\r\n0\r\n\r\n"));
        assertEquals(200, client.readResponse().status());
        assertEquals("a".repeat(500) + "b".repeat(500), capture.next().bodyText());
    }

    @Test
    void decodesBinaryChunksOfManySizes() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int[] sizes = {1, 2, 15, 16, 255, 256, 4095, 4096, 4097, 20000, 1};
        int k = 0;
        for (int size : sizes) {
            wire.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < size; i++) {
                byte b = (byte) (k++ * 7);
                wire.write(b);
                expected.write(b);
            }
            wire.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        wire.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawClient client = client();
        client.send("POST /bin HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n");
        client.send(wire.toByteArray());
        assertEquals(200, client.readResponse().status());
        assertArrayEquals(expected.toByteArray(), capture.next().body());
        TestServers.assertStillServes(client);
    }

    @Test
    void decodesABodySentOneByteAtATime() throws Exception {
        RawClient client = client();
        client.send("POST /slow HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n");
        String body = "5;e=\"q\\\"x\"\r\nhello\r\n6\r\n world\r\n0\r\nX-T: v\r\n\r\n";
        for (char c : body.toCharArray()) {
            client.send(String.valueOf(c));
            Thread.sleep(1);
        }
        assertEquals(200, client.readResponse().status());
        assertEquals("hello world", capture.next().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void incompleteChunkedBodyThenEndOfStreamDoesNotHang() throws Exception {
        RawClient client = client();
        client.send(Requests.chunked("/c", "a\r\nhello"));
        client.shutdownOutput();
        if (client.awaitAnything(RawClient.DEFAULT_TIMEOUT) && !client.pending().isEmpty()) {
            RawResponse r = client.readResponse();
            assertEquals(400, r.status(), r::toString);
        }
        client.assertClosedByServer();
        assertEquals(400, capture.next().bodyError().status());
    }

    // ---- unread bodies ---------------------------------------------------------------------------

    @Test
    void drainsASmallUnreadChunkedBodyAndKeepsTheConnection() throws Exception {
        Capture ignoring = Capture.withoutReadingBody();
        RawClient client = servers.connect(servers.start(ignoring));
        client.send(Requests.chunked("/ignored", "5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertFalse(r.saysClose(), r::toString);
        ignoring.next();
        TestServers.assertStillServes(client);
    }

    @Test
    void closesAfterAnUnreadChunkedBodyOverTheDrainLimit() throws Exception {
        Capture ignoring = Capture.withoutReadingBody();
        RawClient client = servers.connect(servers.start(b -> b.maxDrainBytes(1024), ignoring));
        client.send(Requests.chunked("/ignored", "1000\r\n" + "z".repeat(4096) + "\r\n0\r\n\r\n"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        // A chunked body's size is unknown when the response starts, so the response may not
        // announce the close; the server must not read the rest as a new request either way.
        client.assertClosedByServer();
        ignoring.next();
    }

    @Test
    void malformedUnreadChunkedBodyClosesTheConnection() throws Exception {
        Capture ignoring = Capture.withoutReadingBody();
        RawClient client = servers.connect(servers.start(ignoring));
        client.send(Requests.chunked("/ignored", "5\r\nhelloX\r\n0\r\n\r\n") + Requests.get("/smuggled"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        client.assertClosedByServer();
        assertEquals("/ignored", ignoring.next().target());
        ignoring.assertNotCalled();
    }
}
