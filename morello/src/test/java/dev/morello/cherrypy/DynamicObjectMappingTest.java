package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Param;
import dev.morello.dispatch.Dispatchable;
import dev.morello.dispatch.PopArgs;
import dev.morello.testing.Site;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nodes that resolve path segments themselves ({@link Dispatchable}, CherryPy's
 * {@code _cp_dispatch}) and {@link PopArgs} classes (CherryPy's {@code popargs}): the behaviour of
 * CherryPy's {@code test_dynamicobjectmapping.py}, through a real server.
 */
class DynamicObjectMappingTest {
    public static class SubSubRoot {
        @Expose public String index() {
            return "SubSubRoot index";
        }

        @Default public String fallback(String... args) {
            return "SubSubRoot default";
        }

        @Expose public String handler() {
            return "SubSubRoot handler";
        }

        /** An ordinary exposed page that happens to be named like the dispatch hook. */
        @Expose public String dispatch() {
            return "SubSubRoot dispatch";
        }
    }

    static final Map<String, SubSubRoot> SUB_SUB_NODES = Map.of("1", new SubSubRoot(), "2", new SubSubRoot());

    public static class SubRoot implements Dispatchable {
        @Expose public String index() {
            return "SubRoot index";
        }

        @Default public String fallback(String... args) {
            return "SubRoot " + Arrays.toString(args);
        }

        @Expose public String handler() {
            return "SubRoot handler";
        }

        /** Looks at the next segment without consuming it. */
        @Override public Object dispatch(List<String> vpath) {
            return SUB_SUB_NODES.get(vpath.get(0));
        }
    }

    static final Map<String, SubRoot> SUB_NODES = Map.of("1", new SubRoot(), "2", new SubRoot());

    public static class Root implements Dispatchable {
        public DecoratedPopArgs decorated = new DecoratedPopArgs();
        public UndecoratedPopArgs undecorated = new UndecoratedPopArgs();
        public IndexOnly index_only = new IndexOnly();
        public ParameterizedPopArgs parameter_test = new ParameterizedPopArgs();
        public Archive archive = new Archive();
        public Albums albums = new Albums();
        public Grower grower = new Grower();
        public Counting counting = new Counting();
        public Users users = new Users();

        @Expose public String index() {
            return "index";
        }

        @Default public String fallback(String... args) {
            return "default " + Arrays.toString(args);
        }

        @Expose public String handler() {
            return "handler";
        }

        @Override public Object dispatch(List<String> vpath) {
            return SUB_NODES.get(vpath.get(0));
        }
    }

    /** Reached from {@link DecoratedPopArgs} once it popped {@code a} and {@code b}. */
    public static class ABHandler implements Dispatchable {
        public static class CustomDispatch {
            @Expose public String index(String a, String b) {
                return "custom";
            }
        }

        /** Consumes nothing: dispatch must still move on. */
        @Override public Object dispatch(List<String> vpath) {
            return new CustomDispatch();
        }

        @Expose public String index(String a, Optional<String> b) {
            return "a:" + a + b.map(v -> ",b:" + v).orElse("");
        }

        @Expose public String delete(String a, String b) {
            return "deleting " + a + " and " + b;
        }
    }

    /** CherryPy's {@code popargs('a', 'b', handler=ABHandler())}, written as a Dispatchable. */
    public static class DecoratedPopArgs implements Dispatchable {
        private final ABHandler handler = new ABHandler();

        @Expose public String index() {
            return "no params";
        }

        @Expose public String hi() {
            return "hi was not interpreted as 'a' param";
        }

        @Override public Object dispatch(List<String> vpath) {
            for (String name : new String[] {"a", "b"}) {
                if (!vpath.isEmpty()) {
                    Morello.request().params().put(name, vpath.remove(0));
                }
            }
            return handler;
        }
    }

    @PopArgs("a")
    public static class UndecoratedPopArgs {
        @Expose public String index(String a) {
            return "index: " + a;
        }

        @Expose public String other(String a) {
            return "other " + a;
        }
    }

    public static class IndexOnly implements Dispatchable {
        /** Pops every segment: the index must still answer. */
        @Override public Object dispatch(List<String> vpath) {
            vpath.clear();
            return this;
        }

        @Expose public String index() {
            return "IndexOnly index";
        }
    }

    public static class ParameterizedHandler {
        private final String a;

        ParameterizedHandler(String a) {
            this.a = a;
        }

        @Expose public String index() {
            if (Morello.request().params().containsKey("a")) {
                throw new IllegalStateException("Parameterized handler argument ended up in request.params");
            }
            return a;
        }
    }

    /** CherryPy's {@code popargs('a', handler=ParameterizedHandler)}: a handler made per request. */
    public static class ParameterizedPopArgs implements Dispatchable {
        @Override public Object dispatch(List<String> vpath) {
            return new ParameterizedHandler(vpath.remove(0));
        }
    }

    @PopArgs({"year", "month"})
    public static class Archive {
        @Expose public String index(int year, @Param(defaultValue = "1") int month) {
            return year + "-" + month;
        }

        @Expose public String summary(int year, int month) {
            return "summary " + year + "-" + month;
        }

        @Expose public String hi() {
            return "hi";
        }
    }

    public static class Album {
        @Expose public String index(String album) {
            return "album " + album;
        }

        @Expose public String tracks(String album, @Param(defaultValue = "all") String which) {
            return "tracks of " + album + ": " + which;
        }
    }

    public static class Albums implements Dispatchable {
        @Expose public String index() {
            return "all albums";
        }

        @Override public Object dispatch(List<String> vpath) {
            Morello.request().params().put("album", vpath.remove(0));
            return new Album();
        }
    }

    /** Breaks the contract: it adds a segment. */
    public static class Grower implements Dispatchable {
        @Override public Object dispatch(List<String> vpath) {
            vpath.add("more");
            return this;
        }

        @Expose public String index() {
            return "grower";
        }
    }

    /** Has no index: counts how often dispatch is asked. */
    public static class Counting implements Dispatchable {
        final AtomicInteger calls = new AtomicInteger();

        @Override public Object dispatch(List<String> vpath) {
            calls.incrementAndGet();
            return null;
        }

        @Expose public String page() {
            return "page";
        }
    }

    public static class Users {
        @Default public String user(String name, String... rest) {
            return "user " + name + " " + Arrays.toString(rest);
        }
    }

    static Root root;

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            for (String sn : ObjectMappingTest.MOUNTS) {
                Morello.tree().mount(new Root(), sn, Map.of("/", Map.of("user", sn.isEmpty() ? "/" : sn)));
            }
        });
        root = (Root) Morello.tree().app("").root();
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    private static void assertBody(String expected, String target) throws Exception {
        Site.Reply r = Site.get(target);
        assertEquals(200, r.status(), () -> target + " -> " + r.statusLine() + "\n" + r.body());
        assertEquals(expected, r.body(), target);
    }

    // ---- Dispatchable nodes ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void membersAnswerBeforeDispatchIsAsked(String sn) throws Exception {
        assertBody("index", sn + "/");
        assertBody("handler", sn + "/handler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void nodeReturnedByDispatchAnswersTheRest(String sn) throws Exception {
        assertBody("SubRoot index", sn + "/1/");
        assertBody("SubRoot index", sn + "/2/");
        assertBody("SubRoot handler", sn + "/1/handler");
        assertBody("SubRoot handler", sn + "/2/handler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void dispatchReturningNothingFallsBackToTheDefault(String sn) throws Exception {
        assertBody("default [asdf]", sn + "/asdf/");
        assertBody("default [asdf, asdf]", sn + "/asdf/asdf");
        assertBody("default [asdf, handler]", sn + "/asdf/handler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void dispatchNestsAcrossLevels(String sn) throws Exception {
        assertBody("SubSubRoot index", sn + "/1/1/");
        assertBody("SubSubRoot index", sn + "/2/2/");
        assertBody("SubSubRoot handler", sn + "/1/1/handler");
        assertBody("SubSubRoot handler", sn + "/2/2/handler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void exposedMethodNamedDispatchIsAPageNotTheHook(String sn) throws Exception {
        assertBody("SubSubRoot dispatch", sn + "/2/2/dispatch");
        assertBody("SubSubRoot default", sn + "/2/2/foo/foo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/foo", "/users/fred/blog", "/corp/blog", "/using/a/deep/path"})
    void failedNestedDispatchFallsBackToTheParentsDefault(String sn) throws Exception {
        assertBody("SubRoot [asdf]", sn + "/1/asdf/");
        assertBody("SubRoot [asdf, asdf]", sn + "/1/asdf/asdf");
        assertBody("SubRoot [asdf, handler]", sn + "/1/asdf/handler");
    }

    @Test
    void indexReachedThroughDispatchWithoutSlashIsRedirected() throws Exception {
        Site.Reply r = Site.get("/foo/1");
        assertEquals(301, r.status(), r.body());
        assertEquals("http://127.0.0.1:" + Site.port() + "/foo/1/", r.header("Location"));
    }

    @Test
    void dispatchPoppingEverySegmentLeavesTheIndex() throws Exception {
        assertBody("IndexOnly index", "/index_only/a/b/c/d/e/f/g/");
    }

    @Test
    void dispatchIsNotAskedForTheVirtualIndexSegment() throws Exception {
        int before = root.counting.calls.get();
        Site.Reply r = Site.get("/counting/");
        // nothing answers /counting/ itself: the root's default takes it
        assertEquals("default [counting]", r.body());
        assertEquals(before, root.counting.calls.get());
        assertBody("page", "/counting/page");
        assertEquals(before, root.counting.calls.get());
        assertBody("default [counting, nope]", "/counting/nope");
        assertEquals(before + 1, root.counting.calls.get());
    }

    @Test
    void nodeThatAddsSegmentsIsAServerError() throws Exception {
        Site.Reply r = Site.get("/grower/x/");
        assertEquals(500, r.status(), r.body());
    }

    @Test
    void dispatchCanPutSegmentsIntoParameters() throws Exception {
        assertBody("all albums", "/albums/");
        assertBody("album 42", "/albums/42/");
        assertBody("tracks of 42: all", "/albums/42/tracks");
        assertBody("tracks of 42: best", "/albums/42/tracks?which=best");
    }

    // ---- popargs ----------------------------------------------------------------------------------

    @Test
    void popArgsHandlerSeesNoParamsAtItsOwnIndex() throws Exception {
        assertBody("no params", "/decorated/");
    }

    @Test
    void exposedMemberIsNotTakenAsAPoppedArgument() throws Exception {
        assertBody("hi was not interpreted as 'a' param", "/decorated/hi");
        assertBody("hi", "/archive/hi");
    }

    @Test
    void poppedSegmentsBecomeNamedParameters() throws Exception {
        assertBody("a:yo", "/decorated/yo/");
        assertBody("a:yo,b:there", "/decorated/yo/there/");
        assertBody("deleting yo and there", "/decorated/yo/there/delete");
    }

    @Test
    void nodeThatConsumesNothingStillMovesDispatchOn() throws Exception {
        assertBody("custom", "/decorated/yo/there/handled_by_dispatch/");
    }

    @Test
    void popArgsAnnotationContinuesOnTheSameObject() throws Exception {
        assertBody("index: blah", "/undecorated/blah/");
        assertBody("other blah", "/undecorated/blah/other");
    }

    @Test
    void handlerMadePerRequestGetsTheSegmentNotTheParams() throws Exception {
        assertBody("argument2", "/parameter_test/argument2/");
    }

    @Test
    void poppedSegmentsAreConvertedToTheParameterTypes() throws Exception {
        assertBody("2026-11", "/archive/2026/11/");
        assertBody("2026-1", "/archive/2026/");
        assertBody("summary 2026-11", "/archive/2026/11/summary");
    }

    @Test
    void poppedSegmentThatDoesNotConvertIsABadRequestNamingIt() throws Exception {
        Site.Reply r = Site.get("/archive/2026/nov/");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("month"), r.body());
    }

    @Test
    void poppedSegmentTheHandlerDoesNotTakeIsNotFound() throws Exception {
        // popped parameters are not body parameters, so CherryPy counts them with the URL's: 404
        Site.Reply r = Site.get("/archive/2026/11/hi");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.body().contains("Unexpected query string parameters: "), r.body());
    }

    // ---- handlers whose path segments become parameters -------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/users/bob|user bob []",
        "/users/bob/x/y|user bob [x, y]",
        "/users/bob/x/y/|user bob [x, y]",
        "/users/a%2Fb/c%20d|user a/b [c d]",
    })
    void defaultSegmentsFillNamedThenVarargsParameters(String target, String body) throws Exception {
        assertBody(body, target);
    }

    @Test
    void defaultWithTooFewSegmentsIsMissingAParameter() throws Exception {
        Site.Reply r = Site.get("/users/");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.body().contains("Missing parameters: name"), r.body());
    }

    @Test
    void nameGivenAsSegmentAndInQueryIsNotFound() throws Exception {
        Site.Reply r = Site.get("/users/bob?name=alice");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.body().contains("Multiple values for parameters: name"), r.body());
    }

    @Test
    void nameGivenAsSegmentOnlyInQueryFillsTheParameter() throws Exception {
        assertBody("user alice []", "/users/?name=alice");
    }
}
