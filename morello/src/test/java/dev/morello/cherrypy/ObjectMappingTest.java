package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.HttpRedirect;
import dev.morello.Morello;
import dev.morello.Param;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the object dispatcher maps URLs onto object trees mounted at several points of one site:
 * the behaviour of CherryPy's {@code test_objectmapping.py}, through a real server.
 */
class ObjectMappingTest {
    /** The mount points the same tree is served at; each app also sees its own config. */
    static final String[] MOUNTS = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"};

    public static class Root {
        public Dir1 dir1 = new Dir1();
        public Exposing exposing = new Exposing();
        public DefaultWithoutIndex defnoindex = new DefaultWithoutIndex();
        public IndexProbe probe = new IndexProbe();
        public Params params = new Params();

        @Expose public String index(@Param(defaultValue = "world") String name) {
            return name;
        }

        @Expose public String foobar() {
            return "bar";
        }

        @Default public String fallback(Map<String, Object> kwargs, String... segments) {
            return "default:" + Arrays.toString(segments);
        }

        @Expose public String other() {
            return "other";
        }

        @Expose public String extra(String... p) {
            return Arrays.toString(p);
        }

        @Expose public String redirect() {
            throw new HttpRedirect("dir1/", 302);
        }

        public String notExposed() {
            return "not exposed";
        }

        @Expose public String confvalue() {
            return String.valueOf(Morello.request().config("user"));
        }

        @Expose public String redirectViaUrl(String path) {
            throw new HttpRedirect(Morello.url(path));
        }

        @Expose public String translate_html() {
            return "OK";
        }

        @Expose public String my_page() {
            return "my page";
        }

        @Expose public String page_html() {
            return "page.html";
        }

        /** A path segment no Java identifier can spell, reached through an alias. */
        @Expose(alias = "Von B\u00fclow") public String vonBuelow(@Param("ID") Optional<String> id) {
            return "ID is " + id.orElse("None");
        }

        @Expose public String where() {
            Request r = Morello.request();
            return r.scriptName() + "|" + r.pathInfo();
        }
    }

    public static class Dir1 {
        public Dir2 dir2 = new Dir2();

        @Expose public String index() {
            return "index for dir1";
        }

        @Expose public String myMethod() {
            return "myMethod from dir1, path_info is:'" + Morello.request().pathInfo() + "'";
        }

        @Default public String fallback(String... params) {
            return "default for dir1, param is:" + Arrays.toString(params);
        }
    }

    public static class Dir2 {
        public Dir3 dir3 = new Dir3();

        @Expose public String index() {
            return "index for dir2, path is:" + Morello.request().pathInfo();
        }

        @Expose public String scriptName() {
            return Morello.request().scriptName();
        }

        @Expose public String cherrypyUrl() {
            return Morello.url("/extra");
        }

        @Expose public String posparam(String... vpath) {
            return String.join("/", vpath);
        }
    }

    /** A would-be default that is not marked: it answers nothing. */
    public static class Dir3 {
        public Dir4 dir4 = new Dir4();

        public String fallback(String... args) {
            return "default for dir3, not exposed";
        }
    }

    public static class Dir4 {
        public String index() {
            return "index for dir4, not exposed";
        }
    }

    public static class DefaultWithoutIndex {
        @Default public String fallback(String... args) {
            throw new HttpRedirect("contact");
        }
    }

    public static class Exposing {
        @Expose(alias = {"1", "2"}) public String base() {
            return "expose works!";
        }

        @Expose(alias = "about-us") public String about() {
            return "about";
        }
    }

    /** Mounted on its own, with no default anywhere above: what is not exposed is not found. */
    public static class Locked {
        public String motto = "not a page";

        @Expose public String open() {
            return "open";
        }

        public String secret() {
            return "secret";
        }

        public static String utility() {
            return "static";
        }
    }

    public static class IndexProbe {
        @Expose public String index() {
            return "index " + Morello.request().isIndex();
        }

        @Expose public String page() {
            return "page " + Morello.request().isIndex();
        }

        @Default public String fallback(String... rest) {
            return "default " + Morello.request().isIndex() + " " + Arrays.toString(rest);
        }
    }

    public static class Params {
        @Expose public String index(Object thing) {
            return String.valueOf(thing);
        }

        @Expose public String tags(List<String> tag) {
            return tag.toString();
        }

        @Expose public String ismap(int x, int y) {
            return "Coordinates: " + x + ", " + y;
        }

        @Expose public String greet(String first, @Param(defaultValue = "Smith") String last) {
            return first + " " + last;
        }

        @Default public String fallback(Map<String, Object> kwargs, String... args) {
            return "args: " + Arrays.toString(args) + " kwargs: " + kwargs;
        }
    }

    public static class Isolated {
        @Expose public String index() {
            return "made it!";
        }
    }

    public static class Users {
        @Expose public String index() {
            return "users app";
        }

        @Default public String user(String name, String... rest) {
            return "user " + name + " " + Arrays.toString(rest);
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            for (String sn : MOUNTS) {
                mountRoot(sn);
            }
            Morello.tree().mount(new Isolated(), "/isolated");
            Morello.tree().mount(new Locked(), "/locked");
            Morello.tree().mount(new Users(), "/users");
            Morello.tree().mount(new Root(), "/strict",
                    Map.of("/", Map.of("tools.trailing_slash.extra", true)));
            Morello.tree().mount(new Root(), "/lenient",
                    Map.of("/", Map.of("tools.trailing_slash.missing", false)));
            Morello.tree().mount(new Root(), "/noslashtool",
                    Map.of("/", Map.of("tools.trailing_slash.on", false)));
        });
    }

    static void mountRoot(String sn) {
        Morello.tree().mount(new Root(), sn, Map.of(
                "/", Map.of("user", sn.isEmpty() ? "/" : sn),
                "/dir1/myMethod", Map.of("tools.trailing_slash.extra", true)));
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    private static String base() {
        return "http://127.0.0.1:" + Site.port();
    }

    private static Site.Reply ok(String target) throws Exception {
        Site.Reply r = Site.get(target);
        assertEquals(200, r.status(), () -> target + " -> " + r.statusLine() + "\n" + r.body());
        return r;
    }

    private static void assertBody(String expected, String target) throws Exception {
        assertEquals(expected, ok(target).body(), target);
    }

    private static void assertRedirect(int status, String location, String target) throws Exception {
        Site.Reply r = Site.get(target);
        assertEquals(status, r.status(), () -> target + " -> " + r.statusLine() + "\n" + r.body());
        assertEquals(location, r.header("Location"), target);
    }

    private static void assertNotFound(String target) throws Exception {
        Site.Reply r = Site.get(target);
        assertEquals(404, r.status(), () -> target + " -> " + r.statusLine() + "\n" + r.body());
    }

    // ---- index, named pages and the default handler ----------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void indexAnswersTheMountPointWithItsDefaultParameter(String sn) throws Exception {
        assertBody("world", sn + "/");
        assertBody("fred", sn + "/?name=fred");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void mountPointWithoutSlashRedirectsToItsSlash(String sn) throws Exception {
        assertRedirect(301, base() + sn + "/", sn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void exposedMethodsAnswerTheirNames(String sn) throws Exception {
        assertBody("other", sn + "/other");
        assertBody("myMethod from dir1, path_info is:'/dir1/myMethod'", sn + "/dir1/myMethod");
        assertBody("index for dir2, path is:/dir1/dir2/", sn + "/dir1/dir2/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void defaultTakesTheWholeUnmatchedPath(String sn) throws Exception {
        assertBody("default:[this, method, does, not, exist]", sn + "/this/method/does/not/exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void varargsHandlerTakesTheRemainingSegments(String sn) throws Exception {
        assertBody("[too, much]", sn + "/extra/too/much");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void unexposedMethodFallsThroughToTheDefault(String sn) throws Exception {
        assertBody("default:[notExposed]", sn + "/notExposed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void onlyAnAnnotatedDefaultOrExposedIndexAnswers(String sn) throws Exception {
        // dir3's fallback is not marked @Default and dir4's index is not exposed: dir1's default answers
        assertBody("default for dir1, param is:[dir2, dir3, dir4, index]", sn + "/dir1/dir2/dir3/dir4/index");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void defaultWithoutIndexRedirectsRelativeToItsPath(String sn) throws Exception {
        // the default is no index unless the path ends with a slash, so no trailing-slash redirect
        assertRedirect(303, base() + sn + "/contact", sn + "/defnoindex");
        assertRedirect(303, base() + sn + "/defnoindex/contact", sn + "/defnoindex/");
        assertRedirect(303, base() + sn + "/defnoindex/contact", sn + "/defnoindex/page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void relativeRedirectWithExplicitStatus(String sn) throws Exception {
        Site.Reply r = Site.get(sn + "/redirect");
        assertEquals("HTTP/1.1 302 Found", r.statusLine());
        assertEquals(base() + sn + "/dir1/", r.header("Location"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void relativeRedirectFromPageWithExtraSlashResolvesAgainstThePage(String sn) throws Exception {
        // CherryPy joins relative redirects to cherrypy.url(), which drops the slash of a non-index
        assertRedirect(302, base() + sn + "/dir1/", sn + "/redirect/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void percentEncodedSegmentReachesAliasedMember(String sn) throws Exception {
        assertBody("ID is 14", sn + "/Von%20B%C3%BClow?ID=14");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void pathThatIsNotUtf8IsKeptAsLatin1(String sn) throws Exception {
        // CherryPy tries the URI encoding (UTF-8) and passes the ISO-8859-1 text through when it fails
        assertBody("ID is 14", sn + "/Von%20B%fclow?ID=14");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void encodedSlashStaysInsideItsSegment(String sn) throws Exception {
        assertBody("default:[page/name]", sn + "/page%2Fname");
        assertBody("a/b/c d", sn + "/dir1/dir2/posparam/a%2Fb/c%20d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void handlersSeeTheirScriptNameAndPathInfo(String sn) throws Exception {
        assertBody(sn, sn + "/dir1/dir2/scriptName");
        assertBody(sn + "|/where", sn + "/where");
        assertBody(sn + "|/where/", sn + "/where/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void urlIsBuiltFromBaseAndScriptName(String sn) throws Exception {
        assertBody(base() + sn + "/extra", sn + "/dir1/dir2/cherrypyUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void eachApplicationSeesItsOwnConfig(String sn) throws Exception {
        assertBody(sn.isEmpty() ? "/" : sn, sn + "/confvalue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void redirectViaUrlToParentGoesToTheMountPoint(String sn) throws Exception {
        assertRedirect(303, base() + sn + "/", sn + "/redirectViaUrl?path=./");
        assertRedirect(303, base() + sn + "/", sn + "/redirectViaUrl/?path=./");
    }

    // ---- trailing slashes --------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void indexWithoutTrailingSlashIsPermanentlyRedirected(String sn) throws Exception {
        Site.Reply r = Site.get(sn + "/dir1/dir2");
        assertEquals("HTTP/1.1 301 Moved Permanently", r.statusLine());
        assertEquals(base() + sn + "/dir1/dir2/", r.header("Location"));
    }

    @Test
    void missingSlashRedirectKeepsTheQueryString() throws Exception {
        assertRedirect(301, base() + "/foo/dir1/dir2/?x=1&y=2", "/foo/dir1/dir2?x=1&y=2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void extraTrailingSlashIsRedirectedWhereConfigured(String sn) throws Exception {
        assertRedirect(301, base() + sn + "/dir1/myMethod", sn + "/dir1/myMethod/");
    }

    @Test
    void extraTrailingSlashIsServedWhereNotConfigured() throws Exception {
        assertBody("other", "/other/");
        assertBody("other", "/foo/other/");
    }

    @Test
    void extraSlashConfiguredForWholeAppRedirectsEveryPage() throws Exception {
        assertRedirect(301, base() + "/strict/other", "/strict/other/");
        assertRedirect(301, base() + "/strict/dir1/dir2/scriptName", "/strict/dir1/dir2/scriptName/");
        // an index keeps its slash, and the app root is never redirected to ""
        assertBody("index for dir2, path is:/dir1/dir2/", "/strict/dir1/dir2/");
        assertBody("world", "/strict/");
    }

    @Test
    void missingSlashTurnedOffServesIndexWithoutSlash() throws Exception {
        assertBody("index for dir2, path is:/dir1/dir2", "/lenient/dir1/dir2");
        // extra slashes still redirect where configured: the section config is per app
        assertBody("other", "/lenient/other/");
    }

    @Test
    void trailingSlashToolOffLeavesBothAlone() throws Exception {
        assertBody("index for dir2, path is:/dir1/dir2", "/noslashtool/dir1/dir2");
        assertBody("other", "/noslashtool/other/");
    }

    // ---- punctuation, aliases, exposure ---------------------------------------------------------

    @Test
    void punctuationInSegmentsMapsToUnderscores() throws Exception {
        assertBody("OK", "/translate_html");
        assertBody("OK", "/translate.html");
        assertBody("OK", "/translate-html");
        assertBody("my page", "/my-page");
        assertBody("my page", "/my_page");
        assertBody("page.html", "/page.html");
    }

    @Test
    void aliasesReachTheSameMethod() throws Exception {
        assertBody("expose works!", "/exposing/base");
        assertBody("expose works!", "/exposing/1");
        assertBody("expose works!", "/exposing/2");
    }

    @Test
    void aliasWithPunctuationIsMatchedAfterTranslation() throws Exception {
        assertBody("about", "/exposing/about");
        assertBody("about", "/exposing/about-us");
        assertBody("about", "/exposing/about_us");
    }

    @Test
    void unexposedMembersAreNotReachable() throws Exception {
        assertBody("open", "/locked/open");
        assertNotFound("/locked/secret");
        assertNotFound("/locked/motto");
        assertNotFound("/locked/utility");
    }

    @Test
    void objectMethodsAreNotReachable() throws Exception {
        assertNotFound("/locked/toString");
        assertNotFound("/locked/hashCode");
        assertNotFound("/locked/getClass");
        assertNotFound("/locked/notify");
    }

    @Test
    void missingHandlerPageNamesThePath() throws Exception {
        Site.Reply r = Site.get("/locked/nothing/here");
        assertEquals(404, r.status());
        assertTrue(r.body().contains("The path &#x27;/locked/nothing/here&#x27; was not found."), r.body());
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
    }

    // ---- positional parameters -------------------------------------------------------------------

    @Test
    void positionalSegmentsFillVarargs() throws Exception {
        assertBody("18/24/hut/hike", "/dir1/dir2/posparam/18/24/hut/hike");
    }

    @Test
    void intermediateIndexesDoNotTakePositionalSegments() throws Exception {
        assertBody("default for dir1, param is:[dir2, 5, 3, sir]", "/dir1/dir2/5/3/sir");
    }

    @Test
    void extraPositionalSegmentsAreNotFound() throws Exception {
        assertNotFound("/dir1/dir2/scriptName/extra/stuff");
    }

    @Test
    void positionalSegmentsFillNamedParameters() throws Exception {
        assertBody("John Smith", "/params/greet/John");
        assertBody("John Doe", "/params/greet/John/Doe");
        assertNotFound("/params/greet/John/Doe/Jr");
    }

    // ---- query and body parameters ---------------------------------------------------------------

    @Test
    void namedParametersComeFromTheQueryString() throws Exception {
        assertBody("a", "/params/?thing=a");
        assertBody("John Doe", "/params/greet?first=John&last=Doe");
        assertBody("John Smith", "/params/greet?first=John");
    }

    @Test
    void namedParametersComeFromAFormBody() throws Exception {
        Site.Reply r = Site.form("/params/greet", "first=Ann&last=Lee");
        assertEquals(200, r.status(), r.body());
        assertEquals("Ann Lee", r.body());
        Site.Reply q = Site.form("/params/greet?last=Lee", "first=Ann");
        assertEquals("Ann Lee", q.body());
    }

    @Test
    void repeatedParameterArrivesAsAList() throws Exception {
        assertBody("[a, b, c]", "/params/?thing=a&thing=b&thing=c");
        assertBody("[a, b, c]", "/params/tags?tag=a&tag=b&tag=c");
        assertBody("[a]", "/params/tags?tag=a");
        assertBody("[]", "/params/tags");
    }

    @Test
    void parameterInQueryAndBodyCollectsBothQueryFirst() throws Exception {
        Site.Reply r = Site.form("/params/tags?tag=q", "tag=b");
        assertEquals(200, r.status(), r.body());
        assertEquals("[q, b]", r.body());
    }

    @Test
    void encodedPathSegmentsAndParameterNamesAreDecoded() throws Exception {
        assertBody("args: [\u00d4 \u00e3, cheese] kwargs: {Gruy\u00e8re=Bulgn\u00e9ville}",
                "/params/%C3%94%20%C3%A3/cheese?Gruy%C3%A8re=Bulgn%C3%A9ville");
    }

    @Test
    void encodedAmpersandAndEqualsStayInTheValue() throws Exception {
        assertBody("args: [code] kwargs: {url=http://cherrypy.dev/index?a=1&b=2}",
                "/params/code?url=http%3A//cherrypy.dev/index%3Fa%3D1%26b%3D2");
    }

    @Test
    void imageMapCoordinatesBecomeXAndY() throws Exception {
        assertBody("Coordinates: 223, 114", "/params/ismap?223,114");
    }

    @Test
    void defaultTakesQueryParametersThatLookLikeUrls() throws Exception {
        assertBody("default:[rel]", "/rel/?service=http://192.168.120.121:8000/x/y/z");
    }

    // ---- the tree: several applications ---------------------------------------------------------

    @Test
    void absoluteUriInRequestLineIsServed() throws Exception {
        String host = "127.0.0.1:" + Site.port();
        Site.Reply r = Site.request("GET http://" + host + "/ HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status(), r.body());
        assertEquals("world", r.body());
        Site.Reply abs = Site.request("GET http://" + host + "/abs/?service=http://192.168.0.1/x/y/z HTTP/1.1\r\nHost: "
                + host + "\r\nConnection: close\r\n\r\n");
        assertEquals("default:[abs]", abs.body());
    }

    @Test
    void isolatedApplicationDoesNotLeakIntoTheRoot() throws Exception {
        assertBody("made it!", "/isolated/");
        Site.Reply r = Site.get("/isolated/doesnt/exist");
        assertEquals(404, r.status());
        assertFalse(r.body().contains("default:"), r.body());
    }

    @Test
    void mountPointMatchesWholeSegmentsOnly() throws Exception {
        // /foobar belongs to the root app, not to the app at /foo
        assertBody("bar", "/foobar");
        assertBody("/foo|/where", "/foo/where");
    }

    @Test
    void longestMountPointWins() throws Exception {
        assertBody("/users/fred/blog|/where", "/users/fred/blog/where");
        assertBody("user fred []", "/users/fred");
        assertBody("user fred [blogs]", "/users/fred/blogs");
        assertBody("users app", "/users/");
    }

    @Test
    void requestOutsideEveryMountPointIsABareNotFound() throws Exception {
        Morello.tree().unmount("");
        try {
            Site.Reply r = Site.get("/nowhere/at/all");
            assertEquals(404, r.status());
            // CherryPy's tree answers with no body when no application matches
            assertEquals("", r.body());
        } finally {
            mountRoot("");
        }
        assertBody("default:[nowhere, at, all]", "/nowhere/at/all");
    }

    // ---- request attributes seen by handlers ----------------------------------------------------

    @Test
    void isIndexIsTrueOnlyForIndexesAndSlashedDefaults() throws Exception {
        assertBody("index true", "/probe/");
        assertBody("page false", "/probe/page");
        assertBody("page false", "/probe/page/");
        assertBody("default true [x, y]", "/probe/x/y/");
        assertBody("default false [x, y]", "/probe/x/y");
    }

    @Test
    void emptySegmentsAreIgnored() throws Exception {
        assertBody("index for dir2, path is://dir1///dir2/", "//dir1///dir2/");
        assertBody("other", "/foo//other");
    }
}
