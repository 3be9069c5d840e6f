package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HeaderName;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpHandler;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses without content (RFC 9110 §9.3.2, §15.3.5, §15.4.5; RFC 9112 §6.3): HEAD gets the
 * GET's header fields and no body, 204 and 304 never have one. Each test reuses the connection
 * afterwards: a stray body byte would be read as the next status line and fail it.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class HeadAndBodilessTest {
    @RegisterExtension
    final TestServers servers;

    HeadAndBodilessTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient serve(HttpHandler handler) throws Exception {
        return servers.connect(servers.start(handler));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Set<String> names(RawResponse r) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        r.fields().forEach(f -> names.add(f.name()));
        return names;
    }

    /** Sends GET then HEAD on one connection; checks the HEAD response mirrors the GET's and has no body. */
    private RawResponse[] getThenHead(RawClient client) throws Exception {
        client.send(Requests.get("/resource"));
        RawResponse get = client.readResponse();
        client.send("HEAD /resource HTTP/1.1\r\nHost: test\r\n\r\n");
        RawResponse head = client.readHeadResponse();
        assertEquals(get.statusLine(), head.statusLine());
        assertEquals(get.header("Content-Type"), head.header("Content-Type"));
        assertEquals(get.header("X-Custom"), head.header("X-Custom"));
        TestServers.assertStillServes(client);
        return new RawResponse[] {get, head};
    }

    @Test
    void headGetsTheGetsFieldsAndLengthWithoutTheBodyForSend() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().set(HeaderName.CONTENT_TYPE, "text/plain").set("X-Custom", "c");
            ex.send(200, ascii("hello world"));
        });
        RawResponse[] r = getThenHead(client);
        assertEquals("11", r[0].header("Content-Length"));
        assertEquals("11", r[1].header("Content-Length"), "HEAD announces the length GET would send");
        assertEquals(names(r[0]), names(r[1]));
    }

    @Test
    void headGetsTheLengthWithoutTheBodyForStartWithALength() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().set("X-Custom", "c");
            try (OutputStream out = ex.start(200, 5000)) {
                for (int i = 0; i < 50; i++) {
                    out.write(new byte[100]);
                }
            }
        });
        RawResponse[] r = getThenHead(client);
        assertEquals(5000, r[0].body().length);
        assertEquals("5000", r[1].header("Content-Length"));
        assertEquals(names(r[0]), names(r[1]));
    }

    @Test
    void headGetsNoBodyForAResponseOfUnknownLength() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().set("X-Custom", "c");
            try (OutputStream out = ex.start(200, -1)) {
                out.write(new byte[10_000]);
            }
        });
        RawResponse[] r = getThenHead(client);
        assertEquals("chunked", r[0].header("Transfer-Encoding"));
        assertNull(r[1].header("Content-Length"), "the length is not known: " + r[1]);
        assertFalse(r[1].saysClose(), "a HEAD response needs no close to delimit it: " + r[1]);
    }

    @Test
    void headGetsTheLengthWithoutTheBodyForSendFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "0123456789".repeat(100));
        RawClient client = serve(ex -> {
            ex.responseHeaders().set("X-Custom", "c");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ex.sendFile(200, ch, 100, 700);
            }
        });
        RawResponse[] r = getThenHead(client);
        assertEquals(700, r[0].body().length);
        assertEquals("700", r[1].header("Content-Length"));
    }

    @Test
    void headGetsTheHandlersContentLengthWhenItStartsWithUnknownLength() throws Exception {
        RawClient client = serve(ex -> {
            ex.responseHeaders().set(HeaderName.CONTENT_LENGTH, "1234");
            ex.start(200, -1).close();
        });
        client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n");
        RawResponse r = client.readHeadResponse();
        assertEquals(List.of("1234"), r.headers("Content-Length"));
        TestServers.assertStillServes(client);
    }

    @Test
    void headGetsNoBodyInAnErrorResponse() throws Exception {
        RawClient client = serve(ex -> {
            throw new IllegalStateException("fails");
        });
        client.send("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n");
        RawResponse r = client.readHeadResponse();
        assertEquals(500, r.status());
        TestServers.assertStillServes(client);
    }

    @Test
    void headForAnHttp10ClientHasNoBody() throws Exception {
        RawClient client = serve(ex -> ex.send(200, ascii("body")));
        client.send("HEAD / HTTP/1.0\r\n\r\n");
        RawResponse r = client.readHeadResponse();
        assertEquals(200, r.status());
        assertEquals("4", r.header("Content-Length"));
        client.assertClosedByServer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"send", "start-length", "start-unknown"})
    void noContentHasNoBodyAndNoLength(String how) throws Exception {
        RawClient client = serve(ex -> respond(ex, 204, how));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("HTTP/1.1 204 No Content", r.statusLine());
        assertNull(r.header("Content-Length"), r::toString);
        assertNull(r.header("Transfer-Encoding"), r::toString);
        assertFalse(r.saysClose(), r::toString);
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"send", "start-length", "start-unknown"})
    void notModifiedHasNoBody(String how) throws Exception {
        RawClient client = serve(ex -> respond(ex, 304, how));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("HTTP/1.1 304 Not Modified", r.statusLine());
        assertNull(r.header("Transfer-Encoding"), r::toString);
        assertFalse(r.saysClose(), r::toString);
        TestServers.assertStillServes(client);
    }

    @Test
    void notModifiedMayCarryTheHandlersContentLength() throws Exception {
        // RFC 9110 §8.6: a 304 may tell the length a 200 would have had.
        RawClient client = serve(ex -> {
            ex.responseHeaders().set(HeaderName.CONTENT_LENGTH, "1234");
            ex.responseHeaders().set(HeaderName.ETAG, "\"v1\"");
            ex.send(304, new byte[0]);
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(304, r.status());
        assertEquals(List.of("1234"), r.headers("Content-Length"));
        assertEquals("\"v1\"", r.header("ETag"));
        TestServers.assertStillServes(client);
    }

    @Test
    void noContentNeverCarriesTheHandlersContentLength() throws Exception {
        // RFC 9110 §8.6: a server MUST NOT send Content-Length in a 204.
        RawClient client = serve(ex -> {
            ex.responseHeaders().set(HeaderName.CONTENT_LENGTH, "10");
            ex.send(204, new byte[0]);
        });
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(204, r.status());
        assertNull(r.header("Content-Length"), r::toString);
        TestServers.assertStillServes(client);
    }

    @Test
    void bodilessResponsesToHttp10ClientsAreDelimitedToo() throws Exception {
        RawClient client = serve(ex -> respond(ex, 204, "start-unknown"));
        client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(204, r.status());
        assertTrue(r.hasConnectionOption("keep-alive"), () -> "nothing to delimit, so the connection stays: " + r);
        TestServers.assertStillServes(client);
    }

    private static void respond(HttpExchange ex, int status, String how) throws Exception {
        byte[] ignored = ascii("this must not be sent");
        switch (how) {
            case "send" -> ex.send(status, ignored);
            case "start-length" -> {
                try (OutputStream out = ex.start(status, ignored.length)) {
                    out.write(ignored);
                }
            }
            case "start-unknown" -> {
                try (OutputStream out = ex.start(status, -1)) {
                    out.write(ignored);
                }
            }
            default -> throw new IllegalArgumentException(how);
        }
    }
}
