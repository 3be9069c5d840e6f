package dev.morello.internal.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.config.ConfigException;
import dev.morello.config.Tuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IniParserTest {

    private static Map<String, Map<String, Object>> parse(String text) {
        return parse(text, NameResolver.NONE);
    }

    private static Map<String, Map<String, Object>> parse(String text, NameResolver resolver) {
        try {
            return IniParser.parse(new StringReader(text), "test.conf", resolver);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Map<String, String>> raw(String text) {
        try {
            return IniParser.parseRaw(new StringReader(text), "test.conf");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ConfigException rejected(String text) {
        return assertThrows(ConfigException.class, () -> parse(text));
    }

    // --- sections and keys --------------------------------------------------------------------

    @Test
    void readsSectionsAndKeysInFileOrder() {
        Map<String, Map<String, Object>> config = parse("""
                [global]
                server.socket_port = 8080
                server.socket_host = '0.0.0.0'
                [/static]
                tools.staticdir.on = True
                [/]
                """);
        assertEquals(List.of("global", "/static", "/"), new ArrayList<>(config.keySet()));
        assertEquals(List.of("server.socket_port", "server.socket_host"),
                new ArrayList<>(config.get("global").keySet()));
        assertEquals(8080, config.get("global").get("server.socket_port"));
        assertEquals("0.0.0.0", config.get("global").get("server.socket_host"));
        assertEquals(true, config.get("/static").get("tools.staticdir.on"));
        assertEquals(Map.of(), config.get("/"));
    }

    static Stream<Arguments> delimiters() {
        return Stream.of(
                arguments("key = 1", "key", "1"),
                arguments("key: 1", "key", "1"),
                arguments("key=1", "key", "1"),
                arguments("key :1", "key", "1"),
                arguments("  key   =   1  ", "key", "1"),
                arguments("url = 'http://host:8080/'", "url", "'http://host:8080/'"),
                arguments("error_page.404: 'a=b'", "error_page.404", "'a=b'"),
                arguments("k = v = w", "k", "v = w"),
                arguments("k: v: w", "k", "v: w"),
                arguments("Mixed.Case = 1", "Mixed.Case", "1"),
                arguments("empty =", "empty", ""),
                arguments("empty:   ", "empty", ""),
                arguments("hash = 'a # b' # c", "hash", "'a # b' # c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("delimiters")
    void splitsAtTheFirstEqualsOrColon(String line, String key, String value) {
        assertEquals(Map.of(key, value), raw("[s]\n" + line + "\n").get("s"));
    }

    @Test
    void evaluatesValuesAsPythonLiterals() {
        Map<String, Object> s = parse("""
                [s]
                text = "hello"
                number = 42
                ratio = 0.5
                flag = False
                nothing = None
                list = [1, 2]
                pair = (1, 'a')
                dict = {'a': 1}
                sum = 1 + 2 * 3
                empty =
                comment = 8080  # the port
                colour = '#fff'
                """).get("s");
        assertEquals("hello", s.get("text"));
        assertEquals(42, s.get("number"));
        assertEquals(0.5, s.get("ratio"));
        assertEquals(false, s.get("flag"));
        assertTrue(s.containsKey("nothing"));
        assertEquals(null, s.get("nothing"));
        assertEquals(List.of(1, 2), s.get("list"));
        assertEquals(Tuple.of(1, "a"), s.get("pair"));
        assertEquals(Map.of("a", 1), s.get("dict"));
        assertEquals(7, s.get("sum"));
        assertEquals("", s.get("empty"));
        assertEquals(8080, s.get("comment"));
        assertEquals("#fff", s.get("colour"));
    }

    @Test
    void trimsSectionNamesAndKeepsTheirCase() {
        assertEquals(List.of("Databases", "/a b"), new ArrayList<>(parse("[ Databases ]\n[/a b]\n").keySet()));
    }

    // --- comments, blank lines and continuation -----------------------------------------------

    @Test
    void skipsCommentLinesAndBlankLines() {
        Map<String, Map<String, String>> config = raw("""
                # a comment
                ; another
                    # an indented one

                [s]
                # between keys
                a = 1

                  ; indented
                b = 2
                """);
        assertEquals(Map.of("s", Map.of("a", "1", "b", "2")), config);
    }

    @Test
    void joinsIndentedLinesToTheValueAbove() {
        Map<String, Object> s = parse("""
                [/]
                tools.staticdir.content_types = {
                    'css': 'text/css',
                    'js': 'application/javascript',
                    }
                next = 1
                """).get("/");
        assertEquals(Map.of("css", "text/css", "js", "application/javascript"),
                s.get("tools.staticdir.content_types"));
        assertEquals(1, s.get("next"));
    }

    @Test
    void keepsBlankLinesInsideAValueButNotAfterIt() {
        Map<String, String> s = raw("[s]\nk = [1,\n\n   2]\n\n\nnext = 3\n").get("s");
        assertEquals("[1,\n\n2]", s.get("k"));
        assertEquals("3", s.get("next"));
    }

    @Test
    void keepsAValueGoingPastCommentLines() {
        Map<String, String> s = raw("[s]\nk = [1,\n# one\n  2]\n").get("s");
        assertEquals("[1,\n2]", s.get("k"));
    }

    @Test
    void continuesOnlyLinesIndentedDeeperThanTheirKey() {
        Map<String, String> s = raw("[s]\n  a = 1\n  b = 2\n    + 3\n").get("s");
        assertEquals(Map.of("a", "1", "b", "2\n+ 3"), s);
    }

    @Test
    void readsAMultiLineTripleQuotedString() {
        Map<String, Object> s = parse("[s]\nbanner = '''first\n    second'''\n").get("s");
        assertEquals("first\nsecond", s.get("banner"));
    }

    // --- DEFAULT and interpolation ------------------------------------------------------------

    @Test
    void givesDefaultKeysToEverySectionAfterItsOwn() {
        Map<String, Map<String, Object>> config = parse("""
                [DEFAULT]
                log.screen = True
                port = 80

                [global]
                port = 8080

                [/app]
                name = 'app'
                """);
        assertEquals(List.of("global", "/app"), new ArrayList<>(config.keySet()));
        assertEquals(List.of("port", "log.screen"), new ArrayList<>(config.get("global").keySet()));
        assertEquals(8080, config.get("global").get("port"));
        assertEquals(List.of("name", "log.screen", "port"), new ArrayList<>(config.get("/app").keySet()));
        assertEquals(80, config.get("/app").get("port"));
        assertEquals(true, config.get("/app").get("log.screen"));
    }

    @Test
    void appliesADefaultSectionWrittenLast() {
        assertEquals(Map.of("s", Map.of("a", "1")), raw("[s]\n[DEFAULT]\na = 1\n"));
    }

    @Test
    void interpolatesFromTheSectionThenFromDefault() {
        Map<String, Map<String, Object>> config = parse("""
                [DEFAULT]
                root = '/var/www'
                dir = %(root)s + '/static'

                [/static]
                tools.staticdir.dir = %(dir)s

                [/other]
                root = '/srv'
                tools.staticdir.dir = %(dir)s
                """);
        assertEquals("/var/www/static", config.get("/static").get("tools.staticdir.dir"));
        // DEFAULT's reference is read in the section that uses it, as configparser does.
        assertEquals("/srv/static", config.get("/other").get("tools.staticdir.dir"));
    }

    static Stream<Arguments> interpolations() {
        return Stream.of(
                arguments("a = x\nb = %(a)s", "b", "x"),
                arguments("a = x\nb = '%(a)s%(a)s'", "b", "'xx'"),
                arguments("a = %(b)s\nb = %(c)s\nc = 1", "a", "1"),
                arguments("a = 50%%", "a", "50%"),
                arguments("a = '%%(a)s'", "a", "'%(a)s'"),
                arguments("a = 1%%\nb = %(a)s", "b", "1%"),
                arguments("Name = x\nb = %(Name)s", "b", "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpolations")
    void interpolatesReferences(String lines, String key, String expected) {
        assertEquals(expected, raw("[s]\n" + lines + "\n").get("s").get(key));
    }

    @Test
    void followsTenLevelsOfReferencesButNoMore() {
        StringBuilder ok = new StringBuilder("[s]\n");
        for (int i = 0; i < 10; i++) {
            ok.append("k").append(i).append(" = %(k").append(i + 1).append(")s\n");
        }
        ok.append("k10 = 'end'\n");
        assertEquals("'end'", raw(ok.toString()).get("s").get("k0"));

        ConfigException e = rejected("[s]\nloop = %(loop)s\n");
        assertTrue(e.getMessage().contains("interpolation deeper than 10 levels"), e.getMessage());
        assertEquals(2, e.line());
        assertEquals(8, e.column());
    }

    // --- errors -------------------------------------------------------------------------------

    static Stream<Arguments> errors() {
        return Stream.of(
                // file text, line, column, what the message says
                arguments("key = 1\n", 1, 1, "expected a [section] header"),
                arguments("# c\n\n  key = 1\n", 3, 3, "expected a [section] header"),
                arguments("[s]\n[s]\n", 2, 1, "duplicate section [s]: first defined on line 1"),
                arguments("[s]\n[ s ]\n", 2, 1, "duplicate section [s]"),
                arguments("[s]\na = 1\nb = 2\na = 3\n", 4, 1, "duplicate key 'a' in section [s]: first defined on line 2"),
                arguments("[DEFAULT]\na = 1\na = 2\n", 3, 1, "duplicate key 'a' in section [DEFAULT]"),
                arguments("[s]\njust words\n", 2, 1, "expected '=' or ':' between a key and its value"),
                arguments("[s]\n = 1\n", 2, 2, "expected a key before '='"),
                arguments("[s]\n: 1\n", 2, 1, "expected a key before ':'"),
                arguments("[s\n", 1, 2, "expected ']' at the end of the section header"),
                arguments("[\n", 1, 1, "expected ']' at the end of the section header"),
                arguments("[]\n", 1, 2, "expected a section name between '[' and ']'"),
                arguments("[  ]\n", 1, 2, "expected a section name between '[' and ']'"),
                arguments("[s]\na = 50%\n", 2, 7, "'%' must be followed by '%' or '('"),
                arguments("[s]\na = %d\n", 2, 5, "'%' must be followed by '%' or '('"),
                arguments("[s]\na = %(b)d\nb = 1\n", 2, 5, "expected a reference of the form %(name)s"),
                arguments("[s]\na = %(b\n", 2, 5, "expected a reference of the form %(name)s"),
                arguments("[s]\na = %()s\n", 2, 5, "expected a reference of the form %(name)s"),
                arguments("[s]\na = 1 + %(missing)s\n", 2, 9,
                        "no key 'missing' in section [s] or [DEFAULT] to interpolate"),
                arguments("[s]\na = Tru e\n", 2, 9, "expected an operator, ',' or the end of the value"),
                arguments("[s]\n   a   =   [1, 2 3]\n", 2, 18, "expected ',' or ']'"),
                arguments("[s]\na = 'open\n", 2, 5, "unterminated string"),
                arguments("[s]\na = {\n    'x': 1\n    'y': 2}\n", 4, 5, "expected ',' or '}'"),
                arguments("[s]\na = 1\nb = [%(a)s %(a)s]\n", 3, 12, "expected ',' or ']'"),
                arguments("[s]\nbad = 1 +\nb = %(bad)s\n", 2, 10, Literals.A_LITERAL),
                arguments("[s]\nb = %(bad)s\nbad = 1 +\n", 2, 12, Literals.A_LITERAL),
                arguments("[s]\nd = " + "[".repeat(101) + "\n", 2, 105, "nesting deeper than 100 levels"),
                arguments("[s]\nexe = os.system('rm')\n", 2, 7, "names are not allowed here"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejectsWithFileLineColumnAndWhatWasExpected(String text, int line, int column, String expected) {
        ConfigException e = rejected(text);
        assertEquals("test.conf", e.source());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.conf:" + line + ":" + column + ": '"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void namesTheFileLineColumnTextAndExpectationOfABadValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> IniParser.parse(
                new StringReader("[global]\n\n\n\n\n\n\n\n\n\n\ntools.trailing_slash.on = Tru e\n"),
                "site.conf", NameResolver.NONE));
        assertEquals("site.conf:12:31: 'Tru e': expected an operator, ',' or the end of the value",
                e.getMessage());
        assertEquals("Tru e", e.text());
    }

    @Test
    void reportsAValueErrorOnlyWhereTheValueIsUsed() {
        // configparser evaluates DEFAULT in each section; with no other section it is never read.
        assertEquals(Map.of(), parse("[DEFAULT]\nbroken = [\n"));
        ConfigException e = rejected("[DEFAULT]\nbroken = [\n[s]\n");
        assertEquals(2, e.line());
    }

    @Test
    void checksInterpolationEvenWhenOnlyTheRawTextIsWanted() {
        assertThrows(ConfigException.class, () -> raw("[s]\na = %(nope)s\n"));
        assertEquals(Map.of("s", Map.of("a", "Tru e")), raw("[s]\na = Tru e\n"));
    }

    // --- encodings and line ends --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void readsEveryLineEnd(String end) {
        String text = String.join(end, "[s]", "a = [1,", "  2]", "# c", "b: 'x'", "");
        Map<String, Object> s = parse(text).get("s");
        assertEquals(List.of(1, 2), s.get("a"));
        assertEquals("x", s.get("b"));
    }

    @Test
    void pointsAtTheRightColumnWithWindowsLineEnds() {
        ConfigException e = rejected("[s]\r\nkey = [1 2]\r\n");
        assertEquals(2, e.line());
        assertEquals(10, e.column());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsUtf8WithOrWithoutAByteOrderMark(boolean bom, @TempDir Path dir) throws IOException {
        byte[] text = "[s]\nname = 'café ✓'\n".getBytes(UTF_8);
        byte[] bytes = bom ? concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text) : text;
        Path file = dir.resolve("utf8.conf");
        Files.write(file, bytes);
        assertEquals(Map.of("s", Map.of("name", "café ✓")), IniParser.parse(file, NameResolver.NONE));
        Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), UTF_8);
        assertEquals(Map.of("s", Map.of("name", "café ✓")), IniParser.parse(reader, "utf8.conf", NameResolver.NONE));
    }

    @Test
    void countsColumnsAfterTheByteOrderMark() {
        ConfigException e = rejected("\uFEFFoops = 1\n");
        assertEquals(1, e.column());
    }

    @Test
    void refusesAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, new byte[] {'[', 's', ']', '\n', 'a', '=', '\'', (byte) 0xE9, '\'', '\n'});
        assertThrows(CharacterCodingException.class, () -> IniParser.parse(file, NameResolver.NONE));
    }

    @Test
    void namesTheFileAsGiven(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "[s]\na = [\n");
        ConfigException e = assertThrows(ConfigException.class, () -> IniParser.parse(file, NameResolver.NONE));
        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
    }

    @Test
    void returnsUnmodifiableMaps() {
        Map<String, Map<String, Object>> config = parse("[s]\na = 1\n");
        assertThrows(UnsupportedOperationException.class, config::clear);
        assertThrows(UnsupportedOperationException.class, () -> config.get("s").put("b", 2));
    }

    // --- CherryPy's own sample configs --------------------------------------------------------

    /** Records every name it is asked for and answers with a stand-in. */
    static final class Recorder implements NameResolver {
        final List<String> asked = new ArrayList<>();

        @Override
        public Object resolve(String name, List<Object> args, Map<String, Object> kwargs) {
            asked.add(args == null ? name : name + args + (kwargs.isEmpty() ? "" : kwargs));
            return new LiteralsTest.Ref(name);
        }
    }

    private static Path resource(String name) {
        URL url = IniParserTest.class.getResource("/config/" + name);
        assertTrue(url != null, name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loadsTheTutorialConfig() throws IOException {
        Recorder resolver = new Recorder();
        Map<String, Map<String, Object>> config = IniParser.parse(resource("tutorial.conf"), resolver);
        assertEquals(List.of("global"), new ArrayList<>(config.keySet()));
        Map<String, Object> global = config.get("global");
        assertEquals(8080, global.get("server.socket_port"));
        assertEquals(10, global.get("server.thread_pool"));
        assertEquals("production", global.get("server.environment"));
        assertEquals(true, global.get("server.log_to_screen"));
        assertFalse(global.containsKey("server.show_tracebacks"));
        assertEquals(List.of(), resolver.asked);
    }

    @Test
    void loadsTheScaffoldSiteConfigAskingForTheApplication() throws IOException {
        Recorder resolver = new Recorder();
        Map<String, Map<String, Object>> config = IniParser.parse(resource("site.conf"), resolver);
        Map<String, Object> global = config.get("global");
        assertEquals(List.of("server.socket_host", "server.socket_port", "tree.myapp"),
                new ArrayList<>(global.keySet()));
        assertEquals("0.0.0.0", global.get("server.socket_host"));
        assertEquals(8088, global.get("server.socket_port"));
        assertEquals(new LiteralsTest.Ref("cherrypy.Application"), global.get("tree.myapp"));
        assertEquals(List.of("scaffold.root",
                        "cherrypy.Application" + Arrays.asList(new LiteralsTest.Ref("scaffold.root"), "/", "example.conf")),
                resolver.asked);
    }

    @Test
    void loadsTheScaffoldExampleConfig() throws IOException {
        Map<String, Map<String, Object>> config = IniParser.parse(resource("example.conf"), NameResolver.NONE);
        assertEquals(List.of("global", "/"), new ArrayList<>(config.keySet()));
        assertEquals(Map.of("server.socket_host", "0.0.0.0", "server.socket_port", 8088), config.get("global"));
        assertEquals(Map.of("log.error_file", "error.log", "log.access_file", "access.log"), config.get("/"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
