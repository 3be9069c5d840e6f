package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.RequestException;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three timeouts: the whole request head must arrive within {@code headerTimeout} (408, then
 * close), a kept connection may idle for {@code idleTimeout} (then a silent close), and one body
 * read may wait {@code readTimeout} (408 from the handler's read). Margins are wide: the
 * watchdog ticks every 100 ms and the machine may be busy.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class TimeoutsTest {
    @RegisterExtension
    final TestServers servers;

    private static final Duration SHORT = Duration.ofMillis(400);

    TimeoutsTest(Transport transport) {
        servers = new TestServers(transport);
    }

    /** Sends {@code request} a byte at a time, {@code gap} apart, until the server answers or closes. */
    private static void trickle(RawClient client, String request, Duration gap) throws Exception {
        for (int i = 0; i < request.length(); i++) {
            if (!client.trySend(request.substring(i, i + 1))) {
                return;
            }
            if (client.awaitAnything(gap)) {
                return;
            }
        }
    }

    @Test
    void refusesARequestHeadTrickledSlowerThanTheHeaderTimeoutWith408() throws Exception {
        Capture capture = Capture.create();
        RawClient client = servers.connect(servers.start(b -> b.headerTimeout(SHORT), capture));
        long start = System.nanoTime();
        // Every byte comes well within the timeout; the head as a whole does not.
        trickle(client, "GET /slow HTTP/1.1\r\nHost: test\r\nX-Padding: " + "p".repeat(200) + "\r\n\r\n", Duration.ofMillis(50));
        RawResponse r = assertRefused(client, 408);
        assertEquals("HTTP/1.1 408 Request Timeout", r.statusLine());
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(elapsed >= SHORT.toMillis() - 50, "refused only after the timeout, at " + elapsed + " ms");
        capture.assertNotCalled();
    }

    @Test
    void refusesAStalledRequestHeadWith408() throws Exception {
        Capture capture = Capture.create();
        RawClient client = servers.connect(servers.start(b -> b.headerTimeout(SHORT), capture));
        client.send("GET /stalled HTTP/1.1\r\nHost: te");
        assertRefused(client, 408);
        capture.assertNotCalled();
    }

    @Test
    void appliesTheHeaderTimeoutToTheSecondRequestOfAConnection() throws Exception {
        Capture capture = Capture.create();
        RawClient client = servers.connect(servers.start(b -> b.headerTimeout(SHORT).idleTimeout(Duration.ofSeconds(10)), capture));
        client.send(Requests.get("/first"));
        assertEquals(200, client.readResponse().status());
        client.send("GET /second HTTP/1.1\r\n");
        assertRefused(client, 408);
        assertEquals(1, capture.pending());
    }

    @Test
    void closesAnIdleKeptConnectionSilently() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.idleTimeout(SHORT), Capture.create()));
        client.send(Requests.get("/"));
        assertEquals(200, client.readResponse().status());
        long start = System.nanoTime();
        client.assertClosedByServer();
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(elapsed >= SHORT.toMillis() - 100, "closed only after the idle timeout, at " + elapsed + " ms");
    }

    @Test
    void closesANewConnectionThatSendsNothingSilently() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.idleTimeout(SHORT), Capture.create()));
        client.assertClosedByServer();
    }

    @Test
    void keepsAConnectionThatIsNeverIdleForLong() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.idleTimeout(Duration.ofMillis(1500)), Capture.create()));
        for (int i = 0; i < 6; i++) {
            client.send(Requests.get("/" + i));
            assertEquals(200, client.readResponse().status());
            Thread.sleep(300);
        }
    }

    @Test
    void failsAStalledBodyReadWith408() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        HttpServer server = servers.start(b -> b.readTimeout(SHORT), ex -> {
            try {
                ex.body().readAllBytes();
            } catch (RequestException e) {
                seen.add(e);
                throw e;
            }
            ex.send(200, new byte[0]);
        });
        RawClient client = servers.connect(server);
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");
        RawResponse r = assertRefused(client, 408);
        assertEquals(408, r.status());
        assertEquals(1, seen.size());
        assertEquals(408, ((RequestException) seen.get(0)).status());
    }

    @Test
    void failsAStalledChunkedBodyReadWith408() throws Exception {
        Capture capture = Capture.create();
        RawClient client = servers.connect(servers.start(b -> b.readTimeout(SHORT), capture));
        client.send(Requests.chunked("/", "5\r\nhel"));
        assertRefused(client, 408);
        Capture.Seen seen = capture.next();
        assertNotNull(seen.bodyError());
        assertEquals(408, seen.bodyError().status());
    }

    @Test
    void letsTheHandlerAnswerAfterAReadTimeout() throws Exception {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        RawClient client = servers.connect(servers.start(b -> b.readTimeout(SHORT), ex -> {
            try {
                ex.body().readAllBytes();
            } catch (RequestException e) {
                seen.add(e);
            }
            ex.send(400, "gave up".getBytes(StandardCharsets.US_ASCII));
        }));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");
        RawResponse r = client.readResponse();
        assertEquals(400, r.status());
        assertEquals("gave up", r.bodyText());
        assertTrue(r.saysClose(), () -> "the body's framing is lost, so the connection closes: " + r);
        client.assertClosedByServer();
        assertEquals(1, seen.size());
    }

    @Test
    void abandonsAResponseToAClientThatStopsReading() throws Exception {
        // The write deadline protects the server from a client that never reads (slow read).
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        HttpServer server = servers.start(b -> b.readTimeout(SHORT), ex -> {
            byte[] block = new byte[64 * 1024];
            try (var out = ex.start(200, -1)) {
                for (int i = 0; i < 16 * 1024; i++) {
                    out.write(block);
                }
            } catch (IOException e) {
                failure.complete(e);
                throw e;
            }
            failure.complete(null);
        });
        RawClient client = servers.connect(server);
        client.send(Requests.get("/huge"));
        Throwable t = failure.get(15, TimeUnit.SECONDS);
        assertNotNull(t, "the write to a client that reads nothing fails instead of waiting forever");
        TestServers.assertStillServes(servers.connect(server));
    }

    @Test
    void neverTimesOutASlowHandler() throws Exception {
        RawClient client = servers.connect(servers.start(
                b -> b.idleTimeout(Duration.ofMillis(300)).headerTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(300)),
                ex -> {
                    Thread.sleep(900);
                    ex.send(200, "late".getBytes(StandardCharsets.US_ASCII));
                }));
        client.send(Requests.get("/"));
        RawResponse r = client.readResponse();
        assertEquals("late", r.bodyText());
        assertFalse(r.saysClose(), r::toString);
    }

    @Test
    void aSlowButSteadyBodyIsNotCutOff() throws Exception {
        Capture capture = Capture.create();
        RawClient client = servers.connect(servers.start(b -> b.readTimeout(Duration.ofMillis(1500)), capture));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\n");
        for (char c : "hello".toCharArray()) {
            Thread.sleep(150);
            client.send(String.valueOf(c));
        }
        assertEquals(200, client.readResponse().status());
        assertEquals("hello", capture.next().bodyText());
        assertFalse(client.endOfStream());
    }
}
