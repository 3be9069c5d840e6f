package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.testing.Site;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cookie values are quoted on the wire as CherryPy's cookie module (Python's {@code http.cookies})
 * quotes them, never refused at send time, and read back as they were set. The expected bytes are
 * what {@code SimpleCookie} writes for the same values (Python 3.11).
 */
class CookieQuotingTest {
    public static class Root {
        @Expose public String set(String v, Response response) {
            response.cookie("k", v);
            return "set";
        }

        @Expose public String refused(Response response) {
            try {
                response.cookie("euro", "\u20ac10");
                return "accepted";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        @Expose public String read(Request request) {
            return "[" + request.cookie("k") + "]";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> Morello.tree().mount(new Root(), ""));
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    private static List<String> setCookies(Site.Reply r) {
        List<String> out = new ArrayList<>();
        for (String line : r.raw().split("\r\n")) {
            if (line.regionMatches(true, 0, "Set-Cookie: ", 0, 12)) {
                out.add(line.substring(12));
            }
        }
        return out;
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        plain token         | abc                | k=abc
        bare marks          | !#$%&'*+-.^_~:     | k=!#$%&'*+-.^_~:
        semicolon           | x;y                | k="x\\073y"
        comma               | a,b                | k="a\\054b"
        space               | a b                | k="a b"
        double quotes       | say "hi"           | k="say \\"hi\\""
        backslash           | back\\slash        | k="back\\\\slash"
        equals sign         | a=b                | k="a=b"
        kept inside quotes  | (x)/<y>?@[]{}      | k="(x)/<y>?@[]{}"
        empty               | ``                 | k=""
        """)
    void aValueIsQuotedAsCherryPyQuotesIt(String what, String value, String header) throws IOException {
        Site.Reply r = Site.get("/set?v=" + query(value));
        assertEquals(200, r.status(), r.raw());
        assertEquals(List.of(header), setCookies(r));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        tab          | tab%09     | k="tab\\011"
        CR LF        | %0D%0A     | k="\\015\\012"
        NUL          | %00        | k="\\000"
        DEL          | %7F        | k="\\177"
        e acute      | caf%C3%A9  | k="caf\\351"
        """)
    void controlsAndLatin1AreOctalEscapes(String what, String encoded, String header) throws IOException {
        Site.Reply r = Site.get("/set?v=" + encoded);
        assertEquals(200, r.status(), r.raw());
        assertEquals(List.of(header), setCookies(r));
    }

    @Test
    void aValueBeyondLatin1IsRefusedWhenSetNamingTheCookie() throws IOException {
        Site.Reply r = Site.get("/refused");
        assertEquals(200, r.status());
        assertTrue(r.body().startsWith("cookie euro: "), r.body());
        assertEquals(List.of(), setCookies(r));
    }

    @Test
    void theBackquoteAndBarAreBareToo() throws IOException {
        Site.Reply r = Site.get("/set?v=" + query("a`b|c"));
        assertEquals(List.of("k=a`b|c"), setCookies(r));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        bare                 | k=abc                      | abc
        quoted               | k="a b"                    | a b
        octal escapes        | k="x\\073y\\054z\\351"     | x;y,zé
        escaped quote        | k="say \\"hi\\""           | say "hi"
        escaped backslash    | k="a\\\\b"                 | a\\b
        empty quotes         | k=""                       | ``
        """)
    void aQuotedValueIsReadBackUnquoted(String what, String cookie, String value) throws IOException {
        Site.Reply r = Site.request("GET /read HTTP/1.1\r\nHost: t\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n");
        assertEquals("[" + value + "]", r.body());
    }
}
