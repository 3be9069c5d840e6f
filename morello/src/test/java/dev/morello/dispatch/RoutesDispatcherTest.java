package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Param;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routes dispatcher through a real server: matching, binding, 404/405, config, reverse routing. */
class RoutesDispatcherTest {
    public static class Root {
        @Expose
        public String index() {
            return "object tree";
        }
    }

    /** Connected as one instance: shared by every request. */
    public static class Pages {
        public int calls;

        public String index() {
            return "home";
        }

        public String about() {
            return "about";
        }

        public String colon(String id, String slug) {
            return id + " & " + slug;
        }

        public String year(int year) {
            return "year " + year;
        }

        public String view(int id) {
            return "view " + id;
        }

        public String update(int id) {
            return "update " + id;
        }

        public String greet(String name, @Param(defaultValue = "Hello") String greeting) {
            return greeting + ", " + name;
        }

        public String first(String x) {
            return "first " + x;
        }

        public String second() {
            return "second";
        }

        public String literal() {
            return "literal";
        }

        public String variable(String x) {
            return "variable " + x;
        }

        public String file(String path) {
            return "path=" + path;
        }

        public String tag(String t) {
            return "tag=" + t;
        }

        public String doc(String name, String ext) {
            return name + " as " + ext;
        }

        public String hit() {
            return "calls=" + ++calls;
        }

        @Expose
        public String exposed() {
            return "exposed too";
        }

        public String link() {
            return Morello.url(ROUTES.url("post", Map.of("id", 5)));
        }

        public String helper(Thread thread) {
            return "no request fills a Thread";
        }

        public String twice() {
            return "overloaded";
        }

        public String twice(int n) {
            return "overloaded";
        }

        public String self() {
            return Morello.url(BARE.url("hello", Map.of("name", "x")));
        }

        public String extra(String flavour) {
            return "flavour " + flavour;
        }
    }

    /** Connected as a class: a new instance per request. */
    @Config("x.level = 'class'")
    public static class Blog {
        static final AtomicInteger CREATED = new AtomicInteger();
        private int calls;

        public Blog() {
            CREATED.incrementAndGet();
        }

        public String index() {
            return "blog";
        }

        public String show(int id, @Param(defaultValue = "full") String view) {
            return "post " + id + " (" + view + ")";
        }

        public String archive(int year, int month) {
            return year + "-" + month;
        }

        public String hit() {
            return "calls=" + ++calls;
        }

        public String level(Request request) {
            return request.config("x.level") + " " + request.config("x.method");
        }

        @Config("x.method = 'annotated'")
        public String annotated(Request request) {
            return request.config("x.level") + " " + request.config("x.method");
        }
    }

    static final Pages PAGES = new Pages();
    static final RoutesDispatcher ROUTES = new RoutesDispatcher()
            .connect("home", "/", PAGES)
            .connect("about", "/about", PAGES, "about")
            .connect("dir", "/dir/", PAGES, "about")
            .connect("post", "/posts/{id:\\d+}", Blog.class, "show")
            .connect("colon", "/c/:id/:(slug)", PAGES, "colon")
            .connect("year", "/year/{year}", PAGES, "year", Map.of("requirements", Map.of("year", "\\d{4}")))
            .connect("archive", "/archive/{year}/{month}", Blog.class, "archive", Map.of("month", "1"))
            .connect("item", "/items/{id}", PAGES, "view", Map.of("conditions", Map.of("method", List.of("GET", "HEAD"))))
            .connect("item-update", "/items/{id}", PAGES, "update", Map.of("conditions", Map.of("method", List.of("POST"))))
            .connect("greet", "/greet/{name}", PAGES, "greet")
            .connect("first", "/first/{x}", PAGES, "first")
            .connect("second", "/first/fixed", PAGES, "second")
            .connect("literal", "/order/fixed", PAGES, "literal")
            .connect("variable", "/order/{x}", PAGES, "variable")
            .connect("files", "/files/{*path}", PAGES, "file")
            .connect("raw", "/raw/{path:.*}", PAGES, "file")
            .connect("pages", "/pages/{name:[^.]+}.{ext:html|txt}", PAGES, "doc")
            .connect("shelf", "/shelf/{path:.+}/list", PAGES, "file")
            .connect("tag", "/tag/{t}", PAGES, "tag")
            .connect("doc", "/docs/{name}.{ext:html|txt}", PAGES, "doc")
            .connect("fresh", "/fresh", Blog.class, "hit")
            .connect("same", "/same", PAGES, "hit")
            .connect("do", "/do/{action}", PAGES)
            .connect("blog", "/blog", Blog.class)
            .connect("link", "/link", PAGES, "link")
            .connect("extra", "/extra", PAGES, "extra", Map.of("flavour", "lemon"))
            .connect("level", "/cfg", Blog.class, "level")
            .connect("level-inner", "/cfg/inner", Blog.class, "level")
            .connect("annotated", "/cfg/annotated", Blog.class, "annotated")
            .connect("missing", "/missing", PAGES, "nothingHere");

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "", Map.of(
                    "/", Map.of("request.dispatch", ROUTES),
                    "/cfg", Map.of("x.level", "section"),
                    "/cfg/annotated", Map.of("x.level", "last section")));
            Morello.tree().mount(null, "/bare", Map.of("/", Map.of("request.dispatch", BARE)));
        });
    }

    /** Serves an application with no root object, as CherryPy allows with routes. */
    static final RoutesDispatcher BARE = new RoutesDispatcher()
            .connect("bare-home", "/", PAGES)
            .connect("hello", "/hello/{name}", PAGES, "greet")
            .connect("self", "/self", PAGES, "self");

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/|home",
        "/about|about",
        "/about/|about",
        "/dir/|about",
        "/posts/42|post 42 (full)",
        "/posts/42?view=short|post 42 (short)",
        "/c/7/hello-world|7 & hello-world",
        "/year/2026|year 2026",
        "/archive/2026/5|2026-5",
        "/archive/2026|2026-1",
        "/greet/Ann|Hello, Ann",
        "/greet/Ann?greeting=Hi|Hi, Ann",
        "/greet/a%20b|Hello, a b",
        "/first/fixed|first fixed",
        "/first/other|first other",
        "/order/fixed|literal",
        "/order/other|variable other",
        "/files/a/b/c.txt|path=a/b/c.txt",
        "/files|path=",
        "/files/|path=",
        "/files/a%2Fb/c|path=a/b/c",
        "/tag/a%2Fb|tag=a/b",
        "/docs/readme.txt|readme as txt",
        "/docs/v1.2.html|v1.2 as html",
        "/do/about|about",
        "/do/exposed|exposed too",
        "/blog|blog",
        "/extra|flavour lemon",
        "/extra?flavour=lime|flavour lime",
        // Routes' {name:regex}: a requirement that can match a slash takes text across segments
        "/raw/a/b/c.txt|path=a/b/c.txt",
        "/raw/one|path=one",
        "/raw/|path=",
        "/raw/a/b/|path=a/b/",
        "/pages/guide/intro.html|guide/intro as html",
        "/shelf/x/y/list|path=x/y",
        "/shelf/x/list/|path=x",
    })
    void answersMatchingRoute(String target, String body) throws Exception {
        Site.Reply r = Site.get(target);
        assertEquals(200, r.status(), target + ": " + r.body());
        assertEquals(body, r.body());
    }

    @ParameterizedTest(name = "{0} is 404")
    @CsvSource({
        "/nowhere",
        "/about/more",
        "/dir",
        "/posts/abc",        // inline requirement rejects
        "/year/26",          // requirement from the options rejects
        "/archive",          // year has no default
        "/c/7",
        "/docs/readme.pdf",
        "/do/nothing",       // the action names no method
        "/do/toString",      // Object's methods are never actions
        "/do/wait",
        "/do/helper",        // a public method no request can call
        "/do/twice",         // overloaded, none exposed
        "/missing",
        "/tag/",             // a variable is never empty
        "/pages/a.b/c.html", // [^.]+ refuses the dot, across segments too
        "/pages/guide/intro.pdf",
        "/shelf/list",       // .+ needs at least one character before /list
    })
    void answers404(String target) throws Exception {
        assertEquals(404, Site.get(target).status(), target);
    }

    @Test
    void methodConditionPicksTheRouteForTheMethod() throws Exception {
        assertEquals("view 3", Site.get("/items/3").body());
        Site.Reply post = Site.form("/items/3", "");
        assertEquals(200, post.status(), post.body());
        assertEquals("update 3", post.body());
    }

    @Test
    void onlyTheMethodFailingIs405WithAllow() throws Exception {
        Site.Reply r = Site.method("DELETE", "/items/3");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD, POST", r.header("Allow"));
        // no route's path matches: a plain 404, no Allow
        Site.Reply missing = Site.method("DELETE", "/items");
        assertEquals(404, missing.status());
        assertNull(missing.header("Allow"));
    }

    @Test
    void classControllerIsInstantiatedPerRequest() throws Exception {
        int before = Blog.CREATED.get();
        assertEquals("calls=1", Site.get("/fresh").body());
        assertEquals("calls=1", Site.get("/fresh").body());
        assertEquals(before + 2, Blog.CREATED.get());
    }

    @Test
    void instanceControllerIsShared() throws Exception {
        String a = Site.get("/same").body();
        String b = Site.get("/same").body();
        int n = Integer.parseInt(a.substring("calls=".length()));
        assertEquals("calls=" + (n + 1), b);
    }

    @Test
    void typedRouteVariableThatDoesNotConvertIs400() throws Exception {
        // the route matches (no requirement), but "x" is no int: 400, as for a query value
        assertEquals(400, Site.get("/items/x").status());
    }

    @Test
    void configMergesSectionsControllerMethodThenFullPathSection() throws Exception {
        // the full path's section comes after the controller's @Config
        assertEquals("section null", Site.get("/cfg").body());
        // a section above the last segment comes before it
        assertEquals("class null", Site.get("/cfg/inner").body());
        assertEquals("last section annotated", Site.get("/cfg/annotated").body());
    }

    @Test
    void reverseRoutedPathWorksWithMorelloUrl() throws Exception {
        assertEquals("http://127.0.0.1:" + Site.port() + "/posts/5", Site.get("/link").body());
    }

    @Test
    void aPatternTheTreeCannotHonourIsRefusedWhenConnected() {
        RoutesDispatcher d = new RoutesDispatcher();
        IllegalArgumentException rest = assertThrows(IllegalArgumentException.class,
                () -> d.connect("both", "/x/{a:.*}/{*rest}", PAGES, "file"));
        assertTrue(rest.getMessage().contains("/x/{a:.*}/{*rest}"), rest.getMessage());
        IllegalArgumentException anchor = assertThrows(IllegalArgumentException.class,
                () -> d.connect("anchored", "/y/{p:^.*$}", PAGES, "file"));
        assertTrue(anchor.getMessage().contains("anchor"), anchor.getMessage());
    }

    @Test
    void theBareMountPointIsTheRootRoute() throws Exception {
        assertEquals("home", Site.get("/bare/").body());
        // no redirect: a route is no index handler, and Routes makes a final slash optional anyway
        Site.Reply bare = Site.get("/bare");
        assertEquals(200, bare.status());
        assertEquals("home", bare.body());
    }

    @Test
    void servesAnApplicationWithoutRootAtItsMountPoint() throws Exception {
        assertEquals("Hello, Bo", Site.get("/bare/hello/Bo").body());
        assertEquals("http://127.0.0.1:" + Site.port() + "/bare/hello/x", Site.get("/bare/self").body());
        assertEquals(404, Site.get("/bare/nothing").status());
    }

    // ---- match and url (no request needed) ----------------------------------------------

    @Test
    void matchReportsRouteActionAndVariables() {
        RoutesDispatcher.Match m = ROUTES.match("GET", "/archive/2026");
        assertEquals("archive", m.name());
        assertSame(Blog.class, m.controller());
        assertEquals("archive", m.action());
        assertEquals(Map.of("year", "2026", "month", "1"), m.variables());
        assertNull(ROUTES.match("DELETE", "/items/3"));
        assertNull(ROUTES.match("GET", "/nowhere"));
        assertEquals("about", ROUTES.match("GET", "/do/about").action());
        assertSame(PAGES, ROUTES.match("GET", "/do/about").controller());
    }

    @Test
    void urlFillsVariables() {
        assertEquals("/posts/7", ROUTES.url("post", Map.of("id", 7)));
        assertEquals("/c/1/two", ROUTES.url("colon", Map.of("id", 1, "slug", "two")));
        assertEquals("/", ROUTES.url("home", Map.of()));
        assertEquals("/dir/", ROUTES.url("dir", Map.of()));
        assertEquals("/docs/a.txt", ROUTES.url("doc", Map.of("name", "a", "ext", "txt")));
        assertEquals("/do/about", ROUTES.url("do", Map.of("action", "about")));
    }

    @Test
    void urlUsesDefaultsForMissingVariables() {
        assertEquals("/archive/2026/1", ROUTES.url("archive", Map.of("year", 2026)));
        assertEquals("/archive/2026/12", ROUTES.url("archive", Map.of("year", 2026, "month", 12)));
    }

    @Test
    void urlEncodesValuesAsSegments() {
        assertEquals("/greet/a%20b%3F", ROUTES.url("greet", Map.of("name", "a b?")));
        assertEquals("/tag/a%2Fb", ROUTES.url("tag", Map.of("t", "a/b")));
        assertEquals("/greet/%C3%A9t%C3%A9", ROUTES.url("greet", Map.of("name", "été")));
        // a rest value keeps its slashes
        assertEquals("/files/a/b%20c", ROUTES.url("files", Map.of("path", "a/b c")));
        assertEquals("/files/", ROUTES.url("files", Map.of()));
    }

    @Test
    void urlPutsOtherParamsInTheQueryString() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", 7);
        params.put("a", 1);
        params.put("b", "x y&z");
        params.put("c", List.of("1", "2"));
        assertEquals("/posts/7?a=1&b=x+y%26z&c=1&c=2", ROUTES.url("post", params));
        // a param equal to the route's own default is not repeated
        assertEquals("/extra", ROUTES.url("extra", Map.of("flavour", "lemon")));
        assertEquals("/extra?flavour=lime", ROUTES.url("extra", Map.of("flavour", "lime")));
        assertEquals("/about", ROUTES.url("about", Map.of("action", "about")));
    }

    @Test
    void urlRejectsMissingVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ROUTES.url("post", Map.of()));
        assertTrue(e.getMessage().contains("'id'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ROUTES.url("archive", Map.of("month", 3)));
        assertTrue(e.getMessage().contains("'year'"), e.getMessage());
    }

    @Test
    void urlRejectsValueBreakingRequirement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ROUTES.url("post", Map.of("id", "abc")));
        assertTrue(e.getMessage().contains("'id'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ROUTES.url("year", Map.of("year", 26)));
        assertThrows(IllegalArgumentException.class, () -> ROUTES.url("doc", Map.of("name", "a", "ext", "pdf")));
    }

    @Test
    void urlRejectsUnknownRoute() {
        assertThrows(IllegalArgumentException.class, () -> ROUTES.url("nope", Map.of()));
    }
}
