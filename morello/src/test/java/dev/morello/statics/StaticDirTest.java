package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.morello.testing.Site;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Static#staticdir} and {@link Static#staticfile}: what they answer and what falls through. */
class StaticDirTest extends StaticSiteTest {

    private static void assertFellThrough(Site.Reply r) {
        assertEquals(404, r.status(), r.raw());
        assertEquals("fell through", r.body());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + Site.port() + path;
    }

    @Test
    void servesAFileBelowTheSection() throws Exception {
        Site.Reply r = get("/static/hello.txt");
        assertEquals(200, r.status());
        assertEquals(HELLO, r.body());
        assertEquals(MTIME_IMF, r.header("Last-Modified"));
        assertEquals("bytes", r.header("Accept-Ranges"));
    }

    @Test
    void servesAFileInASubdirectory() throws Exception {
        assertEquals("a", get("/static/noindex/a.txt").body());
    }

    @Test
    void theSectionItselfRedirectsToItsSlashedUrlWhenItHasAnIndex() throws Exception {
        Site.Reply r = get("/static");
        assertEquals(301, r.status());
        assertEquals(url("/static/"), r.header("Location"));
    }

    @Test
    void theSlashedSectionServesItsIndex() throws Exception {
        Site.Reply r = get("/static/");
        assertEquals(200, r.status());
        assertEquals("<p>root index</p>", r.body());
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void aDirectoryWithoutItsSlashRedirectsKeepingTheQuery() throws Exception {
        Site.Reply r = get("/static/sub?x=1&y=2");
        assertEquals(301, r.status());
        assertEquals(url("/static/sub/?x=1&y=2"), r.header("Location"));
    }

    @Test
    void aDirectoryWithItsSlashServesItsIndex() throws Exception {
        Site.Reply r = get("/static/sub/");
        assertEquals(200, r.status());
        assertEquals("<p>sub index</p>", r.body());
        assertEquals("bytes", r.header("Accept-Ranges"));
    }

    @Test
    void aDirectoryWithoutAnIndexIsNeverListed() throws Exception {
        assertFellThrough(get("/static/noindex/"));
        assertFellThrough(get("/static/noindex"));
    }

    @Test
    void aMissingFileFallsThrough() throws Exception {
        assertFellThrough(get("/static/nope.txt"));
        assertFellThrough(get("/static/sub/nope/deeper.txt"));
    }

    @Test
    void aFileWithATrailingSlashFallsThrough() throws Exception {
        assertFellThrough(get("/static/hello.txt/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "PUT", "OPTIONS", "PATCH", "PROPFIND"})
    void methodsOtherThanGetAndHeadFallThrough(String method) throws Exception {
        assertFellThrough(send(method, "/static/hello.txt", "Content-Length: 0"));
    }

    @Test
    void postFallsThrough() throws Exception {
        assertFellThrough(Site.post("/static/hello.txt", "text/plain", "hi"));
    }

    @Test
    void headIsServed() throws Exception {
        Site.Reply r = head("/static/hello.txt");
        assertEquals(200, r.status());
        assertEquals(String.valueOf(HELLO.length()), r.header("Content-Length"));
        assertEquals(0, r.bodyBytes().length);
    }

    @Test
    void conditionalAndRangeRequestsWorkThroughTheTool() throws Exception {
        String etag = get("/static/digits.txt").header("ETag");
        assertEquals(304, get("/static/digits.txt", "If-None-Match: " + etag).status());
        Site.Reply part = get("/static/digits.txt", "Range: bytes=-3");
        assertEquals(206, part.status());
        assertEquals("789", part.body());
    }

    // ---- match, content types, a dir relative to root ----------------------------------------

    @Test
    void aRelativeDirIsResolvedAgainstRootAndMatchFilters() throws Exception {
        Site.Reply css = get("/css/style.css");
        assertEquals(200, css.status(), css.raw());
        assertEquals("text/css;charset=utf-8", css.header("Content-Type"));
        assertFellThrough(get("/css/big.bin"));
    }

    @Test
    void contentTypesOverrideTheTable() throws Exception {
        Site.Reply r = get("/css/hello.txt");
        assertEquals(200, r.status());
        // served from a page handler, so the encode tool (on by default) names the charset of a
        // text type, as CherryPy's does for a handler's text body
        assertEquals("text/x-notes;charset=utf-8", r.header("Content-Type"));
    }

    // ---- staticfile ------------------------------------------------------------------------

    @Test
    void staticfileServesAnAbsoluteFile() throws Exception {
        Site.Reply r = get("/staticfile?name=" + enc(root.resolve("style.css").toString()));
        assertEquals(200, r.status());
        assertEquals("body { color: red }", r.body());
        assertEquals("text/css;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void staticfileResolvesARelativeNameAgainstRootAndAppliesContentTypes() throws Exception {
        Site.Reply r = get("/staticfile?name=static/hello.txt&from=" + enc(base.toString()));
        assertEquals(200, r.status());
        assertEquals(HELLO, r.body());
        assertEquals("text/x-custom;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void staticfileWithARelativeNameAndNoRootIsAnError() throws Exception {
        assertEquals(500, get("/staticfile?name=static/hello.txt").status());
    }

    @Test
    void staticfileFallsThroughForMissingFilesDirectoriesAndOtherMethods() throws Exception {
        assertFellThrough(get("/staticfile?name=" + enc(root.resolve("nope.txt").toString())));
        assertFellThrough(get("/staticfile?name=" + enc(root.resolve("sub").toString())));
        assertFellThrough(send("DELETE", "/staticfile?name=" + enc(root.resolve("style.css").toString())));
    }

    @Test
    void staticfileHonoursMatch() throws Exception {
        String name = enc(root.resolve("style.css").toString());
        assertEquals(200, get("/staticfile?name=" + name + "&match=" + enc("^/staticfile$")).status());
        assertFellThrough(get("/staticfile?name=" + name + "&match=" + enc("\\.png$")));
    }

    @Test
    void aNotModifiedAnswerFromTheToolHasNoContentType() throws Exception {
        Site.Reply r = get("/static/hello.txt", "If-Modified-Since: " + MTIME_IMF);
        assertEquals(304, r.status());
        assertNull(r.header("Content-Type"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
