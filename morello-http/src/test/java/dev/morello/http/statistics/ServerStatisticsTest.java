package dev.morello.http.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.ServerStatistics;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's counters ({@link HttpServer#statistics()}), read against what raw sockets did:
 * connections, requests, the exact bytes each way, the requests in flight and waiting, refusals
 * by status, WebSockets, and the body bytes an exchange counts. A counter may be bumped just after the client has its answer (the
 * written bytes are counted once the write returns), so figures that can lag are awaited, never
 * slept for.
 */
@Timeout(60)
class ServerStatisticsTest {
    @RegisterExtension
    final TestServers servers = new TestServers();
    @RegisterExtension
    final TestServers tlsServers = new TestServers(Transport.TLS);

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void countsConnectionsRequestsAndTheirBytesExactly() throws Exception {
        HttpServer server = servers.start(ex -> ex.send(200, HELLO));
        String request = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        long written = 0;
        try (Socket first = open(server); Socket second = open(server)) {
            for (int i = 0; i < 3; i++) {
                written += exchange(first, request);
            }
            written += exchange(second, request);
            ServerStatistics s = server.statistics();
            assertEquals(4, s.requests(), s::toString);
            assertEquals(0, s.http2Requests(), s::toString);
            assertEquals(4L * request.length(), s.bytesRead(), "every byte the clients sent, no more");
            long expected = written;
            awaitStatistics(server, t -> t.bytesWritten() == expected, "every byte the clients received");
            assertEquals(2, s.connectionsAccepted(), s::toString);
            assertEquals(2, s.connectionsOpen(), s::toString);
            assertEquals(0, s.refusalCount(), s::toString);
        }
        awaitStatistics(server, t -> t.connectionsOpen() == 0, "both connections closed");
        assertEquals(2, server.statistics().connectionsAccepted(), "closing does not uncount an accept");
    }

    @Test
    void overTlsTheBytesCountedAreTheDecryptedOnes() throws Exception {
        HttpServer server = tlsServers.start(ex -> ex.send(200, HELLO));
        String request = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        RawClient client = tlsServers.connect(server);
        for (int i = 0; i < 2; i++) {
            client.send(request);
            assertEquals("hello", client.readResponse().bodyText());
        }
        ServerStatistics s = server.statistics();
        assertEquals(2, s.requests(), s::toString);
        assertEquals(2L * request.length(), s.bytesRead(), "the requests' bytes, not the handshake's or the records'");
        assertTrue(s.bytesWritten() > 2L * HELLO.length, s::toString);
    }

    @Test
    void aRequestWhoseHandlerRunsIsInFlightAndOneWaitingForAHandlerIsQueued() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = servers.start(b -> b.maxConcurrentRequests(1).requestQueueSize(1), ex -> {
            if (ex.path().equals("/block")) {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
            ex.send(200, HELLO);
        });
        try {
            RawClient running = servers.connect(server);
            running.send(Requests.get("/block"));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            ServerStatistics s = server.statistics();
            assertEquals(1, s.requestsRunning(), s::toString);
            assertEquals(0, s.requestsWaiting(), s::toString);
            RawClient queued = servers.connect(server);
            queued.send(Requests.get("/queued"));
            awaitStatistics(server, t -> t.requestsWaiting() == 1, "the second request waits for the handler");
            assertEquals(1, server.statistics().requestsRunning(), "only one handler runs at once");
            release.countDown();
            assertEquals(200, running.readResponse().status());
            assertEquals(200, queued.readResponse().status());
            awaitStatistics(server, t -> t.requestsRunning() == 0 && t.requestsWaiting() == 0, "nothing left in flight");
            assertEquals(2, server.statistics().requests());
        } finally {
            release.countDown();
        }
    }

    @Test
    void refusalsAreCountedByTheirStatus() throws Exception {
        HttpServer server = servers.start(b -> b.maxHeaderSize(256).maxBodySize(10).headerTimeout(Duration.ofMillis(200)),
                ex -> ex.send(200, ex.body().readAllBytes()));
        RawClient bad = servers.connect(server);
        bad.send("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n");
        assertEquals(400, bad.readResponse().status());
        RawClient large = servers.connect(server);
        large.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(400) + "\r\n\r\n");
        assertEquals(431, large.readResponse().status());
        RawClient body = servers.connect(server);
        body.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");
        assertEquals(413, body.readResponse().status());
        RawClient slow = servers.connect(server);
        slow.send("GET / HTTP/1.1\r\nHost: x\r\n");
        assertEquals(408, slow.readResponse().status());
        awaitStatistics(server, t -> t.refusalCount() == 4, "four refusals");
        ServerStatistics s = server.statistics();
        assertEquals(1, s.refusals(400), s::toString);
        assertEquals(1, s.refusals(431), s::toString);
        assertEquals(1, s.refusals(413), s::toString);
        assertEquals(1, s.refusals(408), s::toString);
        assertEquals(0, s.refusals(503), s::toString);
    }

    @Test
    void aConnectionTurnedAwayAtTheLimitIsAcceptedAndRefusedWith503() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = servers.start(b -> b.maxConnections(1), ex -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            ex.send(200, HELLO);
        });
        try {
            RawClient busy = servers.connect(server);
            busy.send(Requests.get("/busy"));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            RawClient late = servers.connect(server);
            late.send(Requests.get("/late"));
            assertEquals(503, late.readResponse().status());
            awaitStatistics(server, t -> t.refusals(503) == 1, "the quick 503");
            ServerStatistics s = server.statistics();
            assertEquals(2, s.connectionsAccepted(), s::toString);
            assertEquals(1, s.requests(), "the refused connection's request was never read: " + s);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aWebSocketCountsAsAnUpgradeAndAsOpenNotAsARequestInFlight() throws Exception {
        CountDownLatch opened = new CountDownLatch(1);
        HttpServer server = servers.start(ex -> ex.upgradeToWebSocket(WebSocketConfig.defaults(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                opened.countDown();
            }
        }));
        try (RawClient client = servers.open(server)) {
            client.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            RawResponse r = client.readHeadResponse();
            assertEquals(101, r.status(), r::toString);
            assertTrue(opened.await(10, TimeUnit.SECONDS));
            ServerStatistics s = server.statistics();
            assertEquals(1, s.webSocketUpgrades(), s::toString);
            assertEquals(1, s.webSocketsOpen(), s::toString);
            assertEquals(0, s.requestsRunning(), "an open WebSocket is not a request in flight: " + s);
            assertEquals(1, s.requests(), s::toString);
        }
        awaitStatistics(server, t -> t.webSocketsOpen() == 0, "the WebSocket closed");
        assertEquals(1, server.statistics().webSocketUpgrades());
    }

    @Test
    void theExchangeCountsTheBodyBytesEachWay() throws Exception {
        BlockingQueue<String> counts = new LinkedBlockingQueue<>();
        HttpServer server = servers.start(ex -> {
            ex.body().readAllBytes();
            try (OutputStream out = ex.start(200, -1)) {
                out.write(HELLO);
                out.write(HELLO, 0, 3);
            }
            counts.add(ex.bodyBytesRead() + " " + ex.bodyBytesWritten());
        });
        RawClient client = servers.connect(server);
        client.send(Requests.chunked("/", "4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n"));
        assertEquals("hellohel", client.readResponse().bodyText());
        assertEquals("10 8", counts.poll(10, TimeUnit.SECONDS), "body bytes read and written, without the chunks' framing");
        client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(200, client.readHeadResponse().status());
        assertEquals("0 0", counts.poll(10, TimeUnit.SECONDS), "a response to HEAD sends no body");
    }

    @Test
    void theUptimeRunsFromTheStartToTheStop() {
        HttpServer server = HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(0).build(), ex -> { });
        ServerStatistics before = server.statistics();
        assertNull(before.startTime());
        assertEquals(Duration.ZERO, before.uptime());
        server.start();
        try {
            assertNotNull(server.statistics().startTime());
            assertTrue(!server.statistics().uptime().isNegative());
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
        assertEquals(server.statistics().uptime(), server.statistics().uptime(), "a stopped server's uptime stands still");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Socket open(HttpServer server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends the request and reads one response framed by Content-Length; returns its bytes. */
    private static long exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                fail("the connection ended inside a response head: " + head);
            }
            head.write(b);
        }
        int length = -1;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        assertTrue(length >= 0, "a response framed by Content-Length: " + head);
        assertEquals(length, in.readNBytes(length).length);
        return head.size() + (long) length;
    }

    /** Waits until the server's statistics satisfy {@code condition}, failing after 10 s with the last ones. */
    static ServerStatistics awaitStatistics(HttpServer server, Predicate<ServerStatistics> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ServerStatistics s = server.statistics();
        while (!condition.test(s)) {
            if (System.nanoTime() - deadline > 0) {
                fail("statistics never showed " + what + ": " + s);
            }
            Thread.sleep(5);
            s = server.statistics();
        }
        return s;
    }
}
