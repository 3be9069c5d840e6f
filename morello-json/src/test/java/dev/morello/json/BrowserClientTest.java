package dev.morello.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A JSON API as the JDK's HTTP client (as a browser's fetch would) uses it: both tools on. */
@MorelloTest
class BrowserClientTest {
    public record Order(String item, int quantity) {
    }

    public record Receipt(String item, int quantity, List<String> notes) {
    }

    public static class Shop {
        @Expose
        public Receipt order(Request request) {
            Order order = JsonTools.read(request, Order.class);
            return new Receipt(order.item(), order.quantity(), List.of("accepted", "th\u00e9 is hot"));
        }

        @Expose
        public Map<String, Object> menu() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tea", 2.5);
            m.put("cake", 3);
            return m;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Mount
    static void site() {
        Map<String, Object> both = new LinkedHashMap<>(JsonTools.jsonIn());
        both.putAll(JsonTools.jsonOut());
        Morello.tree().mount(new Shop(), "", Map.of("/", both));
    }

    /** The site's client, for the whole class (no test here needs cookies of its own). */
    private static WebClient client;

    @BeforeAll
    static void connect(WebClient site) {
        client = site;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void postsJsonAndReadsJson() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(client.uri("/order"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\": \"tea\", \"quantity\": 2}")));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode receipt = JsonTools.mapper().readTree(r.body());
        assertEquals("tea", receipt.get("item").asText());
        assertEquals(2, receipt.get("quantity").asInt());
        assertEquals("th\u00e9 is hot", receipt.get("notes").get(1).asText());
    }

    @Test
    void getsJson() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(client.uri("/menu")).GET());
        assertEquals(200, r.statusCode());
        assertEquals("{\"tea\":2.5,\"cake\":3}", r.body());
    }

    @Test
    void postsAChunkedBodyOfUnknownLength() throws Exception {
        byte[] body = "{\"item\": \"cake\", \"quantity\": 1}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(client.uri("/order"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("{\"item\":\"cake\",\"quantity\":1,"), r.body());
    }

    @Test
    void isRefusedWith415WhenItForgetsTheContentType() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(client.uri("/order"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\": \"tea\", \"quantity\": 2}")));
        assertEquals(415, r.statusCode());
        assertTrue(r.body().contains("Expected an entity of content type application/json, text/javascript"), r.body());
    }

    @Test
    void isRefusedWith400ForABrokenDocument() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(client.uri("/order"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\": \"tea\",")));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("Invalid JSON document"), r.body());
    }
}
