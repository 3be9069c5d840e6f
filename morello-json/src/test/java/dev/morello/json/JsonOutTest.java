package dev.morello.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.NotFound;
import dev.morello.config.ConfigRefused;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import dev.morello.test.WebResponse;
import dev.morello.tools.Tools;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code json_out}: every kind of result written as JSON, its Content-Type, and its replaceable writer. */
@MorelloTest
class JsonOutTest {
    public record Receipt(String item, int quantity, String status) {
    }

    public static class Answers {
        @Expose
        public Receipt receipt() {
            return new Receipt("tea", 2, "accepted");
        }
    }

    public static class Root {
        public Answers vendor = new Answers();
        public Answers untyped = new Answers();
        public Answers pretty = new Answers();
        public Answers encoder = new Answers();
        public Answers function = new Answers();
        public Answers broken = new Answers();

        @Expose
        public Receipt receipt() {
            return new Receipt("tea", 2, "accepted");
        }

        @Expose
        public Map<String, Object> map() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("a", 1);
            m.put("b", Arrays.asList(true, null, "x"));
            m.put("c", Map.of("nested", List.of()));
            return m;
        }

        @Expose
        public List<Integer> list() {
            return List.of(1, 2, 3);
        }

        @Expose
        public String text() {
            return "say \"th\u00e9\"";
        }

        @Expose
        public double number() {
            return 2.5;
        }

        @Expose
        public Object nothing() {
            return null;
        }

        @Expose
        public Stream<Receipt> stream() {
            return Stream.of(new Receipt("tea", 1, "a"), new Receipt("cake", 2, "b"));
        }

        @Expose
        public Receipt missing() {
            throw new NotFound();
        }

        @Expose
        public Receipt problem() {
            Morello.response().headers().set("Content-Type", "application/problem+json");
            Morello.response().status(409);
            return new Receipt("tea", 0, "out of stock");
        }
    }

    @Mount
    static void site() {
        Map<String, Object> untyped = new HashMap<>(JsonTools.jsonOut());
        untyped.put("tools.json_out.content_type", null);
        ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonEncoder wrapping = result -> ("{\"data\":" + JsonTools.mapper().writeValueAsString(result) + "}")
                .getBytes(StandardCharsets.UTF_8);
        Function<Object, byte[]> plain = result -> "\"written by a function\"".getBytes(StandardCharsets.UTF_8);
        Morello.tree().mount(new Root(), "", Map.of(
                "/", JsonTools.jsonOut(),
                "/vendor", Tools.on("json_out", "content_type", "application/vnd.morello+json"),
                "/untyped", untyped,
                "/pretty", Tools.on("json_out", "handler", indenting),
                "/encoder", Tools.on("json_out", "handler", wrapping),
                "/function", Tools.on("json_out", "handler", plain)));
    }

    /** The site's client, for the whole class (no test here needs cookies of its own). */
    private static WebClient client;

    @BeforeAll
    static void connect(WebClient site) {
        client = site;
    }

    @Test
    void writesARecord() throws Exception {
        WebResponse r = client.getPage("/receipt");
        assertEquals(200, r.status());
        assertEquals("{\"item\":\"tea\",\"quantity\":2,\"status\":\"accepted\"}", r.body());
    }

    @Test
    void setsContentTypeApplicationJsonWithoutCharset() throws Exception {
        assertEquals("application/json", client.getPage("/receipt").header("Content-Type").orElse(null));
    }

    @Test
    void sendsTheDocumentWithItsLength() throws Exception {
        WebResponse r = client.getPage("/receipt");
        assertEquals(String.valueOf(r.bodyBytes().length), r.header("Content-Length").orElse(null));
    }

    @Test
    void writesAMap() throws Exception {
        assertEquals("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"nested\":[]}}", client.getPage("/map").body());
    }

    @Test
    void writesAList() throws Exception {
        assertEquals("[1,2,3]", client.getPage("/list").body());
    }

    @Test
    void writesAStringAsAJsonStringInUtf8() throws Exception {
        WebResponse r = client.getPage("/text");
        assertArrayEquals("\"say \\\"th\u00e9\\\"\"".getBytes(StandardCharsets.UTF_8), r.bodyBytes());
    }

    @Test
    void writesANumber() throws Exception {
        assertEquals("2.5", client.getPage("/number").body());
    }

    @Test
    void writesNullForNoResult() throws Exception {
        WebResponse r = client.getPage("/nothing");
        assertEquals(200, r.status());
        assertEquals("null", r.body());
    }

    @Test
    void writesAStreamAsAnArray() throws Exception {
        assertEquals("[{\"item\":\"tea\",\"quantity\":1,\"status\":\"a\"},{\"item\":\"cake\",\"quantity\":2,\"status\":\"b\"}]",
                client.getPage("/stream").body());
    }

    @Test
    void leavesErrorPagesAlone() throws Exception {
        WebResponse r = client.getPage("/missing");
        assertEquals(404, r.status());
        assertTrue(r.header("Content-Type").orElse(null).startsWith("text/html"), r.header("Content-Type").orElse(null));
    }

    @Test
    void letsTheHandlerChangeTheContentType() throws Exception {
        WebResponse r = client.getPage("/problem");
        assertEquals(409, r.status());
        assertEquals("application/problem+json", r.header("Content-Type").orElse(null));
        assertEquals("{\"item\":\"tea\",\"quantity\":0,\"status\":\"out of stock\"}", r.body());
    }

    @Test
    void setsTheConfiguredContentType() throws Exception {
        assertEquals("application/vnd.morello+json", client.getPage("/vendor/receipt").header("Content-Type").orElse(null));
    }

    @Test
    void leavesTheContentTypeAloneWhenNone() throws Exception {
        WebResponse r = client.getPage("/untyped/receipt");
        assertEquals("text/html;charset=utf-8", r.header("Content-Type").orElse(null));
        assertEquals("{\"item\":\"tea\",\"quantity\":2,\"status\":\"accepted\"}", r.body());
    }

    @Test
    void writesWithAMapperGivenForThePath() throws Exception {
        String body = client.getPage("/pretty/receipt").body();
        assertTrue(body.contains("\n  \"item\" : \"tea\""), body);
        assertEquals("{\"item\":\"tea\",\"quantity\":2,\"status\":\"accepted\"}", client.getPage("/receipt").body());
    }

    @Test
    void writesWithAnEncoderGivenForThePath() throws Exception {
        assertEquals("{\"data\":{\"item\":\"tea\",\"quantity\":2,\"status\":\"accepted\"}}",
                client.getPage("/encoder/receipt").body());
    }

    @Test
    void writesWithAFunctionGivenForThePath() throws Exception {
        assertEquals("\"written by a function\"", client.getPage("/function/receipt").body());
    }

    @Test
    void refusesAHandlerArgumentOfTheWrongKind() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class, () -> Morello.tree().app("").merge(
                Map.of("/broken", Tools.on("json_out", "handler", 42))));
        assertTrue(e.getMessage().contains("tools.json_out.handler must be a dev.morello.json.JsonEncoder"), e.getMessage());
        assertEquals(200, client.getPage("/broken/receipt").status(), "served with the config it had");
    }
}
