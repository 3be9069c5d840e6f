package dev.morello.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.morello.BodyProcessor;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.config.ConfigRefused;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import dev.morello.test.WebResponse;
import dev.morello.tools.Tools;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code json_in}: which bodies are parsed, which are refused and how, and binding the document. */
@MorelloTest
class JsonInTest {
    public record Order(String item, int quantity) {
    }

    static String describe(Request request) {
        JsonNode json = JsonTools.json(request);
        return json == null ? "none" : json.getNodeType() + " " + json;
    }

    public static class Echo {
        @Expose
        public String kind(Request request) {
            return describe(request);
        }
    }

    public static class Lenient {
        @Expose
        public String kind(Request request) {
            return describe(request);
        }

        @Expose
        public String form(Request request, String x) {
            return describe(request) + ", x=" + x;
        }
    }

    public static class Root {
        public Lenient lenient = new Lenient();
        public Echo vendor = new Echo();
        public Echo custom = new Echo();
        public Echo small = new Echo();
        public Echo broken = new Echo();

        @Expose
        public String kind(Request request) {
            return describe(request);
        }

        @Expose
        public String order(Request request) {
            Order order = JsonTools.read(request, Order.class);
            return order == null ? "no order" : order.item() + " x" + order.quantity();
        }

        @Expose
        public String orders(Request request) {
            List<Order> orders = JsonTools.read(request, new TypeReference<List<Order>>() { });
            return orders.size() + " orders, first " + orders.get(0).item();
        }
    }

    @Mount
    static void site() {
        BodyProcessor custom = body -> Morello.request().attribute(JsonTools.ATTRIBUTE,
                Map.of("custom", body.text().length()));
        Map<String, Object> small = new LinkedHashMap<>(JsonTools.jsonIn());
        small.put("request.body.maxbytes", 16);
        Morello.tree().mount(new Root(), "", Map.of(
                "/", JsonTools.jsonIn(),
                "/lenient", Tools.on("json_in", "force", false),
                "/vendor", Tools.on("json_in", "content_type", List.of("application/vnd.morello+json")),
                "/custom", Tools.on("json_in", "processor", custom),
                "/small", small));
    }

    /** The site's client, for the whole class (no test here needs cookies of its own). */
    private static WebClient client;

    @BeforeAll
    static void connect(WebClient site) {
        client = site;
    }

    /** A POST of {@code body} with the Content-Type given, or none when it is null. */
    private static WebResponse post(String path, String contentType, String body) {
        if (contentType == null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return client.sendRaw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n" + new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return client.getPage(path, "POST", Map.of("Content-Type", contentType), body);
    }

    @Test
    void parsesAJsonBodyIntoTheRequest() throws Exception {
        WebResponse r = post("/kind", "application/json", "{\"a\": [1, 2.5, \"three\"]}");
        assertEquals(200, r.status());
        assertEquals("OBJECT {\"a\":[1,2.5,\"three\"]}", r.body());
    }

    @Test
    void parsesTextJavascriptByDefault() throws Exception {
        assertEquals("ARRAY [true,null]", post("/kind", "text/javascript", "[true, null]").body());
    }

    @Test
    void matchesTheMediaTypeWhateverItsCaseAndParameters() throws Exception {
        WebResponse r = post("/kind", "Application/JSON; charset=utf-8", "\"th\u00e9\"");
        assertEquals(200, r.status());
        assertEquals("STRING \"th\u00e9\"", r.body());
    }

    @Test
    void parsesAnyJsonValueAsTheDocument() throws Exception {
        assertEquals("NUMBER 42", post("/kind", "application/json", " 42 ").body());
        assertEquals("NULL null", post("/kind", "application/json", "null").body());
    }

    @Test
    void acceptsAChunkedBody() throws Exception {
        // three chunks, split where this test says (the JDK's client would split the body its own way)
        WebResponse r = client.sendRaw("POST /kind HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "9\r\n{\"item\": \r\n7\r\n\"tea\", \r\ne\r\n\"quantity\": 2}\r\n0\r\n\r\n");
        assertEquals(200, r.status());
        assertEquals("OBJECT {\"item\":\"tea\",\"quantity\":2}", r.body());
    }

    @Test
    void refusesABodyThatIsNotJsonWith400() throws Exception {
        WebResponse r = post("/kind", "application/json", "{\"a\": ");
        assertEquals(400, r.status());
        assertTrue(r.body().contains("Invalid JSON document"), r.body());
    }

    @Test
    void refusesAnEmptyBodyWith400() throws Exception {
        WebResponse r = post("/kind", "application/json", "");
        assertEquals(400, r.status());
        assertTrue(r.body().contains("Invalid JSON document"), r.body());
    }

    @Test
    void refusesContentAfterTheDocumentWith400() throws Exception {
        assertEquals(400, post("/kind", "application/json", "{\"a\": 1} {\"a\": 2}").status());
    }

    @Test
    void refusesAMemberNamedTwiceWith400() throws Exception {
        assertEquals(400, post("/kind", "application/json", "{\"role\": \"user\", \"role\": \"admin\"}").status());
    }

    @Test
    void refusesAnInvalidDocumentWithoutEchoingIt() throws Exception {
        WebResponse r = post("/kind", "application/json", "{<script>alert(1)</script>");
        assertEquals(400, r.status());
        assertTrue(!r.body().contains("<script>"), r.body());
    }

    @Test
    void refusesABodyOfAnotherTypeWith415() throws Exception {
        WebResponse r = post("/kind", "application/x-www-form-urlencoded", "a=1");
        assertEquals(415, r.status());
        assertTrue(r.body().contains("Expected an entity of content type application/json, text/javascript"), r.body());
    }

    @Test
    void refusesABodyWithoutContentTypeWith415() throws Exception {
        assertEquals(415, post("/kind", null, "{\"a\": 1}").status());
    }

    @Test
    void leavesARequestWithoutBodyAlone() throws Exception {
        WebResponse r = client.getPage("/kind");
        assertEquals(200, r.status());
        assertEquals("none", r.body());
    }

    @Test
    void withoutForceProcessesOtherBodiesAsUsual() throws Exception {
        WebResponse r = post("/lenient/form", "application/x-www-form-urlencoded", "x=1");
        assertEquals(200, r.status());
        assertEquals("none, x=1", r.body());
    }

    @Test
    void withoutForceStillParsesJson() throws Exception {
        assertEquals("OBJECT {\"a\":1}", post("/lenient/kind", "application/json", "{\"a\":1}").body());
    }

    @Test
    void withoutForceStillRefusesInvalidJson() throws Exception {
        assertEquals(400, post("/lenient/kind", "application/json", "nope").status());
    }

    @Test
    void parsesOnlyTheConfiguredContentTypes() throws Exception {
        assertEquals("OBJECT {\"a\":1}",
                post("/vendor/kind", "application/vnd.morello+json", "{\"a\":1}").body());
        WebResponse r = post("/vendor/kind", "application/json", "{\"a\":1}");
        assertEquals(415, r.status());
        assertTrue(r.body().contains("Expected an entity of content type application/vnd.morello+json"), r.body());
    }

    @Test
    void usesAReplacementProcessor() throws Exception {
        WebResponse r = post("/custom/kind", "application/json", "not json at all");
        assertEquals(200, r.status());
        assertEquals("OBJECT {\"custom\":15}", r.body());
    }

    @Test
    void refusesAProcessorArgumentOfTheWrongKind() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class, () -> Morello.tree().app("").merge(
                Map.of("/broken", Tools.on("json_in", "processor", "not a processor"))));
        assertTrue(e.getMessage().contains("tools.json_in.processor must be a dev.morello.BodyProcessor"), e.getMessage());
        assertEquals("OBJECT {}", post("/broken/kind", "application/json", "{}").body(),
                "served with the config it had");
    }

    @Test
    void refusesABodyOverTheConfiguredMaximumWith413() throws Exception {
        WebResponse r = post("/small/kind", "application/json", "{\"text\": \"" + "x".repeat(64) + "\"}");
        assertEquals(413, r.status());
    }

    @Test
    void bindsTheDocumentToARecord() throws Exception {
        assertEquals("tea x2", post("/order", "application/json", "{\"item\":\"tea\",\"quantity\":2}").body());
    }

    @Test
    void bindsTheDocumentToAGenericType() throws Exception {
        WebResponse r = post("/orders", "application/json",
                "[{\"item\":\"tea\",\"quantity\":2}, {\"item\":\"cake\",\"quantity\":1}]");
        assertEquals("2 orders, first tea", r.body());
    }

    @Test
    void bindsNoDocumentToNull() throws Exception {
        assertEquals("no order", client.getPage("/order").body());
    }

    @Test
    void refusesADocumentThatDoesNotFitTheTypeWith400() throws Exception {
        WebResponse r = post("/order", "application/json", "{\"item\":\"tea\",\"quantity\":\"many\"}");
        assertEquals(400, r.status());
        assertTrue(r.body().contains("does not have the form this resource expects"), r.body());
        assertEquals(400, post("/order", "application/json", "{\"item\":\"tea\",\"colour\":\"red\"}").status());
    }
}
