package dev.morello.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.test.Mount;
import dev.morello.test.MorelloTest;
import dev.morello.test.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code log.access_format = "json"}: each access line is one JSON object on one line, written
 * by Jackson, with the same facts as CherryPy's line under names a log shipper reads.
 */
@MorelloTest
class JsonAccessLogTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Path accessFile;

    public static class Root {
        @Expose
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    @Mount
    static void site() throws IOException {
        accessFile = Files.createTempDirectory("morello-json-log").resolve("access.log");
        Morello.config().update(Map.of(
                "log.screen", false,
                "log.access_file", accessFile.toString(),
                "log.access_format", "json"));
        Morello.tree().mount(new Root());
    }

    /** The lines written so far, each parsed (a line that is not one JSON object fails the test). */
    private static List<JsonNode> lines() throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(accessFile)) {
            JsonNode node = MAPPER.readTree(line);
            assertTrue(node.isObject(), line);
            nodes.add(node);
        }
        return nodes;
    }

    /** The last line whose target is {@code target}. */
    private static JsonNode lineFor(String target) throws IOException {
        JsonNode found = null;
        for (JsonNode n : lines()) {
            if (target.equals(n.path("target").asText(null))) {
                found = n;
            }
        }
        assertTrue(found != null, "no line for " + target + " in " + Files.readString(accessFile));
        return found;
    }

    @Test
    void aRequestIsOneObjectWithNamedFields(WebClient client) throws Exception {
        client.getPage("/hello?name=Ada%20%22Lovelace%22", "GET",
                Map.of("User-Agent", "probe/1.0 \"quoted\"", "Referer", "http://example.test/from"), (String) null);
        JsonNode line = lineFor("/hello?name=Ada%20%22Lovelace%22");
        assertEquals(List.of("time", "remote", "user", "method", "target", "protocol", "status", "bytes", "referer",
                "user_agent", "host", "request_id", "duration_ms"), fieldNames(line));
        assertEquals("127.0.0.1", line.get("remote").asText());
        assertTrue(line.get("user").isNull());
        assertEquals("GET", line.get("method").asText());
        assertEquals("HTTP/1.1", line.get("protocol").asText());
        assertEquals(200, line.get("status").asInt());
        assertEquals("Hello, Ada \"Lovelace\"!".length(), line.get("bytes").asInt());
        assertEquals("http://example.test/from", line.get("referer").asText());
        assertEquals("probe/1.0 \"quoted\"", line.get("user_agent").asText());
        assertEquals("127.0.0.1:" + client.port(), line.get("host").asText());
        assertTrue(line.get("request_id").asText().length() > 0);
        assertTrue(line.get("duration_ms").canConvertToLong() && line.get("duration_ms").asLong() >= 0);
        // ISO 8601 in UTC
        Instant.parse(line.get("time").asText());
        assertTrue(line.get("time").asText().endsWith("Z"), line.get("time").asText());
    }

    @Test
    void aNotFoundIsLoggedWithItsStatus(WebClient client) throws Exception {
        assertEquals(404, client.getPage("/nowhere").status());
        JsonNode line = lineFor("/nowhere");
        assertEquals(404, line.get("status").asInt());
        assertTrue(line.get("referer").isNull(), "no Referer: null");
    }

    @Test
    void aRefusedRequestIsAnObjectToo(WebClient client) throws Exception {
        assertEquals(400, client.sendRaw("GET /bad path HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").status());
        // the line follows the answer (the server answers first): it may take a moment
        JsonNode refused = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (refused == null && System.nanoTime() < deadline) {
            for (JsonNode n : lines()) {
                if (n.has("refused")) {
                    refused = n;
                }
            }
            Thread.sleep(10);
        }
        assertTrue(refused != null, Files.readString(accessFile));
        assertEquals(400, refused.get("status").asInt());
        assertEquals("127.0.0.1", refused.get("remote").asText());
    }

    @Test
    void everyLineIsOneLine(WebClient client) throws Exception {
        client.getPage("/hello?name=two%0Alines");
        lineFor("/hello?name=two%0Alines");
        List<String> all = Files.readAllLines(accessFile);
        assertTrue(!all.isEmpty());
        for (String line : all) {
            assertTrue(Pattern.compile("^\\{.*\\}$").matcher(line).matches(), line);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
