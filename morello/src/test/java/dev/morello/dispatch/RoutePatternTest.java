package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Route patterns: what parses to what, what is refused at connect, and the tree's choice among routes. */
class RoutePatternTest {
    public static class Controller {
        public String index() {
            return "";
        }
    }

    private static RoutePattern parse(String pattern) {
        return RoutePattern.parse(pattern, Map.of(), Set.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/a/{b",            // unbalanced
        "/a/b}",
        "/{x:\\d{4}",
        "/{x}/{x}",         // duplicate names
        "/:x/{x}",
        "/{x}.{x}",
        "/{x}/{*x}",
        "/{}",              // empty or bad names
        "/{:\\d+}",
        "/{1x}",
        "/{a-b}",
        "/{x:}",            // empty requirement
        "/{x:[}",           // regex that does not compile
        "/{*rest}/more",    // rest not last
        "/a{*rest}",
        "/{*rest}/",
        "/:(x",
    })
    void malformedPatternIsRefusedAtConnect(String pattern) {
        RoutesDispatcher d = new RoutesDispatcher();
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", pattern, new Controller()));
    }

    @Test
    void requirementGivenTwiceIsRefused() {
        RoutesDispatcher d = new RoutesDispatcher();
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", "/{id:\\d+}", new Controller(), "index",
                Map.of("requirements", Map.of("id", "\\w+"))));
    }

    @Test
    void badOptionsAreRefused() {
        RoutesDispatcher d = new RoutesDispatcher();
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", "/a", new Controller(), "index",
                Map.of("conditions", "GET")));
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", "/a", new Controller(), "index",
                Map.of("conditions", Map.of("host", "x"))));
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", "/a", new Controller(), "index",
                Map.of("requirements", "\\d+")));
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", "/a", null));
    }

    /** Not public, so no instance can be made per request. */
    static class Hidden {
    }

    @Test
    void controllerClassWithoutPublicConstructorIsRefused() {
        RoutesDispatcher d = new RoutesDispatcher();
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", "/a", Hidden.class));
        assertThrows(IllegalArgumentException.class, () -> d.connect("r", "/a", List.class));
    }

    @Test
    void parsesEachSegmentKind() {
        RoutePattern p = parse("/blog/{year:\\d{4}}/:slug/{name}.{ext}/{*rest}");
        List<RoutePattern.Segment> s = p.segments();
        assertEquals(4, s.size());
        assertEquals(new RoutePattern.Literal("blog"), s.get(0));
        RoutePattern.Variable year = assertInstanceOf(RoutePattern.Variable.class, s.get(1));
        assertEquals("\\d{4}", year.regex().pattern());
        RoutePattern.Variable slug = assertInstanceOf(RoutePattern.Variable.class, s.get(2));
        assertNull(slug.regex());
        RoutePattern.Mixed mixed = assertInstanceOf(RoutePattern.Mixed.class, s.get(3));
        assertEquals(List.of("name", "ext"), mixed.names());
        assertEquals("rest", p.rest());
        assertEquals(List.of("year", "slug", "name", "ext", "rest"), p.variables());
        assertFalse(p.trailingSlash());
    }

    @Test
    void colonVariableEndsAtTheFirstNonNameCharacter() {
        RoutePattern p = parse("/:id.json");
        RoutePattern.Mixed m = assertInstanceOf(RoutePattern.Mixed.class, p.segments().get(0));
        assertEquals(List.of("id"), m.names());
        assertEquals(new RoutePattern.Literal("a:1"), parse("/a:1").segments().get(0));
        assertEquals(new RoutePattern.Literal("a*"), parse("/a*").segments().get(0));
    }

    @Test
    void leadingAndTrailingSlashes() {
        assertEquals(0, parse("/").segments().size());
        assertEquals(0, parse("").segments().size());
        assertEquals(List.of(new RoutePattern.Literal("a")), parse("a").segments());
        assertTrue(parse("/a/").trailingSlash());
        assertFalse(parse("/a").trailingSlash());
    }

    @Test
    void onlyTrailingDefaultedVariablesMayBeLeftOff() {
        assertEquals(1, RoutePattern.parse("/a/{x}/{y}", Map.of(), Set.of("x", "y")).optionalFrom());
        assertEquals(3, RoutePattern.parse("/a/{x}/{y}", Map.of(), Set.of("x")).optionalFrom());
        assertEquals(2, RoutePattern.parse("/a/{x}/{y}", Map.of(), Set.of("y")).optionalFrom());
        assertEquals(3, RoutePattern.parse("/a/{x}/{y}", Map.of(), Set.of()).optionalFrom());
        assertEquals(3, RoutePattern.parse("/a/{x}/b", Map.of(), Set.of("x")).optionalFrom());
    }

    @Test
    void requirementFromOptionsAppliesToItsVariable() {
        RoutePattern p = RoutePattern.parse("/{id}", Map.of("id", "\\d+"), Set.of());
        assertTrue(RoutePattern.matches(p.segments().get(0), "12"));
        assertFalse(RoutePattern.matches(p.segments().get(0), "12a"));
        assertFalse(RoutePattern.matches(p.segments().get(0), ""));
    }

    @Test
    void capturedValuesDecodeEncodedSlashes() {
        RoutePattern p = parse("/{a}/{*rest}");
        Map<String, String> out = new LinkedHashMap<>();
        RouteTree.Path path = RouteTree.Path.of("/x%2Fy/b%2Fc/d");
        p.capture(path.segs, 1, path.restFrom(1), out);
        assertEquals(Map.of("a", "x/y", "rest", "b/c/d"), out);
    }

    @Test
    void segmentsWithTheSameRequirementShareAnEdge() {
        assertEquals(RoutePattern.key(parse("/{a}").segments().get(0)), RoutePattern.key(parse("/{b}").segments().get(0)));
        assertEquals(RoutePattern.key(parse("/{a:\\d+}").segments().get(0)),
                RoutePattern.key(parse("/{b:\\d+}").segments().get(0)));
        assertFalse(RoutePattern.key(parse("/{a}").segments().get(0))
                .equals(RoutePattern.key(parse("/{a:\\d+}").segments().get(0))));
    }

    // ---- the tree's choice ---------------------------------------------------------------

    private static final Controller C = new Controller();

    private static String winner(RoutesDispatcher d, String method, String path) {
        RoutesDispatcher.Match m = d.match(method, path);
        return m == null ? null : m.name();
    }

    @Test
    void firstConnectedWinsWhateverTheSegmentKind() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("var-first", "/a/{x}/c", C)
                .connect("literal", "/a/b/c", C)
                .connect("rest", "/a/{*r}", C)
                .connect("other", "/a/b/{y}", C);
        assertEquals("var-first", winner(d, "GET", "/a/b/c"));
        assertEquals("rest", winner(d, "GET", "/a/b/d"));
        assertEquals("rest", winner(d, "GET", "/a"));
    }

    @Test
    void laterRouteAnswersWhenEarlierOneRefusesTheMethod() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("post-only", "/x/{id}", C, "index", Map.of("conditions", Map.of("method", List.of("post"))))
                .connect("any", "/x/{id}", C);
        assertEquals("post-only", winner(d, "POST", "/x/1"));
        assertEquals("any", winner(d, "GET", "/x/1"));
    }

    @Test
    void backtracksFromALiteralBranchThatDeadEnds() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("deep-literal", "/a/b/c/d", C)
                .connect("var", "/a/{x}/c/e", C);
        assertEquals("var", winner(d, "GET", "/a/b/c/e"));
        assertEquals("deep-literal", winner(d, "GET", "/a/b/c/d"));
    }

    @Test
    void trailingSlashIsIgnoredUnlessThePatternAsksForIt() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("plain", "/p", C)
                .connect("slashed", "/s/", C);
        assertEquals("plain", winner(d, "GET", "/p/"));
        assertEquals("plain", winner(d, "GET", "/p"));
        assertEquals("slashed", winner(d, "GET", "/s/"));
        assertNull(winner(d, "GET", "/s"));
    }

    @Test
    void routesConnectedAfterAMatchAreSeen() {
        RoutesDispatcher d = new RoutesDispatcher().connect("one", "/one", C);
        assertNull(winner(d, "GET", "/two"));
        d.connect("two", "/two", C);
        assertEquals("two", winner(d, "GET", "/two"));
    }

    @Test
    void manyRoutesStillFindTheirOwn() {
        RoutesDispatcher d = new RoutesDispatcher();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            d.connect("r" + i, "/r" + i + "/items/{id}", C);
            names.add("r" + i);
        }
        for (int i = 0; i < 500; i += 37) {
            RoutesDispatcher.Match m = d.match("GET", "/r" + i + "/items/9");
            assertEquals("r" + i, m.name());
            assertEquals(Map.of("id", "9"), m.variables());
        }
        assertNull(d.match("GET", "/r500/items/9"));
    }

    @Test
    void controllerVariableNamesTheRouteWhoseControllerAnswers() {
        Controller other = new Controller();
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("pages", "/pages", other)
                .connect(null, "/{controller}/{action}", C);
        RoutesDispatcher.Match m = d.match("GET", "/pages/index");
        assertEquals(other, m.controller());
        assertEquals("index", m.action());
        assertEquals(Map.of(), m.variables());
        assertNull(d.match("GET", "/nobody/index").controller());
    }

    // ---- requirements that span segments (Routes' {name:regex}) ---------------------------

    @ParameterizedTest
    @ValueSource(strings = {"\\d+", "\\d{4}", "[a-z]+", "[a-z0-9_-]+", "\\w+", "\\w{3}-\\d+", "(?i)[a-f]+",
        "[0-9A-Fa-f]{8}", "a|b", "(?:ab)+", "(?<year>\\d{4})", "\\.html", "[.]json", "[!-.]", "[0-~]", "[a\\-z]",
        "\\s*", "x\\bx"})
    void aRequirementThatCannotMatchASlashStaysInItsSegment(String regex) {
        assertTrue(RoutePattern.staysInSegment(regex), regex);
        assertFalse(parse("/{v:" + regex + "}").segments().get(0) instanceof RoutePattern.Variable v && v.spans());
        assertNull(parse("/a/{v:" + regex + "}").tail());
    }

    @ParameterizedTest
    @ValueSource(strings = {".*", ".+", "a.b", "[^.]+", "[^/]+", "\\S+", "\\D+", "\\W", "[!-~]+", "[ -0]",
        "[a-z/]+", "[a-z]+/[a-z]+", "\\p{Punct}", "\\x2F", "\\u002f", "\\057", "\\Q/\\E", "(?s)x", "(?x)a b",
        "[[a-z]&&[^b]]", "(a)\\1", "\\/"})
    void aRequirementThatMayMatchASlashGoesToTheTail(String regex) {
        assertFalse(RoutePattern.staysInSegment(regex), regex);
    }

    @Test
    void aSpanningRequirementMakesTheRestOfThePatternOneRegex() {
        RoutePattern p = parse("/files/{path:.*}");
        RoutePattern.Tail tail = p.tail();
        assertEquals(1, tail.from());
        assertEquals(List.of("path"), tail.names());
        RoutePattern q = parse("/a/{x}/{p:[a-z]+/[a-z]+}/end/{id:\\d+}.{ext}/");
        assertEquals(2, q.tail().from());
        assertEquals(List.of("p", "id", "ext"), q.tail().names());
        assertTrue(q.tail().regex().matcher("ab/cd/end/12.json/").matches());
        assertFalse(q.tail().regex().matcher("ab/cd/end/12.json").matches(), "the pattern asks for the slash");
        assertFalse(q.tail().regex().matcher("ab/cd/end/1/2.json/").matches(), "a plain variable is one segment");
    }

    static String[] match(RoutesDispatcher d, String path) {
        RoutesDispatcher.Match m = d.match("GET", path);
        return m == null ? null : new String[] {m.name(), m.variables().toString()};
    }

    @Test
    void aSpanningRequirementMatchesAcrossSegmentsAsRoutesDoes() {
        // The values are what Routes 2.5's Mapper gives for the same patterns and paths.
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("file", "/files/{path:.*}", C)
                .connect("pair", "/{a:[a-z]+/[a-z]+}/end", C)
                .connect("page", "/docs/{name:.+}.html", C);
        assertEquals("file {path=a/b/c}", String.join(" ", match(d, "/files/a/b/c")));
        assertEquals("file {path=}", String.join(" ", match(d, "/files/")));
        assertEquals("file {path=a/b/}", String.join(" ", match(d, "/files/a/b/")), "the regex takes the slash");
        assertEquals("pair {a=ab/cd}", String.join(" ", match(d, "/ab/cd/end")));
        assertNull(match(d, "/ab/end"));
        assertNull(match(d, "/ab/cd/ef/end"));
        assertEquals("page {name=guide/intro}", String.join(" ", match(d, "/docs/guide/intro.html")));
        assertNull(match(d, "/docs/guide/intro.txt"));
    }

    @Test
    void aSpanningRequirementIgnoresATrailingSlashThePatternDoesNotAskFor() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("pair", "/{a:[a-z]+/[a-z]+}/end", C)
                .connect("dir", "/d/{p:[a-z/]+}/", C);
        assertEquals("pair {a=ab/cd}", String.join(" ", match(d, "/ab/cd/end/")));
        assertEquals("dir {p=x/y}", String.join(" ", match(d, "/d/x/y/")));
        assertNull(match(d, "/d/x/y"), "a pattern ending in a slash asks for it");
    }

    @Test
    void anEncodedSlashNeverSeparatesSegmentsAndIsDecodedInTheValue() {
        RoutesDispatcher d = new RoutesDispatcher().connect("pair", "/{a:[a-z%0-9A-F]+/[a-z]+}/end", C);
        assertEquals("pair {a=a/b/c}", String.join(" ", match(d, "/a%2Fb/c/end")));
    }

    @Test
    void earlierRoutesStillWinOverATail() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("one", "/files/readme", C)
                .connect("all", "/files/{path:.*}", C)
                .connect("later", "/files/{name}", C);
        assertEquals("one", match(d, "/files/readme")[0]);
        assertEquals("all", match(d, "/files/other")[0]);
        assertEquals("all", match(d, "/files/a/b")[0]);
    }

    @Test
    void aTailAllowsOnlyTheMethodsOfItsRoute() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("put", "/blob/{key:.+}", C, "index", Map.of("conditions", Map.of("method", List.of("PUT"))));
        assertNull(d.match("GET", "/blob/a/b"));
        assertEquals("put", d.match("PUT", "/blob/a/b").name());
    }

    @Test
    void aRequirementFromTheOptionsMaySpanToo() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("file", "/files/{path}", C, "index", Map.of("requirements", Map.of("path", ".*")));
        assertEquals("file {path=a/b}", String.join(" ", match(d, "/files/a/b")));
    }

    @Test
    void reverseRoutingKeepsTheSlashesOfASpanningValue() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("file", "/files/{path:.*}", C)
                .connect("plain", "/p/{name}", C);
        assertEquals("/files/a/b%20c/d", d.url("file", Map.of("path", "a/b c/d")));
        assertEquals("/p/a%2Fb", d.url("plain", Map.of("name", "a/b")));
        assertThrows(IllegalArgumentException.class,
                () -> new RoutesDispatcher().connect("d", "/d/{x:[a-z]+/[a-z]+}", C).url("d", Map.of("x", "abc")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/files/{path:.*}/{*rest}",      // two parts that would both take the rest of the path
        "/a/{x:.*}/{y:(a)\\1}",          // a numbered back-reference in a larger regex
        "/a/{x:.*}/{y:^\\d+$}",          // anchors in a larger regex
        "/a/{x:^.*}",
        "/a/{x:\\d+}.{ext:json$}",      // a mixed segment is a larger regex too
    })
    void aRequirementALargerRegexCannotHonourIsRefusedNamingThePatternAndWhy(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoutesDispatcher().connect("r", pattern, C));
        assertTrue(e.getMessage().startsWith("route " + pattern + ": "), e.getMessage());
    }

    @Test
    void anAnchoredRequirementAloneInItsSegmentStillWorks() {
        RoutesDispatcher d = new RoutesDispatcher().connect("n", "/n/{id:^\\d+$}", C);
        assertEquals("n {id=42}", String.join(" ", match(d, "/n/42")));
    }

    @Test
    void aTailWhoseVariablesAllHaveDefaultsMayBeLeftOffWhole() {
        RoutesDispatcher d = new RoutesDispatcher()
                .connect("file", "/files/{path:.+}", C, "index", Map.of("path", "index.txt"))
                .connect("any", "/any/{path:.*}", C, "index", Map.of("path", "index.txt"));
        assertEquals("file {path=a/b}", String.join(" ", match(d, "/files/a/b")));
        assertEquals("file {path=index.txt}", String.join(" ", match(d, "/files")));
        assertEquals("file {path=index.txt}", String.join(" ", match(d, "/files/")));
        // a tail that matches the empty rest takes it, as Routes gives path='' for /any/
        assertEquals("any {path=}", String.join(" ", match(d, "/any/")));
        assertEquals("any {path=}", String.join(" ", match(d, "/any")));
    }
}
