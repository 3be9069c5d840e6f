package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.HeaderName;
import dev.morello.http.HttpVersion;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
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

/** Connection persistence (RFC 9112 §9.3, RFC 9110 §7.6.1). */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class PersistenceTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    PersistenceTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(capture));
    }

    @Test
    void keepsAnHttp11ConnectionOpenByDefault() throws Exception {
        RawClient client = client();
        for (int i = 0; i < 5; i++) {
            client.send(Requests.get("/r" + i));
            RawResponse r = client.readResponse();
            assertEquals(200, r.status());
            assertEquals("GET /r" + i, r.bodyText());
            assertFalse(r.saysClose(), r::toString);
        }
        assertEquals(5, capture.pending());
    }

    static Stream<Arguments> closeOptions() {
        return Stream.of(
                arguments(named("close", new String[] {"Connection: close"})),
                arguments(named("Close", new String[] {"Connection: Close"})),
                arguments(named("CLOSE", new String[] {"Connection: CLOSE"})),
                arguments(named("keep-alive, close", new String[] {"Connection: keep-alive, close"})),
                arguments(named("close among others", new String[] {"Connection: x-foo ,\tclose , te"})),
                arguments(named("two fields", new String[] {"Connection: keep-alive", "Connection: close"})));
    }

    @ParameterizedTest
    @MethodSource("closeOptions")
    void closesAnHttp11ConnectionWhenAskedTo(String[] fields) throws Exception {
        RawClient client = client();
        client.send(Requests.head("GET /bye HTTP/1.1", fields));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertTrue(r.saysClose(), () -> "the response to a close request says so: " + r);
        client.assertClosedByServer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed", "close-ish", "xclose", "keep-alive", "upgrade"})
    void keepsTheConnectionForOtherOptions(String option) throws Exception {
        RawClient client = client();
        client.send(Requests.head("GET / HTTP/1.1", "Connection: " + option));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertFalse(r.saysClose(), r::toString);
        TestServers.assertStillServes(client);
    }

    @Test
    void closesAnHttp10ConnectionByDefault() throws Exception {
        RawClient client = client();
        client.send("GET /old HTTP/1.0\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertTrue(r.saysClose(), r::toString);
        client.assertClosedByServer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"keep-alive", "Keep-Alive", "KEEP-ALIVE", "foo, keep-alive"})
    void keepsAnHttp10ConnectionOnKeepAlive(String option) throws Exception {
        RawClient client = client();
        for (int i = 0; i < 3; i++) {
            client.send("GET /old" + i + " HTTP/1.0\r\nConnection: " + option + "\r\n\r\n");
            RawResponse r = client.readResponse();
            assertEquals(200, r.status());
            assertEquals("GET /old" + i, r.bodyText());
            assertTrue(r.hasConnectionOption("keep-alive"), () -> "a kept 1.0 connection is announced: " + r);
            assertFalse(r.saysClose(), r::toString);
        }
        // The connection is still usable after the keep-alive exchanges; this request closes it.
        client.send("GET /last HTTP/1.0\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        client.assertClosedByServer();
    }

    @Test
    void closesAnHttp10ConnectionAskingForBothKeepAliveAndClose() throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertTrue(r.saysClose(), r::toString);
        client.assertClosedByServer();
    }

    @Test
    void closesWhenTheHandlerSetsConnectionClose() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> {
            ex.responseHeaders().set(HeaderName.CONNECTION, "close");
            ex.send(200, "bye".getBytes(StandardCharsets.US_ASCII));
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("bye", r.bodyText());
        assertTrue(r.saysClose(), r::toString);
        assertEquals(1, r.headers("Connection").size(), () -> "one Connection field: " + r);
        client.assertClosedByServer();
    }

    @Test
    void anHttp10ServerClosesHttp11ConnectionsUnlessAskedToKeepThem() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.protocolVersion(HttpVersion.HTTP_1_0), capture));
        client.send(Requests.head("GET /a HTTP/1.1", "Connection: keep-alive"));
        RawResponse r = client.readResponse();
        assertEquals("HTTP/1.0", r.version());
        assertTrue(r.hasConnectionOption("keep-alive"), r::toString);
        client.send(Requests.get("/b"));
        RawResponse last = client.readResponse();
        assertEquals("HTTP/1.0", last.version());
        assertTrue(last.saysClose(), last::toString);
        client.assertClosedByServer();
    }

    @Test
    void answersAClientThatHalfClosesAfterItsRequests() throws Exception {
        // Like `printf ... | nc -N`: the client shuts its side once its requests are out.
        RawClient client = client();
        client.send(Requests.get("/a") + Requests.withBody("POST", "/b", "body"));
        client.shutdownOutput();
        assertEquals("GET /a", client.readResponse().bodyText());
        assertEquals("POST /b", client.readResponse().bodyText());
        client.assertClosedByServer();
        assertEquals("/a", capture.next().target());
        assertEquals("body", capture.next().bodyText());
    }

    @Test
    void keepsTheConnectionAfterAResponseWithABody() throws Exception {
        RawClient client = client();
        client.send(Requests.withBody("PUT", "/put", "data"));
        assertEquals(200, client.readResponse().status());
        client.send(Requests.withBody("POST", "/post", "more data"));
        assertEquals(200, client.readResponse().status());
        assertEquals("data", capture.next().bodyText());
        assertEquals("more data", capture.next().bodyText());
        TestServers.assertStillServes(client);
    }
}
