package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.PageHandler;
import dev.morello.Param;
import dev.morello.testing.Site;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What happens when the request's parameters do not fit the handler's signature: the behaviour of
 * CherryPy's {@code testParamErrors} (and its parameter checks), through a real server. A Java
 * {@code Map<String, Object>} parameter plays Python's {@code **kwargs} and {@code String...}
 * plays {@code *args}.
 *
 * <p>The same tree is mounted twice: at {@code /paramerrors} with the mismatch messages shown
 * (the default) and at {@code /quiet} with {@code request.show_mismatched_params} off.
 */
class ParamErrorsTest {
    enum Color { RED, GREEN, BLUE }

    public static class ParamErrors {
        /** A handler object: it sees the request and takes whatever it holds. */
        public PageHandler callableObject = request -> "data " + request.args() + " " + new TreeMap<>(request.params());

        @Expose public String onePositional(String param1) {
            return "data";
        }

        @Expose public String onePositionalArgs(String param1, String... args) {
            return "data";
        }

        @Expose public String onePositionalArgsKwargs(String param1, Map<String, Object> kwargs, String... args) {
            return "data";
        }

        @Expose public String onePositionalKwargs(String param1, Map<String, Object> kwargs) {
            return "data";
        }

        @Expose public String noPositional() {
            return "data";
        }

        @Expose public String noPositionalArgs(String... args) {
            return "data";
        }

        @Expose public String noPositionalArgsKwargs(Map<String, Object> kwargs, String... args) {
            return "data";
        }

        @Expose public String noPositionalKwargs(Map<String, Object> kwargs) {
            return "data";
        }

        @Expose public String twoRequired(String a, String b) {
            return a + b;
        }

        /** The parameters fit; the handler itself fails with Java's nearest kin of a TypeError. */
        @Expose public String raiseTypeError(Map<String, Object> kwargs) {
            throw new IllegalArgumentException("Client Error");
        }

        @Expose public String raiseTypeErrorWithDefaultParam(String x, Optional<String> y) {
            Object notANumber = "a";
            return Integer.toString((Integer) notANumber);
        }

        @Expose public String echoArgs(String first, Map<String, Object> kwargs, String... rest) {
            return first + " " + Arrays.toString(rest) + " " + new TreeMap<>(kwargs);
        }
    }

    public static class Typed {
        @Expose public String count(int n) {
            return "n=" + n;
        }

        @Expose public String page(Optional<Integer> page) {
            return page.map(p -> "page " + p).orElse("no page");
        }

        @Expose public String paint(Color color) {
            return color.name();
        }

        @Expose public String generate(@Param(defaultValue = "9") int length) {
            return "x".repeat(length);
        }

        @Expose public String search(@Param("q") String query) {
            return "searching " + query;
        }

        @Expose public String flag(boolean on) {
            return "on=" + on;
        }

        @Expose public String ids(List<Integer> id) {
            return "ids=" + id;
        }

        @Expose public String scale(double factor) {
            return "factor=" + factor;
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new ParamErrors(), "/paramerrors");
            Morello.tree().mount(new ParamErrors(), "/quiet", Map.of("/", Map.of("request.show_mismatched_params", false)));
            Morello.tree().mount(new Typed(), "/typed");
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    private static Site.Reply form(String target, String body) throws Exception {
        return Site.form(target, body);
    }

    // ---- parameters that fit ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "/onePositional?param1=foo",
        "/onePositionalArgs?param1=foo",
        "/onePositionalArgs/foo",
        "/onePositionalArgs/foo/bar/baz",
        "/onePositionalArgsKwargs?param1=foo&param2=bar",
        "/onePositionalArgsKwargs/foo?param2=bar&param3=baz",
        "/onePositionalArgsKwargs/foo/bar/baz?param2=bar&param3=baz",
        "/onePositionalKwargs?param1=foo&param2=bar&param3=baz",
        "/onePositionalKwargs/foo?param4=foo&param2=bar&param3=baz",
        "/noPositional",
        "/noPositionalArgs/foo",
        "/noPositionalArgs/foo/bar/baz",
        "/noPositionalArgsKwargs?param1=foo&param2=bar",
        "/noPositionalArgsKwargs/foo?param2=bar",
        "/noPositionalArgsKwargs/foo/bar/baz?param2=bar&param3=baz",
        "/noPositionalKwargs?param1=foo&param2=bar",
    })
    void fittingParametersAreServed(String path) throws Exception {
        for (String mount : new String[] {"/paramerrors", "/quiet"}) {
            Site.Reply r = Site.get(mount + path);
            assertEquals(200, r.status(), () -> mount + path + "\n" + r.body());
            assertEquals("data", r.body());
        }
    }

    @Test
    void kwargsTakeTheExtraParametersAndVarargsTheExtraSegments() throws Exception {
        Site.Reply r = Site.get("/paramerrors/echoArgs/one/two/three?b=2&a=1");
        assertEquals(200, r.status(), r.body());
        assertEquals("one [two, three] {a=1, b=2}", r.body());
        Site.Reply body = form("/paramerrors/echoArgs/one?b=2", "a=1");
        assertEquals("one [] {a=1, b=2}", body.body());
    }

    @Test
    void handlerObjectTakesAnySegmentsAndParameters() throws Exception {
        // CherryPy inspects a callable object's __call__ signature; a Java PageHandler has a fixed
        // signature and reads what it wants from the request, so nothing is a mismatch for it
        assertEquals("data [] {}", Site.get("/paramerrors/callableObject").body());
        assertEquals("data [boo] {param1=foo}", Site.get("/paramerrors/callableObject/boo?param1=foo").body());
        assertEquals("data [] {param1=foo}", form("/paramerrors/callableObject", "param1=foo").body());
    }

    // ---- 404: the URL does not fit ----------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/onePositional|Missing parameters: param1",
        "/onePositional?foo=foo|Missing parameters: param1",
        "/onePositional/foo/bar/baz|Nothing matches the given URI",
        "/onePositional/foo?param1=foo|Multiple values for parameters: param1",
        "/onePositional/foo?param1=foo&param2=foo|Multiple values for parameters: param1",
        "/onePositionalArgs/foo?param1=foo&param2=foo|Multiple values for parameters: param1",
        "/onePositionalArgs/foo/bar/baz?param2=foo|Unexpected query string parameters: param2",
        "/onePositionalArgsKwargs/foo/bar/baz?param1=bar&param3=baz|Multiple values for parameters: param1",
        "/onePositionalKwargs/foo?param1=foo&param2=bar&param3=baz|Multiple values for parameters: param1",
        "/noPositional/boo|Nothing matches the given URI",
        "/noPositional?param1=foo|Unexpected query string parameters: param1",
        "/noPositionalArgs/boo?param1=foo|Unexpected query string parameters: param1",
        "/noPositionalKwargs/boo?param1=foo|Nothing matches the given URI",
        "/twoRequired|Missing parameters: a,b",
        "/twoRequired?b=1|Missing parameters: a",
    })
    void urlThatDoesNotFitIsNotFound(String path, String message) throws Exception {
        Site.Reply shown = Site.get("/paramerrors" + path);
        assertEquals(404, shown.status(), shown.body());
        assertTrue(shown.body().contains(message), shown.body());

        Site.Reply quiet = Site.get("/quiet" + path);
        assertEquals(404, quiet.status(), quiet.body());
        assertTrue(quiet.body().contains("404 Not Found"), quiet.body());
        assertHidesMismatch(quiet.body());
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/onePositional?param2=foo|param1=foo|Unexpected query string parameters: param2",
        "/onePositional/foo/bar|param2=foo|Nothing matches the given URI",
        "/onePositionalArgs/foo/bar?param2=foo|param3=foo|Unexpected query string parameters: param2",
        "/onePositionalKwargs/foo/bar|param2=bar&param3=baz|Nothing matches the given URI",
        "/noPositional?param1=foo|param2=foo|Unexpected query string parameters: param1",
        "/noPositionalArgs/boo?param2=foo|param1=foo|Unexpected query string parameters: param2",
    })
    void postWhoseUrlDoesNotFitIsNotFound(String path, String body, String message) throws Exception {
        Site.Reply shown = form("/paramerrors" + path, body);
        assertEquals(404, shown.status(), shown.body());
        assertTrue(shown.body().contains(message), shown.body());

        Site.Reply quiet = form("/quiet" + path, body);
        assertEquals(404, quiet.status(), quiet.body());
        assertTrue(quiet.body().contains("404 Not Found"), quiet.body());
        assertHidesMismatch(quiet.body());
    }

    // ---- 400: the body does not fit ---------------------------------------------------------------

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/onePositional/foo|param1=foo|Multiple values for parameters: param1",
        "/onePositional/foo|param1=foo&param2=foo|Multiple values for parameters: param1",
        "/onePositionalArgs/foo|param1=foo&param2=foo|Multiple values for parameters: param1",
        "/onePositionalArgs/foo/bar/baz|param2=foo|Unexpected body parameters: param2",
        "/onePositionalArgsKwargs/foo/bar/baz|param1=bar&param3=baz|Multiple values for parameters: param1",
        "/onePositionalKwargs/foo|param1=foo&param2=bar&param3=baz|Multiple values for parameters: param1",
        "/noPositional|param1=foo|Unexpected body parameters: param1",
        "/noPositionalArgs/boo|param1=foo|Unexpected body parameters: param1",
    })
    void bodyThatDoesNotFitIsABadRequest(String path, String body, String message) throws Exception {
        Site.Reply shown = form("/paramerrors" + path, body);
        assertEquals(400, shown.status(), shown.body());
        assertTrue(shown.body().contains(message), shown.body());

        Site.Reply quiet = form("/quiet" + path, body);
        assertEquals(400, quiet.status(), quiet.body());
        assertTrue(quiet.body().contains("400 Bad Request"), quiet.body());
        assertHidesMismatch(quiet.body());
    }

    @Test
    void nameInBothQueryAndBodyCountsAsABodyParameterForDuplicates() throws Exception {
        // CherryPy takes a name the body carries as a body parameter (query names are the rest)
        Site.Reply r = form("/paramerrors/onePositional/foo?param1=a", "param1=b");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("Multiple values for parameters: param1"), r.body());
    }

    @Test
    void nameInBothQueryAndBodyCountsAsABodyParameterWhenUnexpected() throws Exception {
        Site.Reply r = form("/paramerrors/noPositional?param1=a", "param1=b");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("Unexpected body parameters: param1"), r.body());
    }

    private static void assertHidesMismatch(String body) {
        for (String m : new String[] {"Missing parameters", "Multiple values", "Unexpected query", "Unexpected body"}) {
            assertFalse(body.contains(m), body);
        }
    }

    // ---- errors from inside the handler -----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "/paramerrors/raiseTypeError",
        "/paramerrors/raiseTypeErrorWithDefaultParam?x=0",
        "/paramerrors/raiseTypeErrorWithDefaultParam?x=0&y=0",
    })
    void failureInsideAFittingHandlerIsAServerError(String target) throws Exception {
        Site.Reply r = Site.get(target);
        assertEquals(500, r.status(), r.body());
        assertTrue(r.body().contains("500 Internal Server Error"), r.body());
    }

    // ---- conversion to the declared types ---------------------------------------------------------

    @Test
    void integerParameterIsConvertedFromQueryOrSegment() throws Exception {
        assertEquals("n=5", Site.get("/typed/count?n=5").body());
        assertEquals("n=-7", Site.get("/typed/count/-7").body());
        assertEquals("n=3", form("/typed/count", "n=3").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/typed/count?n=abc", "/typed/count?n=%2B10", "/typed/count/1.5", "/typed/count?n="})
    void valueThatIsNoIntegerIsABadRequestNamingTheParameter(String target) throws Exception {
        Site.Reply r = Site.get(target);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("Parameter &#x27;n&#x27; must be an integer."), r.body());
    }

    @Test
    void missingPrimitiveIsAMissingParameter() throws Exception {
        Site.Reply r = Site.get("/typed/count");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.body().contains("Missing parameters: n"), r.body());
    }

    @Test
    void singleValueParameterGivenTwiceIsABadRequest() throws Exception {
        // Python would pass the list on; a Java int cannot hold two values
        Site.Reply r = Site.get("/typed/count?n=1&n=2");
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("&#x27;n&#x27;"), r.body());
    }

    @Test
    void optionalParameterMayBeAbsent() throws Exception {
        assertEquals("no page", Site.get("/typed/page").body());
        assertEquals("page 3", Site.get("/typed/page?page=3").body());
        Site.Reply bad = Site.get("/typed/page?page=three");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("&#x27;page&#x27;"), bad.body());
    }

    @Test
    void enumParameterTakesAConstantName() throws Exception {
        assertEquals("GREEN", Site.get("/typed/paint?color=GREEN").body());
        assertEquals("BLUE", Site.get("/typed/paint?color=blue").body());
        Site.Reply bad = Site.get("/typed/paint?color=purple");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("one of RED, GREEN, BLUE"), bad.body());
    }

    @Test
    void defaultValueIsUsedWhenAbsentAndConvertedLikeASentOne() throws Exception {
        assertEquals("xxxxxxxxx", Site.get("/typed/generate").body());
        assertEquals("xxx", Site.get("/typed/generate?length=3").body());
        assertEquals("xxxx", Site.get("/typed/generate/4").body());
    }

    @Test
    void paramAnnotationRenamesTheRequestParameter() throws Exception {
        assertEquals("searching cats", Site.get("/typed/search?q=cats").body());
        Site.Reply byJavaName = Site.get("/typed/search?query=cats");
        assertEquals(404, byJavaName.status(), byJavaName.body());
        assertTrue(byJavaName.body().contains("Missing parameters: q"), byJavaName.body());
    }

    @Test
    void booleanAndDoubleParametersAreConverted() throws Exception {
        assertEquals("on=true", Site.get("/typed/flag?on=on").body());
        assertEquals("on=false", Site.get("/typed/flag?on=false").body());
        assertEquals(400, Site.get("/typed/flag?on=maybe").status());
        assertEquals("factor=2.5", Site.get("/typed/scale?factor=2.5").body());
        assertEquals(400, Site.get("/typed/scale?factor=NaN").status());
    }

    @Test
    void listParameterConvertsEachValue() throws Exception {
        assertEquals("ids=[1, 2, 3]", Site.get("/typed/ids?id=1&id=2&id=3").body());
        assertEquals("ids=[]", Site.get("/typed/ids").body());
        Site.Reply bad = Site.get("/typed/ids?id=1&id=x");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("&#x27;id&#x27;"), bad.body());
    }
}
