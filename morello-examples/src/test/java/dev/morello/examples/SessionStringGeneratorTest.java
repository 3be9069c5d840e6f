package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

/** CherryPy's sessions tutorial, checked as CherryPy's test_tutorials checks it, by clients keeping cookies. */
class SessionStringGeneratorTest {
    @BeforeAll
    static void serve() {
        Morello.reset();
        Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        Morello.tree().mount(new SessionStringGenerator(), "", SessionStringGenerator.config());
        Morello.engine().start();
    }

    @AfterAll
    static void stop() {
        Morello.reset();
    }

    private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Morello.server().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachVisitorSeesTheStringMadeForThem() throws Exception {
        HttpClient alice = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpClient bob = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertEquals("Hello world!", get(alice, "/").body());
        HttpResponse<String> made = get(alice, "/generate?length=12");
        assertEquals(12, made.body().length());
        assertTrue(made.headers().firstValue("Set-Cookie").orElseThrow().startsWith("session_id="));
        String bobs = get(bob, "/generate").body();
        assertEquals(8, bobs.length());
        assertEquals(made.body(), get(alice, "/display").body());
        assertEquals(bobs, get(bob, "/display").body());
        assertNotEquals(made.body(), bobs);
    }

    @Test
    void displayWithoutAStringIsTheTutorialsError() throws Exception {
        HttpClient newcomer = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        assertEquals(500, get(newcomer, "/display").statusCode());
    }
}
