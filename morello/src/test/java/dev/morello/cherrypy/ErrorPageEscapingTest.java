package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.ErrorPage;
import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.Morello;
import dev.morello.testing.Site;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an error page echoes from the request is escaped: markup as character references, and
 * control characters (but TAB and LF) as {@code \xNN}, so no NUL, ESC or CR from a path or a
 * message reaches the page raw (STYLE habit 5; cherrypy#1139).
 */
class ErrorPageEscapingTest {
    public static class Root {
        @Expose public void say(String text) {
            throw new HttpError(400, text);
        }

        @Expose public void trace() {
            throw new IllegalStateException("line one\n\tline two\u001b[2J");
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> Morello.tree().mount(new Root(), "", Map.of(
                "/", Map.of("request.show_tracebacks", true),
                "/custom", Map.of("error_page.404", (ErrorPage) (s, m, t, v) -> "[" + m + "]"))));
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    /** Every C0 control but TAB and LF, DEL and C1: none may leave in a page. */
    private static void assertNoRawControls(String page) {
        for (int i = 0; i < page.length(); i++) {
            char c = page.charAt(i);
            boolean control = c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f && c <= 0x9f;
            assertFalse(control, () -> String.format("raw U+%04X in the page: %s", (int) c, page));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        NUL               | /a%00b          | /a\\x00b
        ESC sequence      | /a%1b%5b31mb    | /a\\x1b[31mb
        CR                | /a%0db          | /a\\x0db
        CR LF             | /a%0d%0ab       | '/a\\x0d\nb'
        BEL and BS        | /%07%08         | /\\x07\\x08
        DEL               | /a%7fb          | /a\\x7fb
        C1 CSI (U+009B)   | /a%c2%9bb       | /a\\x9bb
        markup            | /%3cb%3e%22%27  | /&lt;b&gt;&quot;&#x27;
        """)
    void aPathReachingThe404PageIsEscaped(String what, String target, String shown) throws IOException {
        Site.Reply r = Site.get(target);
        assertEquals(404, r.status());
        assertTrue(r.body().contains("<p>The path &#x27;" + shown + "&#x27; was not found.</p>"), r.body());
        assertNoRawControls(r.body());
    }

    @Test
    void aMessageCarryingControlsIsEscaped() throws IOException {
        Site.Reply r = Site.get("/say?text=bell%07+nul%00+esc%1b+cr%0d+tab%09+lf%0a.");
        assertEquals(400, r.status());
        assertTrue(r.body().contains("<p>bell\\x07 nul\\x00 esc\\x1b cr\\x0d tab\t lf\n.</p>"), r.body());
        assertNoRawControls(r.body());
    }

    @Test
    void aTracebackKeepsItsLinesAndTabsButNotOtherControls() throws IOException {
        Site.Reply r = Site.get("/trace");
        assertEquals(500, r.status());
        assertTrue(r.body().contains("line one\n\tline two\\x1b[2J"), r.body());
        assertTrue(r.body().contains("\n\tat "), "a stack trace's lines and tabs stay: " + r.body());
        assertNoRawControls(r.body());
    }

    @Test
    void aCustomErrorPageGetsTheEscapedValuesToo() throws IOException {
        Site.Reply r = Site.get("/custom/x%1b%00");
        assertEquals(404, r.status());
        assertEquals("[The path &#x27;/custom/x\\x1b\\x00&#x27; was not found.]", r.body());
    }
}
