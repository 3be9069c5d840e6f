package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.HeaderName;
import dev.morello.http.HttpDate;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpVersion;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How responses are framed and what every response carries (RFC 9112 §4, §6; RFC 9110 §6.6):
 * the status line, Date and Server, Content-Length, chunked or close-delimited bodies, and the
 * header values a handler may not smuggle through.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class ResponseFramingTest {
    @RegisterExtension
    final TestServers servers;

    /** IMF-fixdate, RFC 9110 §5.6.7. */
    private static final String IMF_FIXDATE =
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
                    + "\\d{2}:\\d{2}:\\d{2} GMT";

    ResponseFramingTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient serve(HttpHandler handler) throws Exception {
        return servers.connect(servers.start(handler));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- status line, Date, Server ---------------------------------------------------------------

    static Stream<Arguments> statuses() {
        return Stream.of(arguments(200, "OK"), arguments(201, "Created"), arguments(202, "Accepted"),
                arguments(301, "Moved Permanently"), arguments(400, "Bad Request"), arguments(404, "Not Found"),
                arguments(418, "I'm a teapot"), arguments(500, "Internal Server Error"),
                arguments(503, "Service Unavailable"), arguments(299, ""), arguments(599, ""));
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void writesVersionCodeAndReasonInTheStatusLine(int status, String reason) throws Exception {
        RawClient client = serve(ex -> ex.send(status, ascii("x")));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        assertEquals("HTTP/1.1 " + status + " " + reason, r.statusLine());
        assertEquals("x", r.bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void writesACustomReasonPhraseForThatResponseOnly() throws Exception {
        RawClient client = serve(ex -> {
            if (ex.path().equals("/custom")) {
                ex.reason("My custom error\r\nX-Injected: 1");
            }
            ex.send(431, ascii("x"));
        });
        client.send(Requests.get("/custom"));
        RawResponse r = client.readResponse();
        // RFC 9112 §4: the reason phrase is free text, but never a line break
        assertEquals("HTTP/1.1 431 My custom error  X-Injected: 1", r.statusLine());
        assertFalse(r.hasHeader("X-Injected"));
        client.send(Requests.get("/standard"));
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", client.readResponse().statusLine());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 100, 101, 103, 199, 600, 1000})
    void refusesStatusCodesThatCannotBeAFinalResponse(int status) throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        RawClient client = serve(ex -> {
            try {
                ex.send(status, ascii("x"));
            } catch (IllegalArgumentException e) {
                failures.add(e);
            }
            if (!ex.committed()) {
                ex.send(200, ascii("fallback"));
            }
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals("fallback", r.bodyText());
        assertEquals(1, failures.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-12-07T04:07:25Z|Mon, 07 Dec 2026 04:07:25 GMT",
        "2024-02-29T12:00:00Z|Thu, 29 Feb 2024 12:00:00 GMT",
        "2026-12-31T23:59:59Z|Thu, 31 Dec 2026 23:59:59 GMT",
        "2027-01-01T00:00:00Z|Fri, 01 Jan 2027 00:00:00 GMT",
    })
    void sendsTheClocksDateInImfFixdateOnEveryResponse(String now, String expected) throws Exception {
        Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
        RawClient client = servers.connect(servers.start(b -> b.clock(clock), ex -> {
            if (ex.path().equals("/fail")) {
                throw new IllegalStateException("boom");
            }
            ex.send(200, ascii("ok"));
        }));
        client.send(Requests.get("/ok"));
        RawResponse ok = client.readResponse();
        client.send(Requests.get("/fail"));
        RawResponse failed = client.readResponse();
        client.send("GET / HTTP/1.1\r\nHost: test\r\nBad Name: x\r\n\r\n");
        RawResponse refused = client.readResponse();
        for (RawResponse r : List.of(ok, failed, refused)) {
            assertEquals(List.of(expected), r.headers("Date"), () -> "one Date field, the clock's: " + r);
            assertTrue(expected.matches(IMF_FIXDATE));
        }
    }

    @Test
    void sendsTheSystemClocksDateByDefault() throws Exception {
        RawClient client = serve(ex -> ex.send(200, ascii("ok")));
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        client.send(Requests.get("/ok"));
        RawResponse r = client.readResponse();
        Instant after = Instant.now();
        String date = r.header("Date");
        assertTrue(date.matches(IMF_FIXDATE), () -> "not an IMF-fixdate: " + date);
        Instant sent = HttpDate.parse(date, after);
        assertTrue(!sent.isBefore(before) && !sent.isAfter(after), () -> date + " is not between " + before + " and " + after);
    }

    @Test
    void namesItselfMorelloByDefault() throws Exception {
        RawClient client = serve(ex -> ex.send(200, new byte[0]));
        client.send(Requests.get("/"));
        assertEquals(List.of("Morello"), client.readResponse().headers("Server"));
    }

    @Test
    void usesTheConfiguredServerName() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.serverName("Acme/1.0 (test)"), ex -> ex.send(200, new byte[0])));
        client.send(Requests.get("/"));
        assertEquals(List.of("Acme/1.0 (test)"), client.readResponse().headers("Server"));
        client.send("GET / HTTP/1.1\r\n\r\n");
        assertEquals(List.of("Acme/1.0 (test)"), client.readResponse().headers("Server"), "error responses too");
    }

    @Test
    void sendsNoServerFieldWhenTheNameIsEmpty() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.serverName(""), ex -> ex.send(200, new byte[0])));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertFalse(r.hasHeader("Server"), r::toString);
        assertTrue(r.hasHeader("Date"), r::toString);
    }

    @Test
    void letsTheHandlerReplaceServerAndDate() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().set(HeaderName.SERVER, "Custom");
            ex.responseHeaders().set("date", "Sun, 06 Nov 1994 08:49:37 GMT");
            ex.send(200, new byte[0]);
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(List.of("Custom"), r.headers("Server"));
        assertEquals(List.of("Sun, 06 Nov 1994 08:49:37 GMT"), r.headers("Date"));
    }

    // ---- Content-Length --------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 4095, 4096, 4097, 100_000})
    void sendsContentLengthForSend(int size) throws Exception {
        byte[] body = pattern(size);
        RawClient client = serve(ex -> ex.send(200, body));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(String.valueOf(size), r.header("Content-Length"));
        assertNull(r.header("Transfer-Encoding"));
        assertArrayEquals(body, r.body());
        TestServers.assertStillServes(client);
    }

    @Test
    void sendsContentLengthForARangeOfAnArray() throws Exception {
        RawClient client = serve(ex -> ex.send(200, ascii("0123456789"), 2, 5));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("5", r.header("Content-Length"));
        assertEquals("23456", r.bodyText());
    }

    @Test
    void sendsContentLengthForStartWithALength() throws Exception {
        byte[] body = pattern(50_000);
        RawClient client = serve(ex -> {
            try (OutputStream out = ex.start(200, body.length)) {
                out.write(body, 0, 10);
                out.write(body[10]);
                out.write(body, 11, 30_000 - 11);
                out.flush();
                out.write(body, 30_000, 20_000);
            }
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("50000", r.header("Content-Length"));
        assertNull(r.header("Transfer-Encoding"));
        assertArrayEquals(body, r.body());
        TestServers.assertStillServes(client);
    }

    @Test
    void ownsTheFramingFieldsWhateverTheHandlerSets() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().set(HeaderName.TRANSFER_ENCODING, "gzip");
            ex.responseHeaders().set(HeaderName.CONTENT_LENGTH, "999");
            ex.send(200, ascii("hello"));
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(List.of("5"), r.headers("Content-Length"));
        assertEquals(List.of(), r.headers("Transfer-Encoding"));
        assertEquals("hello", r.bodyText());
        TestServers.assertStillServes(client);
    }

    // ---- chunked ---------------------------------------------------------------------------------

    private RawResponse chunkedResponse(HttpHandler handler) throws Exception {
        RawClient client = serve(handler);
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals("chunked", r.header("Transfer-Encoding"), r::toString);
        assertNull(r.header("Content-Length"), r::toString);
        assertTrue(r.complete(), () -> "the body ends with the last chunk 0\\r\\n\\r\\n: " + r);
        assertEquals(List.of(), r.trailers());
        assertFalse(r.chunkSizes().contains(0), "no empty chunk before the last one");
        TestServers.assertStillServes(client);
        return r;
    }

    @Test
    void chunksABodyOfUnknownLengthWrittenInSmallFlushedPieces() throws Exception {
        RawResponse r = chunkedResponse(ex -> {
            try (OutputStream out = ex.start(200, -1)) {
                out.write(ascii("hello"));
                out.flush();
                out.write(ascii(", "));
                out.flush();
                out.write(ascii("world"));
            }
        });
        assertEquals("hello, world", r.bodyText());
        assertEquals(List.of(5, 2, 5), r.chunkSizes(), "each flush ends a chunk");
    }

    @Test
    void chunksABodyWrittenInManySmallWrites() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            expected.writeBytes(ascii(String.format("line %04d\n", i)));
        }
        RawResponse r = chunkedResponse(ex -> {
            try (OutputStream out = ex.start(200, -1)) {
                for (int i = 0; i < 1000; i++) {
                    out.write(ascii(String.format("line %04d\n", i)));
                }
            }
        });
        assertArrayEquals(expected.toByteArray(), r.body());
        assertEquals(expected.size(), r.chunkSizes().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void chunksOneLargeWrite() throws Exception {
        byte[] body = pattern(100 * 1024);
        RawResponse r = chunkedResponse(ex -> {
            try (OutputStream out = ex.start(200, -1)) {
                out.write(body);
            }
        });
        assertArrayEquals(body, r.body());
    }

    @Test
    void chunksMixedWritesIncludingEmptyAndSingleBytes() throws Exception {
        byte[] big = pattern(10_000);
        RawResponse r = chunkedResponse(ex -> {
            OutputStream out = ex.start(200, -1);
            out.write(new byte[0]);
            out.write('a');
            out.write(big);
            out.write(new byte[0]);
            out.flush();
            out.flush();
            out.write(ascii("tail"));
            out.write('z');
            // Not closed: the server ends the body when the handler returns.
        });
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write('a');
        expected.writeBytes(big);
        expected.writeBytes(ascii("tail"));
        expected.write('z');
        assertArrayEquals(expected.toByteArray(), r.body());
    }

    @Test
    void sendsOnlyTheLastChunkForAnEmptyBodyOfUnknownLength() throws Exception {
        RawResponse r = chunkedResponse(ex -> ex.start(200, -1).close());
        assertEquals(0, r.body().length);
        assertEquals(List.of(), r.chunkSizes());
    }

    @Test
    void delimitsABodyOfUnknownLengthByClosingForAnHttp10Client() throws Exception {
        byte[] body = pattern(20_000);
        RawClient client = serve(ex -> {
            try (OutputStream out = ex.start(200, -1)) {
                out.write(body, 0, 7);
                out.flush();
                out.write(body, 7, body.length - 7);
            }
        });
        client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertNull(r.header("Transfer-Encoding"), "no chunked coding for HTTP/1.0: " + r);
        assertNull(r.header("Content-Length"), r::toString);
        assertTrue(r.saysClose(), r::toString);
        assertEquals(RawResponse.Framing.CLOSE, r.framing());
        assertArrayEquals(body, r.body());
        assertTrue(client.endOfStream());
    }

    @Test
    void speaksHttp10WhenConfiguredTo() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.protocolVersion(HttpVersion.HTTP_1_0), ex -> {
            try (OutputStream out = ex.start(200, -1)) {
                out.write(ascii("streamed"));
            }
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("HTTP/1.0 200 OK", r.statusLine());
        assertNull(r.header("Transfer-Encoding"), r::toString);
        assertTrue(r.saysClose(), r::toString);
        assertEquals("streamed", r.bodyText());
        assertTrue(client.endOfStream());
    }

    @Test
    void usesHttp10InEveryStatusLineWhenConfiguredTo() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.protocolVersion(HttpVersion.HTTP_1_0), ex -> ex.send(200, new byte[0])));
        client.send("GET / HTTP/1.1\r\nHost: test\r\nBad Name: x\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals("HTTP/1.0 400 Bad Request", r.statusLine());
    }

    // ---- header values from the handler ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: x", "a\rb", "a\nb", "a\u0000b", "a\u007fb", "\u0001", "a\u0100b", "\u2028"})
    void refusesHeaderValuesThatCouldSplitTheResponse(String value) throws Exception {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        RawClient client = serve(ex -> {
            try {
                ex.responseHeaders().set("X-Echo", value);
            } catch (IllegalArgumentException e) {
                failures.put("set", e);
            }
            try {
                ex.responseHeaders().add(HeaderName.LOCATION, "/x" + value);
            } catch (IllegalArgumentException e) {
                failures.put("add", e);
            }
            ex.send(200, ascii("ok"));
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals("ok", r.bodyText());
        assertEquals(2, failures.size(), () -> "both refused: " + failures);
        assertFalse(r.hasHeader("X-Echo"), r::toString);
        assertFalse(r.hasHeader("Location"), r::toString);
        assertFalse(r.hasHeader("Set-Cookie"), r::toString);
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Name", "Bad:Name", "", "Bad\r\nName", "Na\u00efve"})
    void refusesHeaderNamesThatAreNotTokens(String name) throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        RawClient client = serve(ex -> {
            try {
                ex.responseHeaders().set(name, "v");
            } catch (IllegalArgumentException e) {
                failures.add(e);
            }
            ex.send(200, ascii("ok"));
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals(1, failures.size());
    }

    @Test
    void writesLongHandlerFieldsWhole() throws Exception {
        String longValue = "v".repeat(10_000);
        RawClient client = serve(ex -> {
            ex.responseHeaders().set("X-Long", longValue);
            for (int i = 0; i < 100; i++) {
                ex.responseHeaders().add("X-Many", "value-" + i);
            }
            ex.send(200, ascii("ok"));
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(longValue, r.header("X-Long"));
        assertEquals(100, r.headers("X-Many").size());
        assertEquals("value-99", r.headers("X-Many").get(99));
        assertEquals("ok", r.bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void replacesHandlerFieldsCaseInsensitively() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().set("x-one", "1");
            ex.responseHeaders().set("X-ONE", "2");
            ex.responseHeaders().add("X-Two", "a");
            ex.responseHeaders().remove("x-two");
            ex.send(200, new byte[0]);
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(List.of("2"), r.headers("X-One"));
        assertFalse(r.hasHeader("X-Two"), r::toString);
    }

    @Test
    void writesHandlerFieldsInOrderWithRepeats() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().add(HeaderName.SET_COOKIE, "a=1");
            ex.responseHeaders().set("X-One", "1");
            ex.responseHeaders().add("set-cookie", "b=2");
            ex.responseHeaders().set("X-Tab", "a\tb");
            ex.responseHeaders().set("X-Latin", "caf\u00e9");
            ex.send(200, new byte[0]);
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(List.of("a=1", "b=2"), r.headers("Set-Cookie"));
        assertEquals("1", r.header("X-One"));
        assertEquals("a\tb", r.header("X-Tab"));
        assertEquals("caf\u00e9", r.header("X-Latin"), "sent as the ISO-8859-1 byte 0xE9");
    }

    // ---- sendFile and empty responses ------------------------------------------------------------

    @Test
    void sendsExactlyTheRequestedFileRegion(@TempDir Path dir) throws Exception {
        byte[] content = pattern(300_000);
        Path file = dir.resolve("data.bin");
        Files.write(file, content);
        RawClient client = serve(ex -> {
            long position = Long.parseLong(ex.query().split(",")[0]);
            long count = Long.parseLong(ex.query().split(",")[1]);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ex.sendFile(200, ch, position, count);
            }
        });
        long[][] regions = {{0, 300_000}, {1234, 5000}, {299_999, 1}, {10, 0}, {65_536, 200_000}};
        for (long[] region : regions) {
            client.send(Requests.get("/file?" + region[0] + "," + region[1]));
            RawResponse r = client.readResponse();
            assertEquals(200, r.status());
            assertEquals(String.valueOf(region[1]), r.header("Content-Length"));
            assertArrayEquals(Arrays.copyOfRange(content, (int) region[0], (int) (region[0] + region[1])), r.body(),
                    "region " + region[0] + "+" + region[1]);
        }
        TestServers.assertStillServes(client);
    }

    @Test
    void sendsAnEmpty200WhenTheHandlerSendsNothing() throws Exception {
        RawClient client = serve(ex -> { });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("HTTP/1.1 200 OK", r.statusLine());
        assertEquals("0", r.header("Content-Length"));
        assertEquals(0, r.body().length);
        TestServers.assertStillServes(client);
    }

    @Test
    void keepsHandlerFieldsOnTheEmpty200() throws Exception {
        RawClient client = serve(ex -> ex.responseHeaders().set("X-Set", "yes"));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals("yes", r.header("X-Set"));
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 13 + (i >>> 9));
        }
        return b;
    }
}
