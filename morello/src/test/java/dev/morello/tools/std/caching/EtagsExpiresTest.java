package dev.morello.tools.std.caching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Response;
import dev.morello.config.ConfigRefused;
import dev.morello.testing.Site;
import dev.morello.tools.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The etags and expires tools through a real server. */
class EtagsExpiresTest {
    public static class Root {
        @Expose
        public String index() {
            return "hello";
        }

        @Expose
        public String tagged(Response response) {
            response.headers().set("ETag", "\"t1\"");
            response.headers().set("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
            return "tagged";
        }

        @Expose
        public String weak(Response response) {
            response.headers().set("ETag", "W/\"w1\"");
            return "weak";
        }

        @Expose
        public String created(Response response) {
            response.status(201);
            return "created";
        }

        @Expose
        public Stream<String> chunks() {
            return Stream.of("hel", "lo");
        }

        @Expose
        public String stamped(Response response) {
            response.headers().set("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
            response.headers().set("Cache-Control", "public");
            return "stamped";
        }
    }

    static Map<String, Object> both(Object... expiresArgs) {
        Map<String, Object> m = new LinkedHashMap<>(Tools.on("etags", "autotags", true));
        m.putAll(Tools.on("expires", expiresArgs));
        return m;
    }

    /** The site's clock, pinned: Expires is an exact date, whatever day the test runs. */
    static final Instant NOW = Instant.parse("2026-12-31T23:59:30Z");

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.clock(Clock.fixed(NOW, ZoneOffset.UTC));
            Morello.tree().mount(new Root(), "/auto", Map.of("/", Tools.on("etags", "autotags", true)));
            Morello.tree().mount(new Root(), "/manual", Map.of("/", Tools.on("etags")));
            Morello.tree().mount(new Root(), "/exp0", Map.of("/", Tools.on("expires")));
            Morello.tree().mount(new Root(), "/exp60", Map.of("/", Tools.on("expires", "secs", 60)));
            Morello.tree().mount(new Root(), "/expdur", Map.of("/", Tools.on("expires", "secs", Duration.ofMinutes(2))));
            Morello.tree().mount(new Root(), "/force", Map.of("/", Tools.on("expires", "secs", 60, "force", true)));
            Map<String, Object> all = both("secs", 30, "force", true);
            all.putAll(Tools.on("caching"));
            Morello.tree().mount(new Root(), "/all", Map.of("/", all));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply send(String method, String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        if (method.equals("POST") || method.equals("PUT")) {
            b.append("Content-Length: 0\r\n");
        }
        return Site.request(b.append("Connection: close\r\n\r\n").toString());
    }

    static String sha256Tag(String body) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(body.getBytes("UTF-8"));
        return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    }

    // ---- etags ----------------------------------------------------------------------------

    @Test
    void autotagsGiveOkResponsesAStrongSha256Tag() throws Exception {
        Site.Reply r = send("GET", "/auto/");
        assertEquals(sha256Tag("hello"), r.header("ETag"));
        assertEquals(sha256Tag("hello"), send("GET", "/auto/chunks").header("ETag"), "streamed bodies are collapsed");
    }

    @Test
    void withoutAutotagsNoTagIsMade() throws Exception {
        assertNull(send("GET", "/manual/").header("ETag"));
    }

    @Test
    void autotagsSkipOtherStatusesAndKeepAHandlersTag() throws Exception {
        assertNull(send("GET", "/auto/created").header("ETag"));
        assertEquals("\"t1\"", send("GET", "/auto/tagged").header("ETag"));
    }

    @Test
    void ifNoneMatchMatchingIs304KeepingValidators() throws Exception {
        Site.Reply r = send("GET", "/manual/tagged", "If-None-Match: \"t1\"");
        assertEquals(304, r.status());
        assertEquals("\"t1\"", r.header("ETag"));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", r.header("Last-Modified"));
        assertNull(r.header("Content-Type"));
        assertEquals("", r.body());
    }

    @Test
    void ifNoneMatchUsesTheWeakComparison() throws Exception {
        assertEquals(304, send("GET", "/manual/tagged", "If-None-Match: W/\"t1\"").status());
        assertEquals(304, send("GET", "/manual/weak", "If-None-Match: \"x\", \"w1\"").status());
        assertEquals(200, send("GET", "/manual/weak", "If-None-Match: \"w2\"").status());
    }

    @Test
    void ifNoneMatchStarIs304ForGetAndHead() throws Exception {
        assertEquals(304, send("GET", "/auto/", "If-None-Match: *").status());
        assertEquals(304, send("HEAD", "/auto/", "If-None-Match: *").status());
    }

    @Test
    void ifNoneMatchMatchingOnOtherMethodsIs412() throws Exception {
        Site.Reply r = send("POST", "/manual/tagged", "If-None-Match: \"t1\"");
        assertEquals(412, r.status());
        assertTrue(r.body().contains("If-None-Match failed"), r.body());
    }

    @Test
    void ifMatchMismatchIs412() throws Exception {
        Site.Reply r = send("GET", "/manual/tagged", "If-Match: \"other\"");
        assertEquals(412, r.status());
        assertTrue(r.body().contains("If-Match failed"), r.body());
        assertEquals(200, send("GET", "/manual/tagged", "If-Match: \"other\", \"t1\"").status());
        assertEquals(200, send("GET", "/manual/tagged", "If-Match: *").status());
    }

    @Test
    void ifMatchUsesTheStrongComparison() throws Exception {
        assertEquals(412, send("GET", "/manual/tagged", "If-Match: W/\"t1\"").status());
        assertEquals(412, send("GET", "/manual/weak", "If-Match: W/\"w1\"").status());
        assertEquals(412, send("GET", "/manual/", "If-Match: \"anything\"").status(), "no tag matches nothing");
    }

    @Test
    void preconditionsAreIgnoredForNonSuccessResponses() throws Exception {
        assertEquals(404, send("GET", "/manual/nothing", "If-Match: \"x\"").status());
    }

    // ---- expires --------------------------------------------------------------------------

    @Test
    void expiresActsOnlyOnResponsesWithValidators() throws Exception {
        Site.Reply plain = send("GET", "/exp60/");
        assertNull(plain.header("Expires"));
        assertNull(plain.header("Cache-Control"));
    }

    @Test
    void secsZeroForbidsCachingWithAFixedPastDate() throws Exception {
        Site.Reply r = send("GET", "/exp0/tagged");
        assertEquals("no-cache", r.header("Pragma"));
        assertEquals("no-cache, must-revalidate", r.header("Cache-Control"));
        assertEquals("Sun, 28 Jan 2007 00:00:00 GMT", r.header("Expires"));
    }

    @Test
    void secsZeroOverHttp10SetsNoCacheControl() throws Exception {
        Site.Reply r = Site.get10("/exp0/tagged");
        assertEquals("no-cache", r.header("Pragma"));
        assertNull(r.header("Cache-Control"));
    }

    @Test
    void positiveSecsSetMaxAgeAndAFutureExpires() throws Exception {
        Site.Reply r = send("GET", "/exp60/tagged");
        assertEquals("max-age=60", r.header("Cache-Control"));
        // the clock's time plus 60 s, across a year boundary
        assertEquals("Fri, 01 Jan 2027 00:00:30 GMT", r.header("Expires"));
    }

    @Test
    void secsMayBeADuration() throws Exception {
        assertEquals("max-age=120", send("GET", "/expdur/tagged").header("Cache-Control"));
    }

    @Test
    void existingHeadersAreKeptUnlessForced() throws Exception {
        Site.Reply kept = send("GET", "/exp60/stamped");
        assertEquals("public", kept.header("Cache-Control"));
        Site.Reply forced = send("GET", "/force/stamped");
        assertEquals("max-age=60", forced.header("Cache-Control"));
        assertEquals("max-age=60", send("GET", "/force/").header("Cache-Control"), "force acts without validators");
    }

    @Test
    void aNegativeSecsIsRefusedWhenMounted() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/negative", Map.of("/", Tools.on("expires", "secs", -5))));
        assertEquals("the application mounted at '/negative', section [/]: 'tools.expires.secs' is -5:"
                + " it must be seconds: 0 or more.", e.getMessage());
        assertEquals(404, send("GET", "/negative/").status());
    }

    // ---- together -------------------------------------------------------------------------

    @Test
    void aCachedTaggedPageIsServedToABrowserLikeClient() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + Site.port() + "/all/");
        HttpResponse<String> first = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode());
        assertEquals("hello", first.body());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(sha256Tag("hello"), etag);
        assertEquals("max-age=30", first.headers().firstValue("Cache-Control").orElseThrow());
        HttpResponse<String> again = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("hello", again.body());
        assertTrue(again.headers().firstValue("Age").isPresent());
        HttpResponse<String> revalidated = client.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(304, revalidated.statusCode());
        assertEquals(etag, revalidated.headers().firstValue("ETag").orElseThrow());
        assertEquals("", revalidated.body());
    }
}
