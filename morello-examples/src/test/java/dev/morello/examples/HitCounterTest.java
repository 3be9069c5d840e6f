package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CherryPy's tutorial 7 (sessions), checked as CherryPy's test_tutorials checks it. */
class HitCounterTest {
    @BeforeAll
    static void serve() {
        Morello.reset();
        Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        Morello.tree().mount(new HitCounter());
        Morello.engine().start();
    }

    @AfterAll
    static void stop() {
        Morello.reset();
    }

    private static String page(int times) {
        return "\n            During your current session, you've viewed this"
                + "\n            page " + times + " times! Your life is a patio of fun!"
                + "\n        ";
    }

    private static HttpResponse<String> get(HttpClient client) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Morello.server().port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCountGoesOnWithTheSessionCookie() throws Exception {
        HttpClient visitor = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> first = get(visitor);
        assertEquals(page(1), first.body());
        assertTrue(first.headers().firstValue("Set-Cookie").orElseThrow().startsWith("session_id="));
        assertEquals(page(2), get(visitor).body());
        assertEquals(page(3), get(visitor).body());
    }

    @Test
    void aVisitorWithoutTheCookieStartsAtOne() throws Exception {
        assertEquals(page(1), get(HttpClient.newHttpClient()).body());
    }
}
