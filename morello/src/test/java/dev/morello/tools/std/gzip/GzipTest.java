package dev.morello.tools.std.gzip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.FileRegion;
import dev.morello.Morello;
import dev.morello.testing.Site;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tools.gzip and tools.deflate, through a real server. */
class GzipTest {
    static final String PAGE = "<html><body>" + "<p>Hello, compressed world.</p>\n".repeat(200) + "</body></html>";
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static Path file;

    public static class Root {
        @Expose
        public String index() {
            return PAGE;
        }

        @Expose
        public String json() {
            Morello.response().headers().set("Content-Type", "application/json");
            return "{\"a\": \"" + "x".repeat(500) + "\"}";
        }

        @Expose
        public String typed(String type) {
            Morello.response().headers().set("Content-Type", type);
            return PAGE;
        }

        @Expose
        public String varied() {
            Morello.response().headers().set("Vary", "Cookie");
            return PAGE;
        }

        @Expose
        public String partial() {
            Morello.response().status(206);
            Morello.response().headers().set("Content-Range", "bytes 0-9/100");
            return "0123456789";
        }

        @Expose
        public byte[] encoded() {
            Morello.response().headers().set("Content-Encoding", "br");
            return new byte[] {1, 2, 3};
        }

        @Expose
        public String empty() {
            return "";
        }

        @Expose
        public List<String> pieces() {
            return List.of("<p>one</p>", "<p>two</p>", "<p>three</p>");
        }

        @Expose
        public InputStream big() {
            return new ByteArrayInputStream(bigText().getBytes(StandardCharsets.UTF_8));
        }

        @Expose
        public Path file() {
            Morello.response().headers().set("Content-Type", "text/plain");
            return file;
        }

        @Expose
        public FileRegion region() {
            Morello.response().headers().set("Content-Type", "text/plain");
            return new FileRegion(file, 10, 1000);
        }

        /** Yields "first", then waits until the test has read it, then "second". */
        @Expose
        public Iterator<String> slow() {
            Morello.response().stream(true);
            return new Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    return n < 2;
                }

                @Override
                public String next() {
                    if (n >= 2) {
                        throw new NoSuchElementException();
                    }
                    if (n++ == 0) {
                        return "first";
                    }
                    try {
                        RELEASE.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "second";
                }
            };
        }
    }

    static String bigText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            b.append("line ").append(i).append('\n');
        }
        return b.toString();
    }

    @BeforeAll
    static void serve() throws IOException {
        file = Files.createTempFile("gzip-test", ".txt");
        Files.writeString(file, bigText());
        Site.start(() -> {
            Morello.tree().mount(new Root(), "", Map.of("/", Tools.on("gzip")));
            Morello.tree().mount(new Root(), "/fast", Map.of("/", Tools.on("gzip", "compress_level", 1)));
            Morello.tree().mount(new Root(), "/best", Map.of("/", Tools.on("gzip", "compress_level", 9)));
            Morello.tree().mount(new Root(), "/anytext", Map.of("/", Tools.on("gzip", "mime_types", List.of("text/*"))));
            Morello.tree().mount(new Root(), "/xml", Map.of("/", Tools.on("gzip", "mime_types", List.of("application/*+xml"))));
            Morello.tree().mount(new Root(), "/zlib", Map.of("/", Tools.on("deflate")));
            Map<String, Object> both = new LinkedHashMap<>(Tools.on("gzip"));
            both.putAll(Tools.on("deflate"));
            Morello.tree().mount(new Root(), "/both", Map.of("/", both));
            Map<String, Object> reversed = new LinkedHashMap<>(Tools.on("deflate"));
            reversed.putAll(Tools.on("gzip"));
            Morello.tree().mount(new Root(), "/reversed", Map.of("/", reversed));
            Map<String, Object> streamed = new LinkedHashMap<>(Tools.on("gzip"));
            streamed.put("response.stream", true);
            Morello.tree().mount(new Root(), "/stream", Map.of("/", streamed));
        });
    }

    @AfterAll
    static void stop() throws IOException {
        Site.stop();
        Files.deleteIfExists(file);
    }

    static Site.Reply get(String target, String... headers) throws IOException {
        return send("GET", target, headers);
    }

    static Site.Reply send(String method, String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    static String gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String unzlib(byte[] b) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(b), new Inflater(false))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertGzipped(Site.Reply r, String expected) throws IOException {
        assertEquals(200, r.status());
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals(expected, gunzip(r.bodyBytes()));
    }

    static void assertPlain(Site.Reply r) {
        assertNull(r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
    }

    // ---- compressing ------------------------------------------------------------------------

    @Test
    void anHtmlPageIsGzippedForAClientThatAcceptsGzip() throws Exception {
        Site.Reply r = get("/", "Accept-Encoding: gzip");
        assertGzipped(r, PAGE);
        assertEquals(String.valueOf(r.bodyBytes().length), r.header("Content-Length"));
        assertTrue(r.bodyBytes().length < PAGE.length() / 5, "compressed to " + r.bodyBytes().length);
    }

    @Test
    void varyAcceptEncodingIsAddedEvenWhenNotCompressing() throws Exception {
        assertPlain(get("/"));
        assertEquals(PAGE, get("/").body());
    }

    @Test
    void varyIsMergedWithTheResponsesOwn() throws Exception {
        assertEquals("Cookie, Accept-Encoding", get("/varied", "Accept-Encoding: gzip").header("Vary"));
    }

    @Test
    void theGzipHeaderCarriesNoTimeAndTheLevelInXfl() throws Exception {
        byte[] fast = get("/fast/", "Accept-Encoding: gzip").bodyBytes();
        byte[] best = get("/best/", "Accept-Encoding: gzip").bodyBytes();
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff},
                java.util.Arrays.copyOf(fast, 10));
        assertEquals(2, best[8]);
        assertEquals(PAGE, gunzip(fast));
        assertEquals(PAGE, gunzip(best));
    }

    @Test
    void aCompressLevelOutsideZeroToNineIsRefused() {
        GzipTool tool = new GzipTool(GzipCoding.GZIP);
        assertThrows(IllegalArgumentException.class, () -> tool.offer(ToolArgs.of("gzip", Map.of("compress_level", 10))));
    }

    @Test
    void xGzipIsGzip() throws Exception {
        assertGzipped(get("/", "Accept-Encoding: x-gzip"), PAGE);
    }

    @Test
    void aStarAcceptsGzip() throws Exception {
        assertGzipped(get("/", "Accept-Encoding: *"), PAGE);
    }

    @Test
    void identityWithALowerQDoesNotStopCompression() throws Exception {
        assertGzipped(get("/", "Accept-Encoding: identity;q=0.5, gzip"), PAGE);
    }

    // ---- not compressing --------------------------------------------------------------------

    @Test
    void identityAtTheSameQIsPreferredWhereverItIsListed() throws Exception {
        // CherryPy sorts by q, then by text, highest first: "identity" comes before "gzip"
        assertPlain(get("/", "Accept-Encoding: identity, gzip"));
        assertPlain(get("/", "Accept-Encoding: gzip, identity"));
        assertPlain(get("/", "Accept-Encoding: gzip;q=0.5, identity;q=0.5"));
    }

    @Test
    void xGzipAtTheSameQIsPreferredToIdentity() throws Exception {
        // ... and "x-gzip" before "identity"
        assertGzipped(get("/", "Accept-Encoding: identity, x-gzip"), PAGE);
    }

    @Test
    void identityWithAHigherQIsPreferred() throws Exception {
        assertPlain(get("/", "Accept-Encoding: gzip;q=0.4, identity;q=0.8"));
    }

    @Test
    void gzipWithQZeroIsNotSent() throws Exception {
        Site.Reply r = get("/", "Accept-Encoding: gzip;q=0");
        assertEquals(200, r.status());
        assertPlain(r);
    }

    @Test
    void xGzipWithQZeroRefusesGzipEvenUnderAStar() throws Exception {
        assertPlain(get("/", "Accept-Encoding: x-gzip;q=0, *"));
    }

    @Test
    void aClientNamingOnlyOtherCodingsGetsIdentity() throws Exception {
        Site.Reply r = get("/", "Accept-Encoding: br");
        assertEquals(200, r.status());
        assertPlain(r);
        assertEquals(PAGE, r.body());
    }

    @Test
    void typesNotInMimeTypesAreNotCompressed() throws Exception {
        assertPlain(get("/json", "Accept-Encoding: gzip"));
    }

    @Test
    void aTypeWildcardPatternMatchesTheSubtypes() throws Exception {
        assertGzipped(get("/anytext/typed?type=text/css", "Accept-Encoding: gzip"), PAGE);
        assertPlain(get("/anytext/typed?type=image/svg%2Bxml", "Accept-Encoding: gzip"));
    }

    @Test
    void aSuffixPatternMatchesTypesWithThatSuffix() throws Exception {
        assertGzipped(get("/xml/typed?type=application/atom%2Bxml", "Accept-Encoding: gzip"), PAGE);
        assertPlain(get("/xml/typed?type=application/xml", "Accept-Encoding: gzip"));
    }

    @Test
    void errorPagesAreNotCompressed() throws Exception {
        Site.Reply r = get("/missing", "Accept-Encoding: gzip");
        assertEquals(404, r.status());
        assertPlain(r);
    }

    @Test
    void partialResponsesAreNotCompressed() throws Exception {
        Site.Reply r = get("/partial", "Accept-Encoding: gzip");
        assertEquals(206, r.status());
        assertEquals("0123456789", r.body());
        assertNull(r.header("Content-Encoding"));
    }

    @Test
    void anAlreadyEncodedBodyIsLeftAlone() throws Exception {
        Site.Reply r = get("/encoded", "Accept-Encoding: gzip");
        assertEquals("br", r.header("Content-Encoding"));
        assertArrayEquals(new byte[] {1, 2, 3}, r.bodyBytes());
    }

    @Test
    void anEmptyBodyIsNotCompressed() throws Exception {
        assertPlain(get("/empty", "Accept-Encoding: gzip"));
    }

    // ---- refusing ---------------------------------------------------------------------------

    @Test
    void identityRefusedWithNoGzipIsA406() throws Exception {
        Site.Reply r = get("/", "Accept-Encoding: br, identity;q=0");
        assertEquals(406, r.status());
        assertTrue(r.body().contains("identity, gzip"), r.body());
        assertEquals("Accept-Encoding", r.header("Vary"));
    }

    @Test
    void aStarWithQZeroAndNoIdentityIsA406() throws Exception {
        assertEquals(406, get("/", "Accept-Encoding: *;q=0").status());
    }

    @Test
    void identityAllowedOverAStarWithQZeroIsServed() throws Exception {
        assertPlain(get("/", "Accept-Encoding: *;q=0, identity"));
    }

    // ---- bodies -----------------------------------------------------------------------------

    @Test
    void collectedChunksAreCompressedWithALength() throws Exception {
        Site.Reply r = get("/pieces", "Accept-Encoding: gzip");
        assertGzipped(r, "<p>one</p><p>two</p><p>three</p>");
        assertEquals(String.valueOf(r.bodyBytes().length), r.header("Content-Length"));
    }

    @Test
    void aStreamBodyIsCompressedAsItIsReadAndSentChunked() throws Exception {
        Site.Reply r = get("/big", "Accept-Encoding: gzip");
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertNull(r.header("Content-Length"));
        assertGzipped(r, bigText());
    }

    @Test
    void aFileIsCompressedAsItIsRead() throws Exception {
        Site.Reply r = get("/file", "Accept-Encoding: gzip");
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertGzipped(r, bigText());
    }

    @Test
    void aFileRegionIsCompressed() throws Exception {
        assertGzipped(get("/region", "Accept-Encoding: gzip"), bigText().substring(10, 1010));
    }

    @Test
    void aStreamedBodyReachesTheClientChunkByChunk() throws Exception {
        try (Socket s = new Socket("127.0.0.1", Site.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /slow HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertTrue(head.contains("Content-Encoding: gzip"), head);
            assertTrue(head.contains("Transfer-Encoding: chunked"), head);
            // the first piece inflates on its own, while the handler still waits to make the second
            Inflater inflater = new Inflater(true);
            byte[] first = readChunk(in);
            inflater.setInput(first, 10, first.length - 10);
            byte[] text = new byte[64];
            int n = inflater.inflate(text);
            assertEquals("first", new String(text, 0, n, StandardCharsets.UTF_8));
            RELEASE.countDown();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            for (byte[] c = readChunk(in); c.length > 0; c = readChunk(in)) {
                rest.write(c);
            }
            inflater.setInput(rest.toByteArray());
            n = inflater.inflate(text);
            assertEquals("second", new String(text, 0, n, StandardCharsets.UTF_8));
            assertTrue(inflater.finished());
        }
    }

    @Test
    void headGetsTheHeadersOfGetWithoutABody() throws Exception {
        Site.Reply r = send("HEAD", "/", "Accept-Encoding: gzip");
        assertEquals(200, r.status());
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals(0, r.bodyBytes().length);
        Site.Reply stream = send("HEAD", "/big", "Accept-Encoding: gzip");
        assertEquals("gzip", stream.header("Content-Encoding"));
    }

    @Test
    void encodeAndGzipTogetherCompressTheNegotiatedCharset() throws Exception {
        Site.Reply r = get("/typed?type=text/plain", "Accept-Encoding: gzip", "Accept-Charset: iso-8859-1");
        assertEquals("text/plain;charset=iso-8859-1", r.header("Content-Type"));
        assertGzipped(r, PAGE);
    }

    // ---- deflate, and both ------------------------------------------------------------------

    @Test
    void deflateIsTheZlibFormat() throws Exception {
        Site.Reply r = get("/zlib/", "Accept-Encoding: deflate");
        assertEquals("deflate", r.header("Content-Encoding"));
        assertEquals(0x78, r.bodyBytes()[0] & 0xff);
        assertEquals(PAGE, unzlib(r.bodyBytes()));
    }

    @Test
    void deflateIsNotSentToAGzipOnlyClient() throws Exception {
        assertPlain(get("/zlib/", "Accept-Encoding: gzip"));
    }

    @Test
    void withBothOnTheHigherQWins() throws Exception {
        assertEquals("deflate", get("/both/", "Accept-Encoding: gzip;q=0.5, deflate").header("Content-Encoding"));
        assertEquals("gzip", get("/both/", "Accept-Encoding: deflate;q=0.5, gzip").header("Content-Encoding"));
    }

    @Test
    void withBothOnATieGoesToTheCodingListedFirst() throws Exception {
        Site.Reply r = get("/both/", "Accept-Encoding: deflate, gzip");
        assertEquals("deflate", r.header("Content-Encoding"));
        assertEquals(PAGE, unzlib(r.bodyBytes()));
        assertEquals("Accept-Encoding", r.header("Vary"));
    }

    @Test
    void withBothOnAStarGoesToGzipWhateverTheConfigOrder() throws Exception {
        assertGzipped(get("/both/", "Accept-Encoding: *"), PAGE);
        assertGzipped(get("/reversed/", "Accept-Encoding: *"), PAGE);
    }

    @Test
    void withBothOnA406ListsEveryCoding() throws Exception {
        Site.Reply r = get("/both/", "Accept-Encoding: br, identity;q=0");
        assertEquals(406, r.status());
        assertTrue(r.body().contains("identity, gzip, deflate"), r.body());
    }

    @Test
    void aBrowserLikeClientReadsTheCompressedPage() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Site.port() + "/"))
                .header("Accept-Encoding", "gzip, deflate, br").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals(PAGE, gunzip(r.body()));
    }

    // ---- raw reading ------------------------------------------------------------------------

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed in the head");
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : c == '\r' ? 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunk(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed in a chunk size");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        int size = Integer.parseInt(line.toString().trim(), 16);
        byte[] data = in.readNBytes(size);
        in.readNBytes(2);
        return data;
    }
}
