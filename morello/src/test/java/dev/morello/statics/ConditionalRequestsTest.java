package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.morello.testing.Site;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §13 preconditions on a file, each alone and in combination, in §13.2.2's order. */
class ConditionalRequestsTest extends StaticSiteTest {
    private static final String FILE = "/file/hello.txt";
    private static final String EARLIER = "Mon, 01 Jan 2024 00:00:00 GMT";
    private static final String LATER = "Wed, 03 Jan 2024 00:00:00 GMT";
    private static String etag;

    @BeforeAll
    static void readTheTag() throws Exception {
        etag = get(FILE).header("ETag");
    }

    private static void assertNotModified(Site.Reply r) {
        assertEquals(304, r.status(), r.raw());
        assertEquals(0, r.bodyBytes().length);
        assertEquals(etag, r.header("ETag"));
        assertEquals(MTIME_IMF, r.header("Last-Modified"));
        assertNull(r.header("Content-Type"), r.raw());
        assertNull(r.header("Content-Disposition"), r.raw());
    }

    private static void assertFull(Site.Reply r) {
        assertEquals(200, r.status(), r.raw());
        assertEquals(HELLO, r.body());
    }

    // ---- If-Match: strong comparison, 412 when nothing matches -----------------------------

    @Test
    void ifMatchWithOurTagServes() throws Exception {
        assertFull(get(FILE, "If-Match: " + etag));
    }

    @Test
    void ifMatchStarServesAnExistingFile() throws Exception {
        assertFull(get(FILE, "If-Match: *"));
    }

    @Test
    void ifMatchFindsOurTagInAList() throws Exception {
        assertFull(get(FILE, "If-Match: \"other\", " + etag));
        assertFull(get(FILE, "If-Match: \"other\"", "If-Match: " + etag));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"other\"", "W/\"other\"", "garbage", "\"unclosed"})
    void ifMatchWithoutOurTagIs412(String value) throws Exception {
        assertEquals(412, get(FILE, "If-Match: " + value).status());
    }

    @Test
    void ifMatchComparesStronglySoAWeakCopyOfOurTagFails() throws Exception {
        assertEquals(412, get(FILE, "If-Match: W/" + etag).status());
    }

    // ---- If-Unmodified-Since: dates as instants ---------------------------------------------

    @Test
    void ifUnmodifiedSinceTheModificationOrLaterServes() throws Exception {
        assertFull(get(FILE, "If-Unmodified-Since: " + MTIME_IMF));
        assertFull(get(FILE, "If-Unmodified-Since: " + LATER));
    }

    @Test
    void ifUnmodifiedSinceAnEarlierDateIs412() throws Exception {
        assertEquals(412, get(FILE, "If-Unmodified-Since: " + EARLIER).status());
    }

    @Test
    void ifUnmodifiedSinceALaterDateInAnotherFormatServes() throws Exception {
        assertFull(get(FILE, "If-Unmodified-Since: Wednesday, 03-Jan-24 00:00:00 GMT"));
        assertFull(get(FILE, "If-Unmodified-Since: Wed Jan  3 00:00:00 2024"));
    }

    @Test
    void ifUnmodifiedSinceThatIsNoDateIsIgnored() throws Exception {
        assertFull(get(FILE, "If-Unmodified-Since: yesterday"));
    }

    @Test
    void ifUnmodifiedSinceIsIgnoredWhenIfMatchIsPresent() throws Exception {
        assertFull(get(FILE, "If-Match: " + etag, "If-Unmodified-Since: " + EARLIER));
    }

    // ---- If-None-Match: weak comparison, 304 for GET/HEAD, 412 otherwise ---------------------

    @Test
    void ifNoneMatchWithOurTagIs304KeepingTheValidators() throws Exception {
        assertNotModified(get(FILE, "If-None-Match: " + etag));
    }

    @Test
    void ifNoneMatchComparesWeakly() throws Exception {
        assertNotModified(get(FILE, "If-None-Match: W/" + etag));
        assertNotModified(get(FILE, "If-None-Match: \"a\", W/" + etag + ", \"b\""));
    }

    @Test
    void ifNoneMatchStarIs304ForAnExistingFile() throws Exception {
        assertNotModified(get(FILE, "If-None-Match: *"));
    }

    @Test
    void ifNoneMatchWithOtherTagsServes() throws Exception {
        assertFull(get(FILE, "If-None-Match: \"other\", W/\"x\""));
    }

    @Test
    void ifNoneMatchOnHeadIs304() throws Exception {
        assertNotModified(head(FILE, "If-None-Match: " + etag));
    }

    @Test
    void ifNoneMatchMatchingOnAnotherMethodIs412() throws Exception {
        Site.Reply r = Site.request("POST " + FILE + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 2\r\nIf-None-Match: " + etag + "\r\n\r\nhi");
        assertEquals(412, r.status(), r.raw());
    }

    @Test
    void aNotModifiedAnswerKeepsTheCachingFieldsTheHandlerSet() throws Exception {
        Site.Reply r = get("/cached?name=hello.txt", "If-None-Match: " + etag);
        assertNotModified(r);
        assertEquals("max-age=60", r.header("Cache-Control"));
        assertEquals("Wed, 21 Oct 2099 07:28:00 GMT", r.header("Expires"));
        assertEquals("Accept-Encoding", r.header("Vary"));
    }

    // ---- If-Modified-Since: GET/HEAD only, dates as instants --------------------------------

    @Test
    void ifModifiedSinceTheModificationIs304() throws Exception {
        assertNotModified(get(FILE, "If-Modified-Since: " + MTIME_IMF));
    }

    @Test
    void ifModifiedSinceALaterDateIs304() throws Exception {
        assertNotModified(get(FILE, "If-Modified-Since: " + LATER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Wednesday, 03-Jan-24 00:00:00 GMT", "Wed Jan  3 00:00:00 2024",
        "Tuesday, 02-Jan-24 03:04:05 GMT", "Tue Jan  2 03:04:05 2024"})
    void ifModifiedSinceInTheObsoleteFormatsIsReadAsAnInstant(String date) throws Exception {
        assertNotModified(get(FILE, "If-Modified-Since: " + date));
    }

    @Test
    void ifModifiedSinceAnEarlierDateServes() throws Exception {
        assertFull(get(FILE, "If-Modified-Since: " + EARLIER));
        assertFull(get(FILE, "If-Modified-Since: Tue, 02 Jan 2024 03:04:04 GMT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a date", "Tue, 02 Jan 2024 03:04:05", "Tue, 02 Jan 2024 03:04:05 GMT, extra",
        "tue, 02 jan 2024 03:04:05 gmt", "Tue, 30 Feb 2024 03:04:05 GMT", "Tue, 02 Jan 2024 25:04:05 GMT", ""})
    void ifModifiedSinceThatIsNoValidDateIsIgnored(String value) throws Exception {
        assertFull(get(FILE, "If-Modified-Since: " + value));
    }

    @Test
    void ifModifiedSinceInTheFutureIsIgnored() throws Exception {
        assertFull(get(FILE, "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT"));
    }

    @Test
    void ifModifiedSinceTwiceIsIgnored() throws Exception {
        assertFull(get(FILE, "If-Modified-Since: " + LATER, "If-Modified-Since: " + LATER));
    }

    @Test
    void ifModifiedSinceOnAnotherMethodIsIgnored() throws Exception {
        Site.Reply r = Site.request("POST " + FILE + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 2\r\nIf-Modified-Since: " + LATER + "\r\n\r\nhi");
        assertFull(r);
    }

    @Test
    void ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent() throws Exception {
        assertFull(get(FILE, "If-None-Match: \"other\"", "If-Modified-Since: " + LATER));
        assertNotModified(get(FILE, "If-None-Match: " + etag, "If-Modified-Since: " + EARLIER));
    }

    // ---- the order of §13.2.2 ---------------------------------------------------------------

    @Test
    void aFailedIfMatchWinsOverAMatchingIfNoneMatch() throws Exception {
        assertEquals(412, get(FILE, "If-None-Match: " + etag, "If-Match: \"other\"").status());
    }

    @Test
    void aFailedIfUnmodifiedSinceWinsOverAMatchingIfNoneMatch() throws Exception {
        assertEquals(412, get(FILE, "If-None-Match: " + etag, "If-Unmodified-Since: " + EARLIER).status());
    }

    @Test
    void aFailedIfUnmodifiedSinceWinsOverIfModifiedSince() throws Exception {
        assertEquals(412, get(FILE, "If-Modified-Since: " + LATER, "If-Unmodified-Since: " + EARLIER).status());
    }

    @Test
    void passingIfMatchThenMatchingIfNoneMatchIs304() throws Exception {
        assertNotModified(get(FILE, "If-Match: " + etag, "If-None-Match: " + etag));
    }

    @Test
    void allFourPassingServesTheFile() throws Exception {
        assertFull(get(FILE, "If-Match: " + etag, "If-Unmodified-Since: " + LATER,
                "If-None-Match: \"other\"", "If-Modified-Since: " + EARLIER));
    }

    @Test
    void preconditionsComeBeforeRanges() throws Exception {
        assertNotModified(get("/file/hello.txt", "Range: bytes=0-1", "If-None-Match: " + etag));
        assertEquals(412, get("/file/hello.txt", "Range: bytes=0-1", "If-Match: \"x\"").status());
    }
}
