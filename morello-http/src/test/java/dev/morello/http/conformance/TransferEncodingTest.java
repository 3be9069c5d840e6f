package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
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
 * Transfer-Encoding on requests (RFC 9112 §6.1, §6.3, §7). The server's rule
 * ({@code RequestRules.checkTransferCodings}): over every Transfer-Encoding line in order, each
 * element must be a token (optionally with parameters); {@code chunked} must appear exactly once,
 * last, without parameters; anything else is 400. A well-formed list whose other codings come
 * before {@code chunked} is 501, since no other coding is implemented.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class TransferEncodingTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    private static final String BODY = "5\r\nhello\r\n0\r\n\r\n";

    TransferEncodingTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(capture));
    }

    private static String request(String... fieldLines) {
        StringBuilder b = new StringBuilder("POST /te HTTP/1.1\r\nHost: test\r\n");
        for (String f : fieldLines) {
            b.append(f).append("\r\n");
        }
        return b.append("\r\n").append(BODY).toString();
    }

    static Stream<Arguments> lengthWithEncoding() {
        return Stream.of(
                arguments(named("Content-Length first", new String[] {"Content-Length: 15", "Transfer-Encoding: chunked"})),
                arguments(named("Transfer-Encoding first", new String[] {"Transfer-Encoding: chunked", "Content-Length: 15"})),
                arguments(named("zero length", new String[] {"Content-Length: 0", "Transfer-Encoding: chunked"})),
                arguments(named("lower-case names", new String[] {"transfer-encoding: chunked", "content-length: 5"})),
                arguments(named("invalid length", new String[] {"Transfer-Encoding: chunked", "Content-Length: x"})));
    }

    @ParameterizedTest
    @MethodSource("lengthWithEncoding")
    void rejectsContentLengthWithTransferEncoding(String[] fields) throws Exception {
        // RFC 9112 §6.3 (3): the pair is how requests are smuggled; refuse and close.
        RawClient client = client();
        client.send(request(fields));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> finalCodingNotChunked() {
        return Stream.of(
                arguments(named("identity", new String[] {"Transfer-Encoding: identity"})),
                arguments(named("gzip alone", new String[] {"Transfer-Encoding: gzip"})),
                arguments(named("chunked, identity", new String[] {"Transfer-Encoding: chunked, identity"})),
                arguments(named("chunked, gzip", new String[] {"Transfer-Encoding: chunked, gzip"})),
                arguments(named("split lines chunked / identity",
                        new String[] {"Transfer-Encoding: chunked", "Transfer-Encoding: identity"})),
                arguments(named("quoted-looking token 'chunked'", new String[] {"Transfer-Encoding: 'chunked'"})),
                arguments(named("chunkedx", new String[] {"Transfer-Encoding: chunkedx"})),
                arguments(named("xchunked", new String[] {"Transfer-Encoding: xchunked"})),
                arguments(named("chunked-x", new String[] {"Transfer-Encoding: chunked-x"})));
    }

    @ParameterizedTest
    @MethodSource("finalCodingNotChunked")
    void rejectsRequestsWhoseFinalCodingIsNotChunked(String[] fields) throws Exception {
        // RFC 9112 §6.3 (4): the body length cannot be determined; MUST answer 400 and close.
        RawClient client = client();
        client.send(request(fields));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> chunkedTwice() {
        return Stream.of(
                arguments(named("one line", new String[] {"Transfer-Encoding: chunked, chunked"})),
                arguments(named("two lines", new String[] {"Transfer-Encoding: chunked", "Transfer-Encoding: chunked"})),
                arguments(named("with another coding between", new String[] {"Transfer-Encoding: chunked, gzip, chunked"})));
    }

    @ParameterizedTest
    @MethodSource("chunkedTwice")
    void rejectsChunkedAppliedTwice(String[] fields) throws Exception {
        // RFC 9112 §6.1: a sender MUST NOT apply chunked more than once.
        RawClient client = client();
        client.send(request(fields));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[chunked]", "\"chunked\"", "ch\u00e2\u0080\u0093nked", "chunked/1", "chunked;q=1", "chunked; x=y",
        "", " ", ",", ", ,", "gzip chunked", "chunked\u0000"})
    void rejectsCodingListsThatAreNotTokens(String value) throws Exception {
        RawClient client = client();
        client.send(request("Transfer-Encoding: " + value));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip x, chunked", "gzip;, chunked", "gzip;=1, chunked", "gzip;p, chunked", "gzip;p=\"x, chunked"})
    void rejectsMalformedCodingsBeforeChunkedAs400(String value) throws Exception {
        // RFC 9110 §10.1.4: transfer-coding = token *( OWS ";" OWS transfer-parameter ), with
        // transfer-parameter = token BWS "=" BWS ( token / quoted-string ). A list that breaks the
        // grammar is a bad request (400), not a well-formed coding we merely lack (501).
        RawClient client = client();
        client.send(request("Transfer-Encoding: " + value));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> unimplementedCodings() {
        return Stream.of(
                arguments(named("gzip, chunked", new String[] {"Transfer-Encoding: gzip, chunked"})),
                arguments(named("deflate, chunked", new String[] {"Transfer-Encoding: deflate, chunked"})),
                arguments(named("compress, chunked", new String[] {"Transfer-Encoding: compress, chunked"})),
                arguments(named("split lines gzip / chunked",
                        new String[] {"Transfer-Encoding: gzip", "Transfer-Encoding: chunked"})),
                arguments(named("coding with a parameter", new String[] {"Transfer-Encoding: x-custom;p=1, chunked"})),
                arguments(named("identity, chunked", new String[] {"Transfer-Encoding: identity, chunked"})),
                arguments(named("parameter with BWS around =", new String[] {"Transfer-Encoding: x-custom;p = 1, chunked"})),
                arguments(named("quoted parameter holding a comma",
                        new String[] {"Transfer-Encoding: x-custom;p=\"a,b\", chunked"})),
                arguments(named("two parameters", new String[] {"Transfer-Encoding: x-custom ; a=1 ;b=\"2\", chunked"})));
    }

    @ParameterizedTest
    @MethodSource("unimplementedCodings")
    void answers501ForCodingsItDoesNotImplement(String[] fields) throws Exception {
        // RFC 9112 §6.1: a server that receives a transfer coding it does not understand SHOULD
        // answer 501 and close the connection.
        RawClient client = client();
        client.send(request(fields));
        assertRefused(client, 501);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "Chunked", "CHUNKED", "cHuNkEd", " chunked ", ", chunked", "chunked ,", "\tchunked"})
    void acceptsChunkedInAnyCaseAndWithEmptyListElements(String value) throws Exception {
        RawClient client = client();
        client.send(request("Transfer-Encoding: " + value));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        Capture.Seen seen = capture.next();
        assertEquals("hello", seen.bodyText());
        assertEquals(-1, seen.contentLength(), "a chunked body has no declared length");
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "gzip, chunked", "identity"})
    void rejectsTransferEncodingOnHttp10(String value) throws Exception {
        // RFC 9112 §6.1: the framing of an HTTP/1.0 message with Transfer-Encoding is faulty.
        RawClient client = client();
        client.send("POST /te HTTP/1.0\r\nTransfer-Encoding: " + value + "\r\n\r\n" + BODY);
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void rejectsTransferEncodingOnHttp10EvenWithKeepAlive() throws Exception {
        RawClient client = client();
        client.send("POST /te HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n" + BODY);
        assertRefused(client, 400);
        capture.assertNotCalled();
    }
}
