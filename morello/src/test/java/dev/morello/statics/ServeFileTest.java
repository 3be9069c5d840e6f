package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.testing.Site;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Static#serveFile}: the body, the fields every file response carries, HEAD, downloads. */
class ServeFileTest extends StaticSiteTest {
    private static final Pattern STRONG_ETAG = Pattern.compile("\"[0-9a-f]+-[0-9a-f]+\"");

    @Test
    void servesTheFileWithTypeLengthAndValidators() throws Exception {
        Site.Reply r = get("/file/hello.txt");
        assertEquals(200, r.status(), r.raw());
        assertEquals(HELLO, r.body());
        assertEquals("text/plain;charset=utf-8", r.header("Content-Type"));
        assertEquals(String.valueOf(HELLO.length()), r.header("Content-Length"));
        assertEquals(MTIME_IMF, r.header("Last-Modified"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertTrue(STRONG_ETAG.matcher(r.header("ETag")).matches(), r.header("ETag"));
        assertNull(r.header("Content-Disposition"));
    }

    @Test
    void etagIsSizeAndModificationTimeInNanoseconds() throws Exception {
        long nanos = MTIME.getEpochSecond() * 1_000_000_000L + MTIME.getNano();
        String expected = "\"" + Long.toHexString(HELLO.length()) + "-" + Long.toHexString(nanos) + "\"";
        assertEquals(expected, get("/file/hello.txt").header("ETag"));
    }

    @Test
    void headSendsTheSameFieldsWithoutBody() throws Exception {
        Site.Reply g = get("/file/hello.txt");
        Site.Reply h = head("/file/hello.txt");
        assertEquals(200, h.status());
        assertEquals(0, h.bodyBytes().length);
        for (String f : new String[] {"Content-Type", "Content-Length", "Last-Modified", "ETag", "Accept-Ranges"}) {
            assertEquals(g.header(f), h.header(f), f);
        }
    }

    @Test
    void aFiveMebibyteFileArrivesWhole() throws Exception {
        Site.Reply r = get("/file/big.bin");
        assertEquals(200, r.status());
        assertEquals(String.valueOf(BIG), r.header("Content-Length"));
        assertEquals("application/octet-stream", r.header("Content-Type"));
        assertArrayEquals(bigBytes, r.bodyBytes());
    }

    @Test
    void anEmptyFileIsAnEmptyBody() throws Exception {
        Site.Reply r = get("/file/empty.txt", "Range: bytes=0-");
        assertEquals(200, r.status());
        assertEquals("0", r.header("Content-Length"));
        assertEquals(0, r.bodyBytes().length);
    }

    @Test
    void missingFileIs404() throws Exception {
        assertEquals(404, get("/file/nope.txt").status());
    }

    @Test
    void directoryIs404() throws Exception {
        assertEquals(404, get("/file/sub").status());
    }

    @Test
    void relativePathIsTheHandlersFault500() throws Exception {
        assertEquals(500, get("/relative").status());
    }

    @Test
    void futureModificationTimeIsSentAsNow() throws Exception {
        Site.Reply r = get("/file/future.txt");
        assertEquals(NOW_IMF, r.header("Last-Modified"));
        assertEquals(NOW_IMF, r.header("Date"));
    }

    @Test
    void explicitContentTypeIsSentAsGiven() throws Exception {
        Site.Reply r = get("/typed?name=hello.txt&type=" + URLEncoder.encode("application/x-thing", StandardCharsets.UTF_8));
        assertEquals("application/x-thing", r.header("Content-Type"));
    }

    @Test
    void unknownExtensionIsOctetStream() throws Exception {
        assertEquals("application/octet-stream", get("/file/odd.unknownext").header("Content-Type"));
    }

    @ParameterizedTest
    @CsvSource({
        "style.css, text/css;charset=utf-8",
        "sub/index.html, text/html;charset=utf-8",
        "digits.txt, text/plain;charset=utf-8",
        "big.bin, application/octet-stream",
    })
    void typeComesFromTheExtension(String name, String type) throws Exception {
        assertEquals(type, get("/file/" + name).header("Content-Type"));
    }

    @Test
    void downloadIsAnAttachmentWithTheFilesName() throws Exception {
        Site.Reply r = get("/download?name=hello.txt");
        assertEquals(200, r.status());
        assertEquals("application/x-download", r.header("Content-Type"));
        assertEquals("attachment; filename=\"hello.txt\"", r.header("Content-Disposition"));
        assertEquals(HELLO, r.body());
    }

    @Test
    void downloadUnderAnAsciiName() throws Exception {
        Site.Reply r = get("/download?name=hello.txt&as=report%202024.csv");
        assertEquals("attachment; filename=\"report 2024.csv\"", r.header("Content-Disposition"));
    }

    @Test
    void downloadUnderANonAsciiNameGetsFilenameStarAndAnAsciiFallback() throws Exception {
        String name = "résumé 日本.pdf";
        Site.Reply r = get("/download?name=hello.txt&as=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
        assertEquals("attachment; filename=\"resume __.pdf\"; "
                + "filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.pdf", r.header("Content-Disposition"));
    }

    @Test
    void quotesInANameNeverBreakTheQuotedString() throws Exception {
        Site.Reply r = get("/download?name=hello.txt&as=" + URLEncoder.encode("a\"b\\c.txt", StandardCharsets.UTF_8));
        assertEquals("attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt", r.header("Content-Disposition"));
    }

    @Test
    void inlineDispositionUsesTheFilesName() throws Exception {
        Site.Reply r = get("/inline?name=style.css");
        assertEquals("inline; filename=\"style.css\"", r.header("Content-Disposition"));
        assertEquals("text/css;charset=utf-8", r.header("Content-Type"));
    }
}
