package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.HttpServer;
import dev.morello.http.RequestException;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What happens when a request or a handler goes wrong: a failing handler gets a 500 before its
 * response starts and an aborted connection after; protocol errors never reach the handler; and
 * no error touches any other connection.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class ErrorHandlingTest {
    @RegisterExtension
    final TestServers servers;

    ErrorHandlingTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments(named("RuntimeException", new IllegalStateException("secret detail"))),
                arguments(named("checked Exception", new Exception("secret detail"))),
                arguments(named("IOException", new IOException("secret detail"))),
                arguments(named("UncheckedIOException", new UncheckedIOException(new IOException("secret detail")))),
                arguments(named("Error", new AssertionError("secret detail"))));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void answers500WhenTheHandlerThrowsBeforeSending(Throwable failure) throws Exception {
        HttpServer server = servers.start(ex -> {
            if (ex.path().equals("/fail")) {
                ex.responseHeaders().set("X-Half-Set", "must not leak");
                if (failure instanceof Exception e) {
                    throw e;
                }
                throw (Error) failure;
            }
            ex.send(200, ascii("fine"));
        });
        RawClient client = servers.connect(server);
        client.send(Requests.get("/fail"));
        RawResponse r = client.readResponse();
        assertEquals("HTTP/1.1 500 Internal Server Error", r.statusLine());
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r::toString);
        assertTrue(r.body().length > 0 && r.body().length < 200, r::toString);
        assertFalse(r.bodyText().contains("secret"), () -> "the error page does not show the exception: " + r.bodyText());
        assertNull(r.header("X-Half-Set"), "fields the handler set before failing are dropped: " + r);
        // The request was framed correctly, so the connection stays usable; so does the server.
        client.send(Requests.get("/ok"));
        assertEquals("fine", client.readResponse().bodyText());
        RawClient other = servers.connect(server);
        other.send(Requests.get("/ok"));
        assertEquals("fine", other.readResponse().bodyText());
    }

    @Test
    void closesAfterA500WhenALargeBodyWasLeftUnread() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.maxDrainBytes(1024), ex -> {
            throw new IllegalStateException("fails before reading");
        }));
        client.send(Requests.withBody("POST", "/", "x".repeat(5000)));
        RawResponse r = client.readResponse();
        assertEquals(500, r.status());
        assertTrue(r.saysClose(), () -> "the unread body cannot be skipped cheaply: " + r);
        client.assertClosedByServer();
    }

    @Test
    void sendsTheStatusOfARequestExceptionTheHandlerThrows() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> {
            throw new RequestException(403, "Not for you", false);
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(403, r.status());
        assertEquals("Not for you", r.bodyText());
        assertFalse(r.saysClose(), "the exception said the connection may be kept: " + r);
        TestServers.assertStillServes(client);
    }

    @Test
    void closesAfterARequestExceptionThatSaysSo() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> {
            throw new RequestException(422, "Unprocessable");
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(422, r.status());
        assertTrue(r.saysClose(), r::toString);
        client.assertClosedByServer();
    }

    @Test
    void abortsTheConnectionWhenTheHandlerThrowsAfterAChunkedResponseStarted() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> {
            OutputStream out = ex.start(200, -1);
            out.write(ascii("partial"));
            out.flush();
            throw new IllegalStateException("failed half-way");
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertFalse(r.complete(), () -> "no last chunk may follow an aborted body: " + r);
        assertTrue(client.endOfStream(), "the connection is cut");
        assertEquals("partial", r.bodyText(), "what was flushed arrives intact");
    }

    @Test
    void abortsAChunkedResponseWithoutSendingAMalformedChunk() throws Exception {
        // The unflushed write sits in the server's buffer when the handler fails: either it is
        // dropped, or it goes out as a well-formed chunk. A half-built chunk (its size line not
        // written yet) must never reach the client.
        RawClient client = servers.connect(servers.start(ex -> {
            OutputStream out = ex.start(200, -1);
            out.write(ascii("unflushed"));
            throw new IllegalStateException("failed half-way");
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertFalse(r.complete(), () -> "no last chunk may follow an aborted body: " + r);
        assertNull(r.problem(), () -> "the bytes sent before the abort are well-formed chunks: " + r
                + " / received " + RawClient.printable(new String(r.body(), StandardCharsets.ISO_8859_1)));
        assertTrue(client.endOfStream());
    }

    @Test
    void abortsTheConnectionWhenTheHandlerWritesLessThanItDeclared() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        RawClient client = servers.connect(servers.start(ex -> {
            OutputStream out = ex.start(200, 100);
            out.write(new byte[10]);
            try {
                out.close();
            } catch (IOException e) {
                seen.add(e);
                throw e;
            }
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("100", r.header("Content-Length"));
        assertFalse(r.complete(), () -> "the client must see the body cut short: " + r);
        assertTrue(r.body().length <= 10);
        assertTrue(client.endOfStream());
        assertEquals(1, seen.size(), "closing the short body tells the handler");
    }

    @Test
    void abortsTheConnectionWhenTheHandlerReturnsWithoutFinishingTheDeclaredBody() throws Exception {
        RawClient client = servers.connect(servers.start(ex -> ex.start(200, 50).write(new byte[20])));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("50", r.header("Content-Length"));
        assertFalse(r.complete(), r::toString);
        assertTrue(client.endOfStream());
    }

    @Test
    void refusesWritesBeyondTheDeclaredLength() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        RawClient client = servers.connect(servers.start(ex -> {
            OutputStream out = ex.start(200, 5);
            try {
                out.write(ascii("0123456789"));
            } catch (IOException e) {
                seen.add(e);
                throw e;
            }
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("5", r.header("Content-Length"));
        assertTrue(r.body().length <= 5, r::toString);
        client.assertClosedByServer();
        assertEquals(1, seen.size());
    }

    @Test
    void abortsWhenSendFileRunsPastTheEndOfTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("short.txt");
        Files.writeString(file, "0123456789");
        RawClient client = servers.connect(servers.start(ex -> {
            try (var ch = FileChannel.open(file)) {
                ex.sendFile(200, ch, 4, 100);
            }
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("100", r.header("Content-Length"));
        assertFalse(r.complete(), () -> "the client sees the body cut short: " + r);
        assertEquals("456789", r.bodyText());
        assertTrue(client.endOfStream());
    }

    @Test
    void abortsWhenTheHandlerSendsTwice() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        RawClient client = servers.connect(servers.start(ex -> {
            ex.send(200, ascii("first"));
            try {
                ex.send(200, ascii("second"));
            } catch (IllegalStateException e) {
                seen.add(e);
                throw e;
            }
        }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("first", r.bodyText());
        client.assertClosedByServer();
        assertEquals(1, seen.size(), "the second send is refused");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments(named("bad request line", "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n"), 400),
                arguments(named("bad header name", "GET / HTTP/1.1\r\nHost: x\r\nX<script>: 1\r\n\r\n"), 400),
                arguments(named("missing host", "GET / HTTP/1.1\r\n\r\n"), 400),
                arguments(named("CL and TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400),
                arguments(named("bad version", "GET / HTTP/2.0\r\nHost: x\r\n\r\n"), 505),
                arguments(named("unimplemented coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501),
                arguments(named("unknown expectation", "GET / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n"), 417));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void protocolErrorsNeverReachTheHandlerAndLeaveOtherConnectionsIntact(String request, int status) throws Exception {
        Capture capture = Capture.create();
        HttpServer server = servers.start(capture);
        RawClient bystander = servers.connect(server);
        bystander.send(Requests.get("/before"));
        assertEquals("GET /before", bystander.readResponse().bodyText());
        // A second bystander is half-way through sending its request while the bad one arrives.
        RawClient halfway = servers.connect(server);
        halfway.send("GET /halfway HTTP/1.1\r\nHost: x\r\n");

        RawClient bad = servers.connect(server);
        bad.send(request);
        RawResponse r = assertRefused(bad, status);
        assertFalse(r.bodyText().contains("script"), "an error page never echoes the request: " + r.bodyText());

        bystander.send(Requests.get("/after"));
        assertEquals("GET /after", bystander.readResponse().bodyText());
        halfway.send("\r\n");
        assertEquals("GET /halfway", halfway.readResponse().bodyText());
        assertEquals("/before", capture.next().target());
        assertEquals("/after", capture.next().target());
        assertEquals("/halfway", capture.next().target());
        capture.assertNotCalled();
    }

    @Test
    void handlerFailuresLeaveOtherConnectionsIntact() throws Exception {
        HttpServer server = servers.start(ex -> {
            if (ex.path().equals("/abort")) {
                ex.start(200, -1).write(ascii("x"));
                throw new IllegalStateException("abort");
            }
            if (ex.path().equals("/fail")) {
                throw new IllegalStateException("fail");
            }
            ex.send(200, ascii("ok"));
        });
        RawClient bystander = servers.connect(server);
        bystander.send(Requests.get("/"));
        assertEquals("ok", bystander.readResponse().bodyText());
        for (String path : List.of("/abort", "/fail", "/abort")) {
            RawClient c = servers.connect(server);
            c.send(Requests.get(path));
            assertNotNull(c.readResponse());
            bystander.send(Requests.get("/"));
            assertEquals("ok", bystander.readResponse().bodyText(), "after " + path);
        }
    }

    @Test
    void keepsServingAfterManyFailures() throws Exception {
        HttpServer server = servers.start(ex -> {
            if (ex.path().equals("/fail")) {
                throw new IllegalStateException("fail");
            }
            ex.send(200, ascii("ok"));
        });
        for (int i = 0; i < 30; i++) {
            try (RawClient c = servers.open(server)) {
                c.send(i % 2 == 0 ? Requests.get("/fail") : "BAD\r\n\r\n");
                assertTrue(c.readResponse().status() >= 400);
            }
        }
        RawClient client = servers.connect(server);
        client.send(Requests.get("/"));
        assertEquals("ok", client.readResponse().bodyText());
        assertTrue(server.isRunning());
    }
}
