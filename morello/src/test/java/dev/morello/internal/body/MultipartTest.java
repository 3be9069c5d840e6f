package dev.morello.internal.body;

import static dev.morello.internal.body.MultipartVectors.BOUNDARY;
import static dev.morello.internal.body.MultipartVectors.bytes;
import static dev.morello.internal.body.MultipartVectors.field;
import static dev.morello.internal.body.MultipartVectors.file;
import static dev.morello.internal.body.MultipartVectors.part;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.morello.HttpError;
import dev.morello.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartTest {
    private static final MultipartLimits DEFAULTS = MultipartLimits.defaults();
    private static final String END = "--XyZ--\r\n";

    @ParameterizedTest
    @MethodSource("dev.morello.internal.body.MultipartVectors#validBodies")
    void parsesBody(String body, String expected) throws IOException {
        assertEquals(expected, MultipartVectors.describe(parse(bytes(body))));
    }

    static Stream<Arguments> malformedBodies() {
        String a = crlf(field("a", "1"));
        String malformed = "Malformed multipart body";
        String badDisposition = "Malformed Content-Disposition in the multipart body";
        return Stream.of(
                argumentSet("empty body", "", malformed),
                argumentSet("no delimiter at all", "just text\r\n", malformed),
                argumentSet("end inside the first delimiter", "--XyZ", malformed),
                argumentSet("end after the first delimiter", "--XyZ\r\n", malformed),
                argumentSet("end inside headers", "--XyZ\r\nContent-Disposition: form-data; name=a", malformed),
                argumentSet("end before the empty line", "--XyZ\r\nX: 1\r\n", malformed),
                argumentSet("end inside content", a + "--XyZ\r\nX: 1\r\n\r\nabc", malformed),
                argumentSet("end without close delimiter", a, malformed),
                argumentSet("end after a delimiter's CR", a + "--XyZ\r", malformed),
                argumentSet("end after a closing single dash", a + "--XyZ-", malformed),
                argumentSet("header line without colon", withHeader("Content-Disposition form-data"), malformed),
                argumentSet("header with empty name", withHeader(": x"), malformed),
                argumentSet("header name with space", withHeader("Content Type: x"), malformed),
                argumentSet("folded header line", withHeader("X: a;\r\n b"), malformed),
                argumentSet("control byte in header", withHeader("X: a\u0000b"), malformed),
                argumentSet("unterminated quoted name", withDisposition("form-data; name=\"a"), badDisposition),
                argumentSet("no disposition type", withDisposition("; name=a"), badDisposition),
                argumentSet("filename* without charset", withDisposition("form-data; filename*=''a.txt"),
                        badDisposition),
                argumentSet("filename* with unknown charset", withDisposition("form-data; filename*=klingon''a"),
                        badDisposition),
                argumentSet("filename* with bad escape", withDisposition("form-data; filename*=UTF-8''%e2%8"),
                        badDisposition),
                argumentSet("filename* not UTF-8", withDisposition("form-data; filename*=UTF-8''%ff.txt"),
                        badDisposition),
                argumentSet("filename* with raw space", withDisposition("form-data; filename*=\"UTF-8''a b\""),
                        badDisposition));
    }

    private static String withHeader(String line) {
        return crlf(part(line, "1")) + END;
    }

    private static String withDisposition(String value) {
        return withHeader("Content-Disposition: " + value);
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void rejectsMalformedBodyWith400(String body, String message) {
        HttpError e = assertThrows(HttpError.class, () -> parse(bytes(body)));
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ends in space ", "caf\u00e9", "tab\there", "new\nline"})
    void rejectsInvalidBoundaryWith400(String boundary) {
        HttpError e = assertThrows(HttpError.class,
                () -> Multipart.parse(Feed.whole(new byte[0]), boundary, DEFAULTS));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("Invalid boundary in multipart form: "), e.getMessage());
    }

    @Test
    void rejectsMissingBoundaryWith400() {
        HttpError e = assertThrows(HttpError.class, () -> Multipart.parse(Feed.whole(new byte[0]), null, DEFAULTS));
        assertEquals(400, e.status());
    }

    @Test
    void acceptsBoundaryOfEveryAllowedLength() throws IOException {
        for (String boundary : List.of("-", "a b", "'()+_,-./:=?", "b".repeat(201))) {
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
                    + "--" + boundary + "--";
            assertEquals("1", Multipart.parse(Feed.whole(bytes(body)), boundary, DEFAULTS).params().get("a"));
        }
        assertThrows(HttpError.class, () -> Multipart.parse(Feed.whole(new byte[0]), "b".repeat(202), DEFAULTS));
    }

    @Test
    void rejectsTooManyPartsWith413() throws IOException {
        MultipartLimits twoParts = new MultipartLimits(1000, 1 << 20, 8192, 2);
        String two = crlf(field("a", "1") + field("b", "2"));
        assertEquals(2, Multipart.parse(Feed.whole(bytes(two + END)), BOUNDARY, twoParts).params().size());

        HttpError e = assertThrows(HttpError.class,
                () -> Multipart.parse(Feed.whole(bytes(two + crlf(field("c", "3")) + END)), BOUNDARY, twoParts));
        assertEquals(413, e.status());
        assertEquals("Too many parts in the multipart body", e.getMessage());
    }

    @Test
    void limitsHeaderBytesOfEachPartTo400() throws IOException {
        String headers = "Content-Disposition: form-data; name=a\r\nX-Pad: " + "p".repeat(20);
        int exact = (headers + "\r\n\r\n").length();
        String body = "--XyZ\r\n" + headers + "\r\n\r\n1\r\n--XyZ\r\n" + headers + "\r\n\r\n2\r\n" + END;
        MultipartLimits fits = new MultipartLimits(1000, 1 << 20, exact, 1000);
        assertEquals(List.of("1", "2"), Multipart.parse(Feed.whole(bytes(body)), BOUNDARY, fits).params().get("a"));

        MultipartLimits tooSmall = new MultipartLimits(1000, 1 << 20, exact - 1, 1000);
        HttpError e = assertThrows(HttpError.class, () -> Multipart.parse(Feed.whole(bytes(body)), BOUNDARY, tooSmall));
        assertEquals(400, e.status());
    }

    @Test
    void rejectsEndlessHeaderLineWith400() {
        byte[] body = bytes("--XyZ\r\nX: " + "h".repeat(100_000));
        HttpError e = assertThrows(HttpError.class, () -> parse(body));
        assertEquals(400, e.status());
    }

    @Test
    void limitsFieldSizeTo413() throws IOException {
        MultipartLimits small = new MultipartLimits(10, 64, 8192, 1000);
        String fits = crlf(field("a", "x".repeat(64))) + END;
        assertEquals("x".repeat(64), Multipart.parse(Feed.whole(bytes(fits)), BOUNDARY, small).params().get("a"));

        String tooLarge = crlf(field("a", "x".repeat(65))) + END;
        HttpError e = assertThrows(HttpError.class,
                () -> Multipart.parse(Feed.whole(bytes(tooLarge)), BOUNDARY, small));
        assertEquals(413, e.status());
    }

    @Test
    void fileIsNotBoundByFieldLimit() throws IOException {
        MultipartLimits small = new MultipartLimits(10, 64, 8192, 1000);
        String body = crlf(file("f", "a.txt", "text/plain", "x".repeat(500))) + END;
        MultipartResult result = Multipart.parse(Feed.whole(bytes(body)), BOUNDARY, small);
        assertEquals(500, ((Part) result.params().get("f")).size());
        result.delete();
    }

    @Test
    void decodesFieldWithItsDeclaredCharset() throws IOException {
        String body = crlf(part("Content-Disposition: form-data; name=a\nContent-Type: text/plain; charset=ISO-8859-1",
                "caf\u00e9")) + END;
        assertEquals("caf\u00e9", parse(body.getBytes(ISO_8859_1)).params().get("a"));
    }

    @Test
    void rejectsFieldNoCharsetDecodesWith400() {
        String body = crlf(field("a", "caf\u00e9")) + END;
        HttpError e = assertThrows(HttpError.class, () -> parse(body.getBytes(ISO_8859_1)));
        assertEquals(400, e.status());
        assertEquals("The request entity could not be decoded. The following charsets were attempted: "
                + "['us-ascii', 'utf-8']", e.getMessage());
    }

    @Test
    void rejectsFieldItsDeclaredCharsetCannotDecodeWith400() {
        String body = crlf(part("Content-Disposition: form-data; name=a\nContent-Type: text/plain; charset=UTF-8",
                "caf\u00e9")) + END;
        HttpError e = assertThrows(HttpError.class, () -> parse(body.getBytes(ISO_8859_1)));
        assertEquals("The request entity could not be decoded. The following charsets were attempted: ['utf-8']",
                e.getMessage());
    }

    @Test
    void keepsPartHeadersInOrderWithRepeatsJoined() throws IOException {
        String body = crlf(part("X-B: 1\nContent-Type: text/csv\nx-b: 2", "u")) + END;
        Part part = parse(bytes(body)).parts().get(0);
        assertEquals(List.of("X-B", "Content-Type"), List.copyOf(part.headers().keySet()));
        assertEquals("1, 2", part.header("X-B"));
        assertEquals("text/csv", part.contentType());
        assertNull(part.name());
        assertNull(part.filename());
    }

    @Test
    void keepsSmallFileInMemory() throws IOException {
        byte[] content = new byte[DEFAULTS.maxRamBytes()];
        Arrays.fill(content, (byte) 'm');
        Part part = onlyFile(parse(fileBody(content)));
        assertTrue(part.inMemory());
        assertNull(part.file());
        assertEquals(content.length, part.size());
        assertArrayEquals(content, part.bytes());
    }

    @Test
    void spillsLargeFileToTemporaryFileRemovedByDelete() throws IOException {
        byte[] content = new byte[DEFAULTS.maxRamBytes() + 1];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        MultipartResult result = parse(fileBody(content));
        Part part = onlyFile(result);
        assertFalse(part.inMemory());
        Path file = part.file();
        assertTrue(Files.exists(file));
        assertTrue(file.getFileName().toString().startsWith("morello-upload-"));
        assertEquals(content.length, part.size());
        assertArrayEquals(content, part.bytes());
        try (InputStream in = part.open()) {
            assertArrayEquals(content, in.readAllBytes());
        }

        result.delete();
        assertFalse(Files.exists(file));
        result.delete();
    }

    @Test
    void keepsBinaryContentExactly() throws IOException {
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 256);
        }
        MultipartResult result = parse(fileBody(content));
        assertArrayEquals(content, onlyFile(result).bytes());
        result.delete();
    }

    @Test
    void deletesTemporaryFilesWhenBodyIsMalformed() throws IOException {
        byte[] big = bytes(crlf(file("f", "a.bin", "application/octet-stream", "z".repeat(5000))));
        byte[] truncated = Arrays.copyOf(big, big.length + 3000);
        Arrays.fill(truncated, big.length, truncated.length, (byte) 'z');
        // One finished spilled part, then one cut short while spilling.
        byte[] body = concat(big, bytes("--XyZ\r\nContent-Disposition: form-data; name=g; filename=b\r\n\r\n"),
                truncated);
        List<Path> before = uploads();
        assertThrows(HttpError.class, () -> parse(body));
        assertEquals(before, uploads());
    }

    @Test
    void passesStreamFailureThroughUnchangedAndDeletesTemporaryFiles() throws IOException {
        byte[] head = bytes(crlf(file("f", "a.bin", "application/octet-stream", "z".repeat(5000))) + "--XyZ\r\n");
        IOException failure = new IOException("connection reset");
        InputStream failing = new InputStream() {
            private final InputStream data = Feed.whole(head);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = data.read(b, off, len);
                if (n < 0) {
                    throw failure;
                }
                return n;
            }
        };
        List<Path> before = uploads();
        IOException e = assertThrows(IOException.class, () -> Multipart.parse(failing, BOUNDARY, DEFAULTS));
        assertSame(failure, e);
        assertEquals(before, uploads());
    }

    @Test
    void leavesEpilogueUnread() throws IOException {
        byte[] body = bytes(crlf(field("a", "1")) + "--XyZ--\r\nepilogue");
        InputStream in = Feed.oneByteAtATime(body);
        Multipart.parse(in, BOUNDARY, DEFAULTS);
        assertEquals("\r\nepilogue", new String(in.readAllBytes(), ISO_8859_1));
    }

    private static MultipartResult parse(byte[] body) throws IOException {
        return Multipart.parse(Feed.whole(body), BOUNDARY, DEFAULTS);
    }

    private static byte[] fileBody(byte[] content) {
        return concat(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.bin\"\r\n\r\n"), content,
                bytes("\r\n" + END));
    }

    private static Part onlyFile(MultipartResult result) {
        assertEquals(List.of("f"), List.copyOf(result.params().keySet()));
        return (Part) result.params().get("f");
    }

    private static String crlf(String body) {
        return body.replace("\n", "\r\n");
    }

    private static byte[] concat(byte[]... pieces) {
        int length = Arrays.stream(pieces).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** The upload files in the temporary directory now. */
    private static List<Path> uploads() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("morello-upload-")).sorted().toList();
        }
    }
}
