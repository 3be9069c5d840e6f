package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.HttpError;
import dev.morello.testing.Site;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that try to leave the static root (server-anchors §8, items 16-19): refused with 400,
 * 403 or 404, never the file outside, never a 500.
 */
class PathSafetyTest extends StaticSiteTest {

    private static void assertRefused(Site.Reply r) {
        assertTrue(r.status() == 400 || r.status() == 403 || r.status() == 404, r.raw() + r.body());
        assertFalse(r.body().contains(SECRET), r.body());
        assertFalse(r.body().contains(HELLO), r.body());
    }

    @ParameterizedTest
    @CsvSource({
        // item 16: dot-segments, plain and encoded, and an encoded backslash
        "/static/../secret.txt, 403",
        "/static/../../etc/passwd, 403",
        "/static/sub/../../secret.txt, 403",
        "/static/%2e%2e/secret.txt, 403",
        "/static/%2E%2E/secret.txt, 403",
        "/static/.%2e/secret.txt, 403",
        "/static/..%5csecret.txt, 403",
        "/static/..%5C..%5Csecret.txt, 403",
        "/static/...../secret.txt, 403",
        "/static/..%20/secret.txt, 403",
        // item 17: path parameters and encoded slashes
        "/static/..;/secret.txt, 403",
        "/static/..;x=1/secret.txt, 403",
        "/static/.;/hello.txt, 403",
        "/static/%2e%2e%2fsecret.txt, 404",
        "/static/%2e%2e%2Fsecret.txt, 404",
        "/static/sub%2Findex.html, 404",
        "/static/sub%2findex.html, 404",
        // item 18: a sibling directory sharing the root's name as a prefix
        "/static/../static-private/secret.txt, 403",
        "/static-private/secret.txt, 404",
        // item 19: symbolic links leading out of the root
        "/static/link-out, 403",
        "/static/dir-out/secret.txt, 403",
        // drive letters
        "/static/C:/secret.txt, 403",
        "/static/c:secret.txt, 403",
    })
    void traversalIsRefused(String target, int status) throws Exception {
        Site.Reply r = get(target);
        assertRefused(r);
        assertEquals(status, r.status(), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/%252e%252e/secret.txt", "/static/%252e%252e%252fsecret.txt",
        "/static/%25%32%65%25%32%65/secret.txt"})
    void doubleEncodingIsDecodedOnceAndNamesAMissingFile(String target) throws Exception {
        Site.Reply r = get(target);
        assertEquals(404, r.status(), r.raw());
        assertRefused(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/hello.txt%00.jpg", "/static/%00", "/static/hello.txt%00", "/static/a%0d%0ab",
        "/static/%01hello.txt"})
    void controlCharactersAreRefusedWithout500(String target) throws Exception {
        assertRefused(get(target));
    }

    @Test
    void traversalInTheRawRequestLineIsRefused() throws Exception {
        assertRefused(Site.request("GET ../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertRefused(Site.request("GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertRefused(Site.request("GET /static\\..\\secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void aLinkInsideTheRootIsFollowed() throws Exception {
        Site.Reply r = get("/static/link-in");
        assertEquals(200, r.status());
        assertEquals(HELLO, r.body());
    }

    @Test
    void dotSegmentsThatStayInsideAreHarmless() throws Exception {
        assertEquals(HELLO, get("/static/./hello.txt").body());
        assertEquals(HELLO, get("/static//hello.txt").body());
    }

    @Test
    void nonAsciiNamesWork() throws Exception {
        Files.writeString(root.resolve("café.txt"), "crème");
        Site.Reply r = get("/static/caf%C3%A9.txt");
        assertEquals(200, r.status());
        assertEquals("crème", new String(r.bodyBytes(), StandardCharsets.UTF_8));
    }

    // ---- SafePath directly: what the request path cannot reach ------------------------------

    @Test
    void aSiblingWithTheRootsNameAsPrefixIsOutside() {
        HttpError e = assertThrows(HttpError.class,
                () -> SafePath.resolve(root, new String[] {"..", "static-private", "secret.txt"}));
        assertEquals(403, e.status());
        assertTrue(base.resolve("static-private").toString().startsWith(root.toString()),
                "the sibling's name does start with the root's, as a string");
    }

    @Test
    void aLinkOutOfTheRootIsOutsideWhateverItsName() {
        assertEquals(403, assertThrows(HttpError.class,
                () -> SafePath.resolve(root, new String[] {"link-out"})).status());
        assertEquals(403, assertThrows(HttpError.class,
                () -> SafePath.resolve(root, new String[] {"dir-out", "secret.txt"})).status());
    }

    @Test
    void aMissingFileIsNull() throws Exception {
        assertNull(SafePath.resolve(root, new String[] {"nope.txt"}));
        assertNull(SafePath.resolve(root, new String[] {"hello.txt", "x"}));
    }

    @Test
    void aFileInsideIsItsPath() throws Exception {
        assertEquals(root.resolve("sub/index.html"), SafePath.resolve(root, new String[] {"sub", "index.html"}));
        assertEquals(root.resolve("link-in"), SafePath.resolve(root, new String[] {"link-in"}));
    }

    @ParameterizedTest
    @CsvSource({"/a/b/c.txt, a|b|c.txt", "//a//./b/, a|b", "'', ''", "/, ''", "a;b/c, a;b|c", "%2e%2e, %2e%2e"})
    void segmentsSkipEmptyAndDotSegments(String branch, String expected) {
        assertEquals(expected, String.join("|", SafePath.segments(branch)));
    }

    @Test
    void theRootsOwnRealPathIsUsedSoALinkedRootWorks() throws Exception {
        Path linked = base.resolve("linked-root");
        Files.createSymbolicLink(linked, root);
        try {
            assertEquals(linked.resolve("hello.txt"), SafePath.resolve(linked, new String[] {"hello.txt"}));
            assertThrows(HttpError.class, () -> SafePath.resolve(linked, new String[] {"link-out"}));
        } finally {
            Files.delete(linked);
        }
    }
}
