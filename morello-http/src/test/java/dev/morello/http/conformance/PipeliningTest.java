package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pipelined requests (RFC 9112 §9.3.2): answered in order, each parsed from a clean state, and
 * none served after one that ends the connection.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class PipeliningTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    PipeliningTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(capture));
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        RawClient client = client();
        client.send(Requests.get("/1")
                + Requests.withBody("POST", "/2", "two")
                + "HEAD /3 HTTP/1.1\r\nHost: test\r\n\r\n"
                + Requests.chunked("/4", "4\r\nfour\r\n0\r\n\r\n")
                + Requests.withBody("PUT", "/5", "five!")
                + "DELETE /6 HTTP/1.1\r\nHost: test\r\n\r\n"
                + "OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n");
        assertEquals("GET /1", client.readResponse().bodyText());
        assertEquals("POST /2", client.readResponse().bodyText());
        RawResponse head = client.readHeadResponse();
        assertEquals(200, head.status());
        assertEquals("7", head.header("Content-Length"), "HEAD announces the GET's length: " + head);
        assertEquals("POST /4", client.readResponse().bodyText());
        assertEquals("PUT /5", client.readResponse().bodyText());
        assertEquals("DELETE /6", client.readResponse().bodyText());
        assertEquals("OPTIONS *", client.readResponse().bodyText());
        List<String> bodies = List.of(capture.next().bodyText(), capture.next().bodyText(), capture.next().bodyText(),
                capture.next().bodyText(), capture.next().bodyText(), capture.next().bodyText(), capture.next().bodyText());
        assertEquals(List.of("", "two", "", "four", "five!", "", ""), bodies);
        TestServers.assertStillServes(client);
    }

    @Test
    void answersManyPipelinedRequestsInOrder() throws Exception {
        RawClient client = client();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            all.append(i % 3 == 0 ? Requests.withBody("POST", "/p" + i, "body" + i) : Requests.get("/g" + i));
        }
        client.send(all.toString());
        for (int i = 0; i < 200; i++) {
            RawResponse r = client.readResponse();
            assertEquals(200, r.status());
            assertEquals(i % 3 == 0 ? "POST /p" + i : "GET /g" + i, r.bodyText());
        }
        TestServers.assertStillServes(client);
    }

    @Test
    void keepsTheOrderWhenAHandlerInTheMiddleIsSlow() throws Exception {
        // RFC 9112 §9.3.2 requires order, not when each response leaves: by design (DESIGN.md,
        // "flush only when no further request is already buffered") a finished response may
        // wait in the buffer while the next pipelined handler runs.
        RawClient client = servers.connect(servers.start(ex -> {
            if (ex.path().equals("/slow")) {
                Thread.sleep(300);
            }
            ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII));
        }));
        client.send(Requests.get("/first") + Requests.get("/slow") + Requests.withBody("POST", "/third", "3"));
        assertEquals("/first", client.readResponse().bodyText());
        assertEquals("/slow", client.readResponse().bodyText());
        assertEquals("/third", client.readResponse().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void resetsParserStateBetweenRequests() throws Exception {
        RawClient client = client();
        StringBuilder longRequest = new StringBuilder("POST /" + "long/".repeat(300) + "?q=" + "v".repeat(500)
                + " HTTP/1.1\r\nHost: long.test\r\n");
        for (int i = 0; i < 60; i++) {
            longRequest.append("X-Long-").append(i).append(": ").append("value-".repeat(10)).append(i).append("\r\n");
        }
        String body = "b".repeat(3000);
        longRequest.append("Content-Type: text/long\r\nExpect: 100-continue\r\nContent-Length: ").append(body.length())
                .append("\r\n\r\n").append(body);
        client.send(longRequest + "GET /s HTTP/1.1\r\nHost: s\r\n\r\n");
        RawResponse first = client.readResponse();
        if (first.status() == 100) {
            first = client.readResponse();
        }
        assertEquals(200, first.status());
        RawResponse second = client.readResponse();
        assertEquals("GET /s", second.bodyText());

        Capture.Seen long1 = capture.next();
        assertEquals(body, long1.bodyText());
        assertEquals(64, long1.headers().size());
        Capture.Seen short2 = capture.next();
        assertEquals("GET", short2.method());
        assertEquals("/s", short2.target());
        assertEquals("/s", short2.path());
        assertEquals("", short2.query());
        assertEquals("s", short2.host());
        assertEquals(List.of(new RawResponse.Field("Host", "s")), short2.headers());
        assertEquals(0, short2.contentLength());
        assertEquals(0, short2.body().length);
        assertNull(short2.header("Content-Type"));
        assertNull(short2.header("X-Long-0"));
    }

    @Test
    void resetsStateAfterAChunkedBodyWithTrailers() throws Exception {
        RawClient client = client();
        client.send(Requests.chunked("/c", "3\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n")
                + "GET /after HTTP/1.1\r\nHost: after\r\n\r\n");
        assertEquals("POST /c", client.readResponse().bodyText());
        assertEquals("GET /after", client.readResponse().bodyText());
        assertEquals("abc", capture.next().bodyText());
        Capture.Seen after = capture.next();
        assertEquals(List.of(new RawResponse.Field("Host", "after")), after.headers());
        assertEquals(0, after.body().length);
        assertEquals(0, after.contentLength());
    }

    @Test
    void servesNothingAfterARefusedRequest() throws Exception {
        RawClient client = client();
        client.send(Requests.get("/1") + "GET /bad HTTP/1.1\r\nHost: test\r\nBad Name: x\r\n\r\n" + Requests.get("/3"));
        assertEquals("GET /1", client.readResponse().bodyText());
        RawResponse refused = client.readResponse();
        assertEquals(400, refused.status());
        assertTrue(refused.saysClose(), refused::toString);
        client.assertClosedByServer();
        assertEquals("/1", capture.next().target());
        capture.assertNotCalled();
    }

    @Test
    void servesNothingAfterARequestThatClosesTheConnection() throws Exception {
        RawClient client = client();
        client.send(Requests.head("GET /1 HTTP/1.1", "Connection: close") + Requests.get("/2"));
        RawResponse r = client.readResponse();
        assertEquals("GET /1", r.bodyText());
        assertTrue(r.saysClose(), r::toString);
        client.assertClosedByServer();
        capture.next();
        capture.assertNotCalled();
    }

    @Test
    void drainsAnUnreadBodyBeforeTheNextPipelinedRequest() throws Exception {
        Capture ignoring = Capture.withoutReadingBody();
        RawClient client = servers.connect(servers.start(ignoring));
        // The body looks like a request: it must be skipped as body, never served.
        String body = "GET /smuggled HTTP/1.1\r\nHost: test\r\n\r\n";
        client.send(Requests.withBody("POST", "/p", body) + Requests.get("/next"));
        assertEquals("POST /p", client.readResponse().bodyText());
        assertEquals("GET /next", client.readResponse().bodyText());
        assertEquals("/p", ignoring.next().target());
        assertEquals("/next", ignoring.next().target());
        ignoring.assertNotCalled();
    }

    @Test
    void skipsThePartOfABodyTheHandlerDidNotRead() throws Exception {
        BlockingQueue<String> read = new LinkedBlockingQueue<>();
        RawClient client = servers.connect(servers.start(ex -> {
            read.add(new String(ex.body().readNBytes(3), StandardCharsets.US_ASCII));
            ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII));
        }));
        client.send(Requests.withBody("POST", "/fixed", "abcdefghij")
                + Requests.chunked("/chunked", "4\r\nklmn\r\n4\r\nopqr\r\n0\r\n\r\n")
                + Requests.get("/next"));
        assertEquals("/fixed", client.readResponse().bodyText());
        assertEquals("/chunked", client.readResponse().bodyText());
        assertEquals("/next", client.readResponse().bodyText());
        assertEquals("abc", read.poll(5, TimeUnit.SECONDS));
        assertEquals("klm", read.poll(5, TimeUnit.SECONDS));
        assertEquals("", read.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void skipsAnEmptyLineAfterABody() throws Exception {
        // RFC 9112 §2.2: some clients send an extra CRLF after a POST body.
        RawClient client = client();
        client.send(Requests.withBody("POST", "/p", "abc") + "\r\n" + Requests.get("/next"));
        assertEquals("POST /p", client.readResponse().bodyText());
        assertEquals("GET /next", client.readResponse().bodyText());
    }

    @Test
    void parsesTwoRequestsSplitAtEveryOffset() throws Exception {
        String both = Requests.withBody("POST", "/one", "12345") + Requests.head("GET /two?x=1 HTTP/1.1", "X-A: b");
        var server = servers.start(capture);
        for (int split = 1; split < both.length(); split++) {
            try (RawClient client = servers.open(server)) {
                client.send(both.substring(0, split));
                Thread.sleep(1);
                client.send(both.substring(split));
                assertEquals("POST /one", client.readResponse().bodyText(), "split at " + split);
                assertEquals("GET /two?x=1", client.readResponse().bodyText(), "split at " + split);
            }
            assertEquals("12345", capture.next().bodyText(), "split at " + split);
            Capture.Seen two = capture.next();
            assertEquals("b", two.header("X-A"), "split at " + split);
            assertEquals("x=1", two.query(), "split at " + split);
        }
    }
}
