package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.testing.Site;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §14 range requests on a 100-byte file ({@link #DIGITS}) and a 5 MiB one. */
class RangeRequestsTest extends StaticSiteTest {
    private static final String FILE = "/file/digits.txt";
    private static final String TYPE = "text/plain;charset=utf-8";
    private static String etag;

    @BeforeAll
    static void readTheTag() throws Exception {
        etag = get(FILE).header("ETag");
    }

    private static void assertPart(Site.Reply r, int first, int last) {
        assertEquals(206, r.status(), r.raw());
        assertEquals("bytes " + first + "-" + last + "/100", r.header("Content-Range"));
        assertEquals(String.valueOf(last - first + 1), r.header("Content-Length"));
        assertEquals(TYPE, r.header("Content-Type"));
        assertEquals(DIGITS.substring(first, last + 1), r.body());
        assertEquals(etag, r.header("ETag"));
        assertEquals("bytes", r.header("Accept-Ranges"));
    }

    private static void assertWhole(Site.Reply r) {
        assertEquals(200, r.status(), r.raw());
        assertEquals(DIGITS, r.body());
        assertNull(r.header("Content-Range"));
    }

    @ParameterizedTest
    @CsvSource({
        "bytes=0-9, 0, 9",
        "bytes=10-10, 10, 10",
        "bytes=90-, 90, 99",
        "bytes=-5, 95, 99",
        "bytes=-500, 0, 99",
        "bytes=95-200, 95, 99",
        "bytes=0-99999999999999999999999, 0, 99",
        "BYTES=3-4, 3, 4",
        "'bytes=1-2,', 1, 2",
        "'bytes=,1-2', 1, 2",
        "'bytes= 1-2 ', 1, 2",
    })
    void oneRangeIsA206WithContentRange(String range, int first, int last) throws Exception {
        assertPart(get(FILE, "Range: " + range), first, last);
    }

    @Test
    void severalRangesAreMultipartByteranges() throws Exception {
        Site.Reply r = get(FILE, "Range: bytes=0-1,4-5");
        assertEquals(206, r.status(), r.raw());
        String ct = r.header("Content-Type");
        assertTrue(ct.startsWith("multipart/byteranges; boundary="), ct);
        String b = ct.substring(ct.indexOf('=') + 1);
        assertTrue(b.matches("[0-9a-f]{32}"), b);
        String expected = "--" + b + "\r\n"
                + "Content-Type: " + TYPE + "\r\n"
                + "Content-Range: bytes 0-1/100\r\n"
                + "\r\n"
                + "01\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: " + TYPE + "\r\n"
                + "Content-Range: bytes 4-5/100\r\n"
                + "\r\n"
                + "45\r\n"
                + "--" + b + "--\r\n";
        assertEquals(expected, r.body());
        assertEquals(String.valueOf(expected.length()), r.header("Content-Length"));
        assertNull(r.header("Content-Range"));
    }

    @Test
    void multipartPartsKeepTheRequestedOrderAndSuffixForms() throws Exception {
        Site.Reply r = get(FILE, "Range: bytes=-2, 10-12");
        String ct = r.header("Content-Type");
        String b = ct.substring(ct.indexOf('=') + 1);
        String body = r.body();
        assertTrue(body.indexOf("bytes 98-99/100\r\n\r\n89\r\n--" + b) < body.indexOf("bytes 10-12/100\r\n\r\n012\r\n--" + b + "--"),
                body);
    }

    @Test
    void sixteenRangesAreServed() throws Exception {
        StringJoiner j = new StringJoiner(",", "bytes=", "");
        for (int i = 0; i < 16; i++) {
            j.add(i * 5 + "-" + i * 5);
        }
        Site.Reply r = get(FILE, "Range: " + j);
        assertEquals(206, r.status());
        assertTrue(r.body().contains("Content-Range: bytes 75-75/100\r\n\r\n5\r\n"), r.body());
    }

    @Test
    void moreThanSixteenRangesAreIgnored() throws Exception {
        StringJoiner j = new StringJoiner(",", "bytes=", "");
        for (int i = 0; i < 17; i++) {
            j.add(i * 5 + "-" + i * 5);
        }
        assertWhole(get(FILE, "Range: " + j));
    }

    @Test
    void overlappingRangesAskingForMoreThanTheFileAreIgnored() throws Exception {
        assertWhole(get(FILE, "Range: bytes=0-,0-"));
        assertWhole(get(FILE, "Range: bytes=0-60,40-99"));
    }

    @Test
    void slightlyOverlappingRangesAreServed() throws Exception {
        Site.Reply r = get(FILE, "Range: bytes=0-9,5-14");
        assertEquals(206, r.status());
        assertTrue(r.body().contains("bytes 5-14/100\r\n\r\n5678901234\r\n"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=150-,200-300", "bytes=-0,100-"})
    void unsatisfiableRangesAre416WithTheLength(String range) throws Exception {
        Site.Reply r = get(FILE, "Range: " + range);
        assertEquals(416, r.status(), r.raw());
        assertEquals("bytes */100", r.header("Content-Range"));
    }

    @Test
    void unsatisfiableRangesAmongSatisfiableOnesAreDropped() throws Exception {
        assertPart(get(FILE, "Range: bytes=200-300,0-0"), 0, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=5-2", "bytes=abc", "bytes=", "bytes=1", "bytes=--1", "bytes=1-2-3", "bytes=+1-2",
        "bytes=0x1-2", "bytes=1 -2", "items=0-5", "bytes 0-5", "0-5", "bytes=1-2,5-3", "bytes=-", "bytes=١-٢"})
    void invalidRangeHeadersAreIgnored(String range) throws Exception {
        assertWhole(get(FILE, "Range: " + range));
    }

    @Test
    void twoRangeFieldsAreIgnored() throws Exception {
        assertWhole(get(FILE, "Range: bytes=0-1", "Range: bytes=3-4"));
    }

    @Test
    void ifRangeWithOurTagServesTheRange() throws Exception {
        assertPart(get(FILE, "Range: bytes=0-4", "If-Range: " + etag), 0, 4);
    }

    @Test
    void ifRangeWithOurDateServesTheRange() throws Exception {
        assertPart(get(FILE, "Range: bytes=0-4", "If-Range: " + MTIME_IMF), 0, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"other\"", "Tue, 02 Jan 2024 03:04:06 GMT", "Wed, 03 Jan 2024 00:00:00 GMT", "junk"})
    void ifRangeThatDoesNotMatchSendsTheWholeFile(String value) throws Exception {
        assertWhole(get(FILE, "Range: bytes=0-4", "If-Range: " + value));
    }

    @Test
    void ifRangeComparesStronglySoAWeakTagSendsTheWholeFile() throws Exception {
        assertWhole(get(FILE, "Range: bytes=0-4", "If-Range: W/" + etag));
    }

    @Test
    void ifRangeWithoutRangeIsIgnored() throws Exception {
        assertWhole(get(FILE, "If-Range: \"other\""));
    }

    @Test
    void http10RequestsGetTheWholeFile() throws Exception {
        Site.Reply r = get10(FILE, "Range: bytes=0-4");
        assertWhole(r);
    }

    @Test
    void headIgnoresRange() throws Exception {
        Site.Reply r = head(FILE, "Range: bytes=0-4");
        assertEquals(200, r.status());
        assertEquals("100", r.header("Content-Length"));
        assertEquals(0, r.bodyBytes().length);
    }

    @Test
    void aRangeOfALargeFileIsSentFromTheFile() throws Exception {
        Site.Reply r = get("/file/big.bin", "Range: bytes=4000000-4999999");
        assertEquals(206, r.status());
        assertEquals("bytes 4000000-4999999/" + BIG, r.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bigBytes, 4_000_000, 5_000_000), r.bodyBytes());
    }

    @Test
    void largeMultipartBodiesAreStreamedAndExact() throws Exception {
        Site.Reply r = get("/file/big.bin", "Range: bytes=0-999999,3000000-3999999,-10");
        assertEquals(206, r.status(), r.raw());
        assertEquals("chunked", r.header("Transfer-Encoding"));
        String ct = r.header("Content-Type");
        String b = ct.substring(ct.indexOf('=') + 1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int[][] ranges = {{0, 999_999}, {3_000_000, 3_999_999}, {BIG - 10, BIG - 1}};
        for (int i = 0; i < ranges.length; i++) {
            String head = (i == 0 ? "" : "\r\n") + "--" + b + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Range: bytes " + ranges[i][0] + "-" + ranges[i][1] + "/" + BIG + "\r\n\r\n";
            expected.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            expected.writeBytes(Arrays.copyOfRange(bigBytes, ranges[i][0], ranges[i][1] + 1));
        }
        expected.writeBytes(("\r\n--" + b + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(expected.toByteArray(), r.bodyBytes());
    }
}
