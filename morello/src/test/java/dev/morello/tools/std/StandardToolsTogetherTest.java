package dev.morello.tools.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Response;
import dev.morello.testing.Site;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A compressed, cached, ETagged page, as a browser-like client sees it. */
class StandardToolsTogetherTest {
    static final AtomicInteger CALLS = new AtomicInteger();
    static final String PAGE = "<!DOCTYPE html><html><body>" + "<p>Morello serves this paragraph.</p>\n".repeat(540)
            + "</body></html>";
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    public static class Root {
        @Expose
        public String index(Response response) {
            CALLS.incrementAndGet();
            return PAGE;
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("tools.gzip.on", true);
            root.put("tools.caching.on", true);
            root.put("tools.etags.on", true);
            root.put("tools.etags.autotags", true);
            Morello.tree().mount(new Root(), "", Map.of("/", root));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    private static HttpResponse<byte[]> get(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Site.port() + "/"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBrowserGetsTheCompressedPageThenTheCachedOneThenA304() throws Exception {
        assertTrue(PAGE.length() > 20_000);
        int before = CALLS.get();
        HttpResponse<byte[]> first = get("Accept-Encoding", "gzip, deflate, br", "Accept", "text/html");
        assertEquals(200, first.statusCode());
        assertEquals("gzip", first.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(first.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"));
        String etag = first.headers().firstValue("ETag").orElse(null);
        assertNotNull(etag);
        assertTrue(first.body().length < PAGE.length() / 5, "compressed to " + first.body().length);
        assertEquals(PAGE, gunzip(first.body()));

        HttpResponse<byte[]> second = get("Accept-Encoding", "gzip, deflate, br", "Accept", "text/html");
        assertEquals(200, second.statusCode());
        assertEquals(PAGE, gunzip(second.body()));
        assertTrue(second.headers().firstValue("Age").isPresent(), "served from the cache");
        assertEquals(before + 1, CALLS.get(), "the handler ran once");

        HttpResponse<byte[]> conditional = get("Accept-Encoding", "gzip", "If-None-Match", etag);
        assertTrue(conditional.statusCode() == 304 || conditional.statusCode() == 200);
        if (conditional.statusCode() == 304) {
            assertEquals(0, conditional.body().length);
        }

        HttpResponse<byte[]> plain = get();
        assertEquals(200, plain.statusCode());
        assertEquals(PAGE, new String(plain.body(), StandardCharsets.UTF_8));
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
    }
}
