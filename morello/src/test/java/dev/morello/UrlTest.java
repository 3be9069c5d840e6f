package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.testing.Site;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Morello.url: CherryPy's url() during a request and outside one. */
class UrlTest {
    public static class Sub {
        @Expose
        public String index(String path) {
            return Morello.url(path);
        }

        @Expose
        public String page(String path, @Param(defaultValue = "false") String relative) {
            Object rel = relative.equals("true") ? Boolean.TRUE : relative.equals("false") ? Boolean.FALSE : relative;
            return Morello.url(path, "", null, null, rel);
        }
    }

    public static class Root {
        public Sub sub = new Sub();

        @Expose
        public String withQuery() {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("a", "1 2");
            q.put("b", List.of("x", "y"));
            return Morello.url("/target", Morello.query(q));
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> Morello.tree().mount(new Root(), "/app"));
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    private static String base() {
        return "http://127.0.0.1:" + Site.port();
    }

    @Test
    void absolutePathsJoinTheMountPoint() throws Exception {
        assertEquals(base() + "/app/x/y", Site.get("/app/sub/page?path=/x/y").body());
    }

    @Test
    void relativePathsResolveAgainstTheCurrentPathIndexAware() throws Exception {
        // from an index, the current path is a directory
        assertEquals(base() + "/app/sub/other", Site.get("/app/sub/?path=other").body());
        // from a page, siblings
        assertEquals(base() + "/app/sub/other", Site.get("/app/sub/page?path=other").body());
        assertEquals(base() + "/app/other", Site.get("/app/sub/page?path=../other").body());
        assertEquals(base() + "/app/sub/page", Site.get("/app/sub/page?path=").body());
    }

    @Test
    void serverRelativeAndPageRelativeForms() throws Exception {
        assertEquals("/app/x", Site.get("/app/sub/page?path=/x&relative=server").body());
        assertEquals("../x", Site.get("/app/sub/page?path=/x&relative=true").body());
    }

    @Test
    void queryStringsFromMaps() throws Exception {
        assertEquals(base() + "/app/target?a=1+2&b=x&b=y", Site.get("/app/withQuery").body());
    }

    @Test
    void outsideARequestTheServersBaseIsUsed() {
        assertEquals(base() + "/blog/post", Morello.url("/post", null, "/blog", null, false));
        assertEquals("http://example.com/x", Morello.url("/x", null, null, "http://example.com", false));
    }

    @Test
    void pathsAreReEncoded() throws Exception {
        assertEquals(base() + "/app/a%20b%3Fc", Site.get("/app/sub/page?path=/a%20b%3Fc").body());
    }
}
