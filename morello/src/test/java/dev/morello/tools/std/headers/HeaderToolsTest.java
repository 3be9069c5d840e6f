package dev.morello.tools.std.headers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.config.ConfigRefused;
import dev.morello.config.Tuple;
import dev.morello.testing.Site;
import dev.morello.tools.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** response_headers, ignore_headers, referer and accept through a real server. */
class HeaderToolsTest {
    @TempDir
    static Path dir;

    public static class Root {
        @Expose
        public String index(Request request) {
            return "range=" + request.headers().get("Range") + " if-range=" + request.headers().get("If-Range");
        }

        @Expose
        public String media(Request request) {
            return "media=" + request.attribute(HeaderTools.MEDIA);
        }

        @Expose
        public String boom() {
            throw new IllegalStateException("kaboom");
        }
    }

    @BeforeAll
    static void serve() throws IOException {
        Path conf = dir.resolve("app.conf");
        Files.writeString(conf, """
                [/]
                tools.response_headers.on = True
                tools.response_headers.headers = [('X-Frame-Options', 'DENY'), ['X-From', 'file']]
                """);
        Site.start(() -> {
            Morello.tree().mount(new Root(), "/file").merge(conf);
            Morello.tree().mount(new Root(), "/map", Map.of("/", Tools.on("response_headers",
                    "headers", Map.of("X-From", "map"))));
            Morello.tree().mount(new Root(), "/tuples", Map.of("/", Tools.on("response_headers",
                    "headers", List.of(Tuple.of("Content-Type", "text/plain;charset=utf-8")))));
            Morello.tree().mount(new Root(), "/ignore", Map.of("/", Tools.on("ignore_headers")));
            Morello.tree().mount(new Root(), "/ignore2", Map.of("/", Tools.on("ignore_headers",
                    "headers", List.of("If-Range", "Range"))));
            Morello.tree().mount(new Root(), "/ref", Map.of("/", Tools.on("referer", "pattern", "https?://good\\.example/")));
            Morello.tree().mount(new Root(), "/deny", Map.of("/", Tools.on("referer", "pattern", "https?://evil\\.example",
                    "accept", false, "accept_missing", true, "error", 400, "message", "No hot-linking.")));
            Morello.tree().mount(new Root(), "/acc", Map.of("/", Tools.on("accept",
                    "media", List.of("application/json", "text/html"))));
            Morello.tree().mount(new Root(), "/one", Map.of("/", Tools.on("accept", "media", "text/plain")));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply get(String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("Connection: close\r\n\r\n").toString());
    }

    // ---- response_headers -----------------------------------------------------------------

    @Test
    void responseHeadersFromAConfigFileTakeTuplesAndLists() throws Exception {
        Site.Reply r = get("/file/");
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertEquals("file", r.header("X-From"));
    }

    @Test
    void responseHeadersFromJavaTakeAMap() throws Exception {
        assertEquals("map", get("/map/").header("X-From"));
    }

    @Test
    void responseHeadersReplaceTheDefaults() throws Exception {
        assertEquals("text/plain;charset=utf-8", get("/tuples/").header("Content-Type"));
    }

    @Test
    void responseHeadersAreOnErrorPagesToo() throws Exception {
        Site.Reply r = get("/file/nothing");
        assertEquals(404, r.status());
        assertEquals("DENY", r.header("X-Frame-Options"));
    }

    @Test
    void anInvalidHeaderNameIsRefusedWhenMounted() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class, () -> Morello.tree().mount(new Root(), "/badname",
                Map.of("/", Tools.on("response_headers", "headers", List.of(List.of("Bad Name", "x"))))));
        assertTrue(e.getMessage().contains("tools.response_headers is misconfigured")
                && e.getMessage().contains("Bad Name"), e.getMessage());
        assertEquals(404, get("/badname/").status());
    }

    // ---- ignore_headers -------------------------------------------------------------------

    @Test
    void ignoreHeadersHidesRangeByDefault() throws Exception {
        assertEquals("range=null if-range=x", get("/ignore/", "Range: bytes=0-1", "If-Range: x").body());
    }

    @Test
    void ignoreHeadersTakesAList() throws Exception {
        assertEquals("range=null if-range=null", get("/ignore2/", "Range: bytes=0-1", "If-Range: x").body());
    }

    // ---- referer --------------------------------------------------------------------------

    @Test
    void refererMatchingThePatternIsAccepted() throws Exception {
        assertEquals(200, get("/ref/", "Referer: https://good.example/page").status());
    }

    @Test
    void refererIsMatchedAtItsStart() throws Exception {
        assertEquals(403, get("/ref/", "Referer: https://evil.example/?https://good.example/").status());
    }

    @Test
    void refererNotMatchingIsForbidden() throws Exception {
        Site.Reply r = get("/ref/", "Referer: https://other.example/");
        assertEquals(403, r.status());
        assertTrue(r.body().contains("Forbidden Referer header."), r.body());
    }

    @Test
    void aMissingRefererIsForbiddenUnlessAcceptMissing() throws Exception {
        assertEquals(403, get("/ref/").status());
        assertEquals(200, get("/deny/").status());
    }

    @Test
    void acceptFalseRefusesMatchesWithTheGivenErrorAndMessage() throws Exception {
        Site.Reply r = get("/deny/", "Referer: http://evil.example/x");
        assertEquals(400, r.status());
        assertTrue(r.body().contains("No hot-linking."), r.body());
        assertEquals(200, get("/deny/", "Referer: http://fine.example/").status());
    }

    @Test
    void aMissingOrInvalidPatternIsRefusedWhenMounted() throws Exception {
        ConfigRefused missing = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/nopattern", Map.of("/", Tools.on("referer"))));
        assertTrue(missing.getMessage().contains("tools.referer.pattern is required"), missing.getMessage());
        ConfigRefused invalid = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/badpattern", Map.of("/", Tools.on("referer", "pattern", "("))));
        assertEquals("the application mounted at '/badpattern', section [/]: 'tools.referer.pattern' is \"(\":"
                + " Unclosed group at index 1 (it must be a string: a regular expression).", invalid.getMessage());
        assertEquals(404, get("/nopattern/").status());
    }

    // ---- accept ---------------------------------------------------------------------------

    @Test
    void withoutAcceptTheFirstMediaTypeIsChosen() throws Exception {
        assertEquals("media=application/json", get("/acc/media").body());
    }

    @Test
    void theBestQualityWins() throws Exception {
        assertEquals("media=text/html", get("/acc/media", "Accept: application/json;q=0.5, text/html").body());
        assertEquals("media=application/json", get("/acc/media", "Accept: text/html;q=0.5, application/json").body());
    }

    @Test
    void wildcardsMatch() throws Exception {
        assertEquals("media=text/html", get("/acc/media", "Accept: text/*").body());
        assertEquals("media=application/json", get("/acc/media", "Accept: */*").body());
        assertEquals("media=text/html", get("/acc/media", "Accept: image/png, */*;q=0.1, TEXT/HTML;q=0.5").body());
    }

    @Test
    void aMoreSpecificRangeOverridesAWildcard() throws Exception {
        assertEquals("media=text/html", get("/acc/media", "Accept: */*, application/json;q=0").body());
    }

    @Test
    void nothingAcceptableIs406WithCherryPysMessage() throws Exception {
        Site.Reply r = get("/acc/media", "Accept: image/png");
        assertEquals(406, r.status());
        assertTrue(r.body().contains("Your client sent this Accept header: image/png. But this resource only emits "
                + "these media types: application/json, text/html."), r.body());
        assertEquals(406, get("/acc/media", "Accept: text/html;q=0, application/*;q=0").status());
    }

    @Test
    void mediaMayBeOneString() throws Exception {
        assertEquals("media=text/plain", get("/one/media", "Accept: text/plain").body());
        assertEquals(406, get("/one/media", "Accept: text/html").status());
    }
}
