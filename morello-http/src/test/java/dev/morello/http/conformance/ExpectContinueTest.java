package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpVersion;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Expect: 100-continue} (RFC 9110 §10.1.1): the interim response goes out only when the
 * handler first reads the body; a handler that answers without reading never asks for the body.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class ExpectContinueTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    ExpectContinueTest(Transport transport) {
        servers = new TestServers(transport);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100-continue", "100-Continue", "100-CONTINUE"})
    void sends100ContinueWhenTheHandlerReadsTheBody(String expectation) throws Exception {
        RawClient client = servers.connect(servers.start(capture));
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nExpect: " + expectation + "\r\nContent-Length: 5\r\n\r\n");
        RawResponse interim = client.readResponse();
        assertEquals(100, interim.status(), interim::toString);
        assertEquals("HTTP/1.1 100 Continue", interim.statusLine());
        assertEquals(0, interim.body().length);
        client.send("hello");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertFalse(r.saysClose(), r::toString);
        assertEquals("hello", capture.next().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void sends100ContinueForAChunkedBody() throws Exception {
        RawClient client = servers.connect(servers.start(capture));
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertEquals(100, client.readResponse().status());
        client.send("5\r\nhello\r\n0\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        assertEquals("hello", capture.next().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void sendsNo100WhenTheHandlerAnswersWithoutReading() throws Exception {
        Capture refusing = Capture.replyingWithoutReadingBody(ex -> ex.send(401, "no".getBytes(StandardCharsets.US_ASCII)));
        RawClient client = servers.connect(servers.start(refusing));
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(401, r.status(), "the final response comes first, no 100: " + r);
        assertEquals("no", r.bodyText());
        assertTrue(r.saysClose(), () -> "the body was never asked for, so the connection cannot be reused: " + r);
        client.assertClosedByServer();
        refusing.next();
    }

    @Test
    void sendsNo100WhenTheHandlerFailsWithoutReading() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> {
            throw new IllegalStateException("handler bug");
        }));
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(500, r.status(), r::toString);
        assertTrue(r.saysClose(), r::toString);
        client.assertClosedByServer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"something-else", "100-continue-please", "200-ok", "100-continue, foo", "100-continue;x=1"})
    void refusesUnknownExpectationsWith417(String expectation) throws Exception {
        RawClient client = servers.connect(servers.start(capture));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nExpect: " + expectation + "\r\nContent-Length: 5\r\n\r\nhello");
        assertRefused(client, 417);
        capture.assertNotCalled();
    }

    @Test
    void refusesTwoExpectFieldsWith417() throws Exception {
        RawClient client = servers.connect(servers.start(capture));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nExpect: 100-continue\r\n"
                + "Content-Length: 5\r\n\r\nhello");
        assertRefused(client, 417);
        capture.assertNotCalled();
    }

    @Test
    void ignoresTheExpectationOfAnHttp10Client() throws Exception {
        // RFC 9110 §10.1.1: a server MUST ignore a 100-continue expectation in an HTTP/1.0 request.
        // The body comes with the head; were a 100 sent, it would be read first.
        RawClient client = servers.connect(servers.start(capture));
        client.send("POST /old HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), "no interim response for HTTP/1.0: " + r);
        assertEquals("hello", capture.next().bodyText());
        client.assertClosedByServer();
    }

    @Test
    void sendsNo100WhenThereIsNoBody() throws Exception {
        RawClient client = servers.connect(servers.start(capture));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        capture.next();
        TestServers.assertStillServes(client);
    }

    @Test
    void anHttp10ServerSendsNoInterimResponse() throws Exception {
        // 1xx responses do not exist in HTTP/1.0: a server configured to speak it sends none.
        RawClient client = servers.connect(servers.start(b -> b.protocolVersion(HttpVersion.HTTP_1_0), capture));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals("HTTP/1.0", r.version());
        assertEquals("hello", capture.next().bodyText());
    }

    @Test
    void refusesAnOversizedBodyWith413Before100() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.maxBodySize(1000), capture));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 1001\r\n\r\n");
        assertRefused(client, 413);
        capture.assertNotCalled();
    }

    @Test
    void sendsTheInterimResponseOnlyOnce() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> {
            byte[] first = ex.body().readNBytes(2);
            byte[] rest = ex.body().readAllBytes();
            ex.send(200, (new String(first, StandardCharsets.US_ASCII) + "|" + new String(rest, StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.US_ASCII));
        }));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertEquals(100, client.readResponse().status());
        client.send("he");
        client.assertSilentFor(Duration.ofMillis(100));
        client.send("llo");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), "a single 100, then the final response: " + r);
        assertEquals("he|llo", r.bodyText());
    }
}
