package dev.morello.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.engine.State;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A class-level site: served on the loopback, on the port it was given, for every method. */
@MorelloTest
@ResourceLock(MorelloTest.GLOBAL_STATE)
class ServesTheMountedSiteTest {
    @Mount
    static void site() {
        SampleSite.mount();
    }

    @Test
    void servesOnTheLoopbackOnAPortOfItsOwn(WebClient client) {
        assertEquals("127.0.0.1", client.baseUri().getHost());
        assertNotEquals(0, client.port());
        assertEquals(Morello.server().port(), client.port());
        assertEquals(State.STARTED, Morello.engine().state());
    }

    @Test
    void getPageAnswersWithStatusHeadersAndBody(WebClient client) {
        client.getPage("/")
                .assertStatus(200)
                .assertHeader("Content-Type")
                .assertHeader("content-type", "text/html;charset=utf-8")
                .assertNoHeader("Set-Cookie")
                .assertBody("Hello world!")
                .assertInBody("world")
                .assertNotInBody("Goodbye")
                .assertMatchesBody("w.rld!$");
        client.getPage("/nowhere").assertStatus(404);
    }

    @Test
    void sendsTheMethodHeadersAndBodyGiven(WebClient client) {
        client.getPage("/echo", "PUT", Map.of("Content-Type", "text/plain", "X-Note", "hi"), "body text")
                .assertBody("PUT\ntext/plain\nhi\nbody text");
    }

    @Test
    void aBodyWithoutATypeGoesAsAForm(WebClient client) {
        client.getPage("/form", "POST", Map.of("Content-Length", "3"), "a=1")
                .assertBody("application/x-www-form-urlencoded a=1");
    }

    @Test
    void keepsCookiesSoTheSessionGoesOn(WebClient client) {
        client.getPage("/visits").assertBody("1").assertHeader("Set-Cookie");
        client.getPage("/visits").assertBody("2");
        client.cookies().removeAll();
        client.getPage("/visits").assertBody("1");
    }

    @Test
    void eachClientIsAVisitorOfItsOwn(WebClient alice, WebClient bob) {
        alice.getPage("/visits").assertBody("1");
        alice.getPage("/visits").assertBody("2");
        bob.getPage("/visits").assertBody("1");
    }

    @Test
    void decodesTheBodyWithTheCharsetItWasSentIn(WebClient client) {
        WebResponse r = client.getPage("/typed").assertBody("caf\u00e9");
        assertEquals(4, r.bodyBytes().length);
    }

    @Test
    void readsAStreamedBody(WebClient client) {
        client.getPage("/stream").assertBody("one two three");
    }

    @Test
    void sendsRawBytesAndReadsTheReply(WebClient client) {
        WebResponse r = client.sendRaw("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .assertStatus(200)
                .assertHeader("Transfer-Encoding", "chunked")
                .assertBody("one two three");
        assertEquals("OK", r.reason());
        assertEquals("GET /stream HTTP/1.1", r.request());
        client.sendRaw("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").assertStatus(200).assertBody("");
    }

    @Test
    void readsPipelinedRepliesInTurnOnOneConnection(WebClient client) {
        try (RawConnection c = client.openRaw()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            c.readResponse().assertStatus(200).assertBody("Hello world!");
            c.readResponse().assertStatus(404);
            c.send("GET / HTTP/1.0\r\n\r\n");
            c.readResponse().assertStatus(200);
            assertTrue(c.closedByServer(Duration.ofSeconds(10)), "an HTTP/1.0 request without keep-alive ends the connection");
        }
    }

    @Test
    void offersTheJdkClientWithTheSameCookies(WebClient client) throws Exception {
        client.getPage("/visits").assertBody("1");
        HttpResponse<String> r = client.httpClient().send(HttpRequest.newBuilder(client.uri("/visits")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("2", r.body());
        client.send(HttpRequest.newBuilder(client.uri("/visits")).build()).assertBody("3");
    }

    /** A nested class is served by the site of the class around it. */
    @Nested
    class Nested1 {
        @Test
        void sharesTheSite(WebClient client) {
            client.getPage("/").assertBody("Hello world!");
        }
    }
}
