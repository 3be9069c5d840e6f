package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CherryPy's REST tutorial, driven over HTTP by a real client that keeps its cookies. */
class StringGeneratorWebServiceTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

    @BeforeAll
    static void serve() {
        Morello.reset();
        Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        Morello.tree().mount(new StringGeneratorWebService(), "", StringGeneratorWebService.config());
        Morello.engine().start();
    }

    @AfterAll
    static void stop() {
        Morello.reset();
    }

    private static HttpResponse<String> call(String method, String form) throws Exception {
        return call(CLIENT, method, form, "*/*");
    }

    private static HttpResponse<String> call(HttpClient client, String method, String form, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Morello.server().port() + "/"));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.header("Accept", accept);
        b.method(method, form == null ? BodyPublishers.noBody() : BodyPublishers.ofString(form));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theTutorialsSession() throws Exception {
        HttpResponse<String> posted = call("POST", "length=12");
        assertEquals(200, posted.statusCode());
        assertEquals(12, posted.body().length());
        assertEquals("text/plain;charset=utf-8", posted.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("DELETE, GET, HEAD, POST, PUT", posted.headers().firstValue("Allow").orElseThrow());

        assertEquals(posted.body(), call("GET", null).body());

        assertEquals(200, call("PUT", "another_string=hello").statusCode());
        assertEquals("hello", call("GET", null).body());

        assertEquals(406, call(CLIENT, "GET", null, "application/json").statusCode());

        HttpClient stranger = HttpClient.newHttpClient();
        assertEquals(500, call(stranger, "GET", null, "*/*").statusCode(), "another visitor has no string");

        assertEquals(200, call("DELETE", null).statusCode());
        assertEquals(500, call("GET", null).statusCode(), "the tutorial's KeyError");

        HttpResponse<String> defaulted = call("POST", "");
        assertEquals(8, defaulted.body().length());
        assertTrue(defaulted.body().chars().allMatch(c -> StringMaker.HEXDIGITS.indexOf(c) >= 0));
    }

    @Test
    void verbsTheResourceLacksAre405() throws Exception {
        HttpResponse<String> r = call("PATCH", "x=1");
        assertEquals(405, r.statusCode());
        assertEquals("DELETE, GET, HEAD, POST, PUT", r.headers().firstValue("Allow").orElseThrow());
    }
}
