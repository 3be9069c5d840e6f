package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example's handler, served on an ephemeral port and asked by a real client. */
class HelloServerTest {
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = HttpServer.create(ServerConfig.builder().port(0).build(), HelloServer.handler()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> call(String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void greetsOnGet() throws Exception {
        HttpResponse<String> response = call("GET");
        assertEquals(200, response.statusCode());
        assertEquals("Hello! How are you?", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void headGetsTheLengthAndNoBody() throws Exception {
        HttpResponse<String> response = call("HEAD");
        assertEquals(200, response.statusCode());
        assertEquals("19", response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("", response.body());
    }

    @Test
    void refusesOtherMethodsWithAllow() throws Exception {
        HttpResponse<String> response = call("DELETE");
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
    }
}
