package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where the server listens: IPv4, IPv6 and Unix domain sockets. */
@Timeout(30)
class SocketsTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private final Capture capture = Capture.create();

    @Test
    void servesOnIpv4Loopback() throws Exception {
        HttpServer server = servers.start(b -> b.host("127.0.0.1"), capture);
        var bound = (InetSocketAddress) server.address();
        assertEquals(InetAddress.getByName("127.0.0.1"), bound.getAddress());
        assertTrue(server.port() > 0);
        assertEquals(server.port(), bound.getPort());
        RawClient client = servers.connect(server);
        client.send(Requests.get("/v4"));
        assertEquals("GET /v4", client.readResponse().bodyText());
        Capture.Seen seen = capture.next();
        var remote = assertInstanceOf(InetSocketAddress.class, seen.remoteAddress());
        var local = assertInstanceOf(InetSocketAddress.class, seen.localAddress());
        assertEquals(InetAddress.getByName("127.0.0.1"), remote.getAddress());
        assertEquals(server.port(), local.getPort());
        assertEquals(((InetSocketAddress) client.channel().getLocalAddress()).getPort(), remote.getPort());
    }

    @Test
    void servesOnIpv6Loopback() throws Exception {
        Assumptions.assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this machine");
        HttpServer server = servers.start(b -> b.host("::1"), capture);
        var bound = (InetSocketAddress) server.address();
        assertEquals(InetAddress.getByName("::1"), bound.getAddress());
        RawClient client = servers.connect(server);
        client.send("GET /v6 HTTP/1.1\r\nHost: [::1]:" + server.port() + "\r\n\r\n");
        assertEquals("GET /v6", client.readResponse().bodyText());
        Capture.Seen seen = capture.next();
        assertEquals("[::1]:" + server.port(), seen.host());
        var remote = assertInstanceOf(InetSocketAddress.class, seen.remoteAddress());
        assertEquals(InetAddress.getByName("::1"), remote.getAddress());
        TestServers.assertStillServes(client);
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void servesOnAUnixDomainSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("morello.sock");
        HttpServer server = servers.start(b -> b.unixSocket(socket), capture);
        assertEquals(-1, server.port());
        assertInstanceOf(UnixDomainSocketAddress.class, server.address());
        assertTrue(Files.exists(socket));
        try (RawClient client = RawClient.connect(UnixDomainSocketAddress.of(socket))) {
            client.send(Requests.get("/unix"));
            RawResponse r = client.readResponse();
            assertEquals("GET /unix", r.bodyText());
            assertTrue(r.hasHeader("Date"));
            client.send(Requests.withBody("POST", "/unix-body", "over a unix socket"));
            assertEquals("POST /unix-body", client.readResponse().bodyText());
        }
        capture.next();
        Capture.Seen seen = capture.next();
        assertEquals("over a unix socket", seen.bodyText());
        assertInstanceOf(UnixDomainSocketAddress.class, seen.remoteAddress());
        assertInstanceOf(UnixDomainSocketAddress.class, seen.localAddress());
        server.stop(Duration.ofSeconds(2));
        assertFalse(Files.exists(socket), "the socket file is removed at stop");
    }

    @Test
    void appliesTimeoutsOnAUnixDomainSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("t.sock");
        servers.start(b -> b.unixSocket(socket).headerTimeout(Duration.ofMillis(400)), capture);
        try (RawClient client = RawClient.connect(UnixDomainSocketAddress.of(socket))) {
            client.send("GET / HTTP/1.1\r\nHo");
            Requests.assertRefused(client, 408);
        }
        capture.assertNotCalled();
    }

    @Test
    void replacesAStaleSocketFile(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("stale.sock");
        // A socket file left by an earlier run: bound, then closed without being removed.
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        HttpServer server = servers.start(b -> b.unixSocket(socket), capture);
        try (RawClient client = RawClient.connect(server.address())) {
            client.send(Requests.get("/"));
            assertEquals(200, client.readResponse().status());
        }
    }

    @Test
    void refusesToReplaceAFileThatIsNotASocket(@TempDir Path dir) throws Exception {
        Path notASocket = dir.resolve("data.txt");
        Files.writeString(notASocket, "precious");
        assertThrows(UncheckedIOException.class, () -> servers.start(b -> b.unixSocket(notASocket), capture));
        assertEquals("precious", Files.readString(notASocket));
    }

    @Test
    void failsToStartOnAPortInUse() throws Exception {
        HttpServer first = servers.start(capture);
        assertThrows(UncheckedIOException.class, () -> servers.start(b -> b.port(first.port()), capture));
        RawClient client = servers.connect(first);
        client.send(Requests.get("/"));
        assertEquals(200, client.readResponse().status(), "the first server is unaffected");
    }
}
