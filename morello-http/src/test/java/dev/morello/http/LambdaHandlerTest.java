package dev.morello.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The server on its own: a lambda for a handler, no framework, a real client. */
class LambdaHandlerTest {

    @Test
    void servesALambdaHandlerToARealClient() throws Exception {
        try (HttpServer server = HttpServer.create(ServerConfig.builder().port(0).build(), exchange -> {
            exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, "text/plain");
            exchange.send(200, ("you asked for " + exchange.path()).getBytes(StandardCharsets.US_ASCII));
        }).start()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hello?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("you asked for /hello", response.body());
            assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());
            assertTrue(response.headers().firstValue("date").isPresent());
            assertEquals("Morello", response.headers().firstValue("server").orElseThrow());
        }
    }
}
