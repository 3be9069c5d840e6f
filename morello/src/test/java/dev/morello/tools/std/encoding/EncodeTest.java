package dev.morello.tools.std.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.testing.Site;
import dev.morello.tools.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tools.encode (on by default) and tools.decode, through a real server. */
class EncodeTest {
    static final byte[] LATIN1_E_ACUTE = {(byte) 0xe9};

    public static class Root {
        @Expose
        public String index() {
            return "h\u00e9llo";
        }

        @Expose
        public String euro() {
            return "\u20ac";
        }

        @Expose
        public String json() {
            Morello.response().headers().set("Content-Type", "application/json");
            return "\"\u00e9\"";
        }

        @Expose
        public String flowed() {
            Morello.response().headers().set("Content-Type", "text/plain; charset=iso-8859-1; format=flowed");
            return "\u00e9";
        }

        @Expose
        public List<String> chunks() {
            return List.of("a", "\u00e9", "\u20ac");
        }

        @Expose
        public Iterator<String> streamed() {
            return List.of("\u00e9", "t\u00e9").iterator();
        }

        @Expose
        public List<String> pair() {
            return List.of("\ud83d", "\ude00");
        }

        @Expose
        public byte[] latin() {
            Morello.response().headers().set("Content-Type", "text/plain;charset=iso-8859-1");
            return LATIN1_E_ACUTE;
        }

        @Expose
        public byte[] bare() {
            Morello.response().headers().set("Content-Type", "text/plain");
            return "ok".getBytes(StandardCharsets.US_ASCII);
        }

        @Expose
        public String lone() {
            return "a\ud800b";
        }

        @Expose
        public void viaBody() {
            Morello.response().body("\u00e9");
        }

        @Expose
        public String form(String x) {
            StringBuilder b = new StringBuilder();
            x.codePoints().forEach(c -> b.append(String.format("U+%04X ", c)));
            return b.toString().trim();
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "");
            Morello.tree().mount(new Root(), "/ascii", Map.of("/", Tools.on("encode", "default_encoding", "us-ascii")));
            Morello.tree().mount(new Root(), "/forced", Map.of("/", Tools.on("encode", "encoding", "iso-8859-1")));
            Morello.tree().mount(new Root(), "/forcedascii", Map.of("/", Tools.on("encode", "encoding", "US-ASCII")));
            Morello.tree().mount(new Root(), "/replace", Map.of("/", Tools.on("encode", "default_encoding", "us-ascii", "errors", "replace")));
            Morello.tree().mount(new Root(), "/ignore", Map.of("/", Tools.on("encode", "default_encoding", "us-ascii", "errors", "ignore")));
            Morello.tree().mount(new Root(), "/xmlref", Map.of("/", Tools.on("encode", "default_encoding", "us-ascii", "errors", "xmlcharrefreplace")));
            Morello.tree().mount(new Root(), "/anytype", Map.of("/", Tools.on("encode", "text_only", false)));
            Morello.tree().mount(new Root(), "/nocharset", Map.of("/", Tools.on("encode", "add_charset", false)));
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("response.stream", true);
            Morello.tree().mount(new Root(), "/stream", Map.of("/", stream));
            Morello.tree().mount(new Root(), "/off", Map.of("/", Tools.off("encode")));
            Morello.tree().mount(new Root(), "/decode", Map.of("/", Tools.on("decode", "encoding", "iso-8859-1")));
            Morello.tree().mount(new Root(), "/decodemore", Map.of("/", Tools.on("decode", "default_encoding", "iso-8859-1")));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply get(String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    static Site.Reply form(String target, String body) throws IOException {
        return Site.form(target, body);
    }

    // ---- charset negotiation ----------------------------------------------------------------

    @Test
    void aPlainPageWithoutAcceptCharsetIsUtf8() throws Exception {
        Site.Reply r = get("/");
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
        assertArrayEquals("h\u00e9llo".getBytes(StandardCharsets.UTF_8), r.bodyBytes());
    }

    @Test
    void theClientsCharsetIsNamedOnTheContentType() throws Exception {
        Site.Reply r = get("/", "Accept-Charset: iso-8859-1");
        assertEquals("text/html;charset=iso-8859-1", r.header("Content-Type"));
        assertArrayEquals("h\u00e9llo".getBytes(StandardCharsets.ISO_8859_1), r.bodyBytes());
    }

    @Test
    void charsetsAreTriedInQValueOrder() throws Exception {
        Site.Reply r = get("/", "Accept-Charset: utf-8;q=0.5, iso-8859-1;q=0.9");
        assertEquals("text/html;charset=iso-8859-1", r.header("Content-Type"));
    }

    @Test
    void aCharsetThatCannotHoldTheTextIsSkipped() throws Exception {
        Site.Reply r = get("/euro", "Accept-Charset: iso-8859-1, utf-8;q=0.8");
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
        assertEquals("\u20ac", r.body());
    }

    @Test
    void aStarStandsForTheDefaultCharset() throws Exception {
        Site.Reply r = get("/euro", "Accept-Charset: us-ascii, *;q=0.5");
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void isoLatin1IsAcceptableWhenNeitherItNorAStarIsNamed() throws Exception {
        Site.Reply r = get("/", "Accept-Charset: us-ascii");
        assertEquals("text/html;charset=iso-8859-1", r.header("Content-Type"));
        assertEquals((byte) 0xe9, r.bodyBytes()[1]);
    }

    @Test
    void nothingAcceptableGives406WithCherryPysMessage() throws Exception {
        Site.Reply r = get("/euro", "Accept-Charset: us-ascii");
        assertEquals(406, r.status());
        assertTrue(r.body().contains("Your client sent this Accept-Charset header: us-ascii. "
                + "We tried these charsets: iso-8859-1, us-ascii."), r.body());
    }

    @Test
    void aCharsetRefusedWithQZeroIsNeverTried() throws Exception {
        Site.Reply r = get("/", "Accept-Charset: iso-8859-1;q=0, us-ascii");
        assertEquals(406, r.status());
        assertTrue(r.body().contains("We tried these charsets: us-ascii."), r.body());
    }

    @Test
    void aStarDoesNotBringBackADefaultRefusedWithQZero() throws Exception {
        Site.Reply r = get("/euro", "Accept-Charset: utf-8;q=0, *");
        assertEquals(406, r.status());
    }

    @Test
    void theDefaultCharsetFailingIsA500() throws Exception {
        Site.Reply r = get("/ascii/");
        assertEquals(500, r.status());
        assertTrue(r.body().contains("Response body could not be encoded with &#x27;us-ascii&#x27;.")
                || r.body().contains("Response body could not be encoded with 'us-ascii'."), r.body());
    }

    @Test
    void theDefaultCharsetArgumentIsUsedWithoutAcceptCharset() throws Exception {
        Site.Reply r = get("/ascii/bare");
        assertEquals("text/plain;charset=us-ascii", r.header("Content-Type"));
    }

    @Test
    void aLoneSurrogateCannotBeEncodedStrictly() throws Exception {
        assertEquals(500, get("/lone").status());
    }

    // ---- forcing ----------------------------------------------------------------------------

    @Test
    void theEncodingArgumentForcesACharset() throws Exception {
        Site.Reply r = get("/forced/");
        assertEquals("text/html;charset=iso-8859-1", r.header("Content-Type"));
        assertArrayEquals("h\u00e9llo".getBytes(StandardCharsets.ISO_8859_1), r.bodyBytes());
    }

    @Test
    void aForcedCharsetTheClientRefusesIsA406() throws Exception {
        Site.Reply r = get("/forced/", "Accept-Charset: utf-8, iso-8859-1;q=0");
        assertEquals(406, r.status());
        assertTrue(r.body().contains("We tried these charsets: iso-8859-1."), r.body());
    }

    @Test
    void aForcedCharsetThatCannotHoldTheTextIsA500() throws Exception {
        assertEquals(500, get("/forcedascii/").status());
    }

    // ---- errors -----------------------------------------------------------------------------

    @Test
    void errorsReplaceWritesAQuestionMark() throws Exception {
        assertEquals("h?llo", get("/replace/").body());
    }

    @Test
    void errorsIgnoreDropsTheCharacter() throws Exception {
        assertEquals("hllo", get("/ignore/").body());
    }

    @Test
    void errorsXmlcharrefreplaceWritesACharacterReference() throws Exception {
        Site.Reply r = get("/xmlref/euro");
        assertEquals("text/html;charset=us-ascii", r.header("Content-Type"));
        assertEquals("&#8364;", r.body());
    }

    // ---- which responses --------------------------------------------------------------------

    @Test
    void nonTextTypesAreLeftAloneByDefault() throws Exception {
        Site.Reply r = get("/json", "Accept-Charset: iso-8859-1");
        assertEquals("application/json", r.header("Content-Type"));
        assertArrayEquals("\"\u00e9\"".getBytes(StandardCharsets.UTF_8), r.bodyBytes());
    }

    @Test
    void textOnlyFalseNamesACharsetOnAnyType() throws Exception {
        Site.Reply r = get("/anytype/json", "Accept-Charset: iso-8859-1");
        assertEquals("application/json;charset=iso-8859-1", r.header("Content-Type"));
    }

    @Test
    void addCharsetFalseLeavesTheResponseAlone() throws Exception {
        Site.Reply r = get("/nocharset/", "Accept-Charset: iso-8859-1");
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
        assertArrayEquals("h\u00e9llo".getBytes(StandardCharsets.UTF_8), r.bodyBytes());
    }

    @Test
    void anExistingCharsetParameterIsReplacedAndOthersKept() throws Exception {
        Site.Reply r = get("/flowed", "Accept-Charset: utf-8");
        assertEquals("text/plain;format=flowed;charset=utf-8", r.header("Content-Type"));
        assertEquals("\u00e9", r.body());
    }

    @Test
    void aBodySetOnTheResponseIsEncodedToo() throws Exception {
        Site.Reply r = get("/viaBody", "Accept-Charset: iso-8859-1");
        assertEquals("text/html;charset=iso-8859-1", r.header("Content-Type"));
        assertArrayEquals(LATIN1_E_ACUTE, r.bodyBytes());
    }

    @Test
    void switchedOffTheFrameworkKeepsTheContentTypesCharset() throws Exception {
        Site.Reply r = get("/off/", "Accept-Charset: iso-8859-1");
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void errorPagesAreNotRelabelled() throws Exception {
        Site.Reply r = get("/missing", "Accept-Charset: iso-8859-1");
        assertEquals(404, r.status());
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
    }

    // ---- bodies -----------------------------------------------------------------------------

    @Test
    void collectedChunksAreAllTriedInEachCharset() throws Exception {
        Site.Reply r = get("/chunks", "Accept-Charset: iso-8859-1, utf-8;q=0.5");
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
        assertEquals("a\u00e9\u20ac", r.body());
    }

    @Test
    void streamedChunksAreEncodedAsTheyCome() throws Exception {
        Site.Reply r = get("/stream/streamed", "Accept-Charset: iso-8859-1");
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("text/html;charset=iso-8859-1", r.header("Content-Type"));
        assertArrayEquals("\u00e9t\u00e9".getBytes(StandardCharsets.ISO_8859_1), r.bodyBytes());
    }

    @Test
    void aSurrogatePairSplitAcrossChunksStaysWhole() throws Exception {
        assertEquals("\ud83d\ude00", get("/pair").body());
        assertEquals("\ud83d\ude00", get("/stream/pair").body());
    }

    @Test
    void bytesKeepTheCharsetTheirContentTypeNames() throws Exception {
        Site.Reply r = get("/latin", "Accept-Charset: utf-8");
        assertEquals("text/plain;charset=iso-8859-1", r.header("Content-Type"));
        assertArrayEquals(LATIN1_E_ACUTE, r.bodyBytes());
    }

    @Test
    void bytesWithoutACharsetGetTheNegotiatedOne() throws Exception {
        assertEquals("text/plain;charset=utf-8", get("/bare").header("Content-Type"));
    }

    // ---- decode -----------------------------------------------------------------------------

    @Test
    void decodeEncodingReplacesTheCharsetsTried() throws Exception {
        assertEquals("U+00C3 U+00A9", form("/decode/form", "x=%C3%A9").body());
    }

    @Test
    void decodeDefaultEncodingIsAddedAfterTheOthers() throws Exception {
        assertEquals("U+00E9", form("/decodemore/form", "x=%C3%A9").body());
        assertEquals("U+00E9", form("/decodemore/form", "x=%E9").body());
    }
}
