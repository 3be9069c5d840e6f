package dev.morello.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.engine.State;
import dev.morello.testing.Site;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Liveness and readiness through a real server: started, a failing check, starting, stopping. */
@Timeout(120)
class HealthTest {
    private final CountDownLatch release = new CountDownLatch(1);

    public class Root {
        /** Holds its request until the test lets it go: a request in flight while the site stops. */
        @Expose
        public String slow() throws InterruptedException {
            release.await(60, TimeUnit.SECONDS);
            return "slow done";
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        Site.stop();
        Morello.reset();
    }

    @Test
    void liveAndReadyWhileStarted() throws Exception {
        Site.start(() -> Morello.tree().mount(new Health(Morello.engine()), "/health"));
        Site.Reply live = Site.get("/health/live");
        assertEquals(200, live.status());
        assertEquals("live\n", live.body());
        assertEquals("no-store", live.header("Cache-Control"));
        assertEquals("text/plain;charset=utf-8", live.header("Content-Type"));
        Site.Reply ready = Site.get("/health/ready");
        assertEquals(200, ready.status());
        assertEquals("ready\n", ready.body());
        assertEquals("no-store", ready.header("Cache-Control"));
        assertEquals("ready\n", Site.get("/health/").body());
        assertEquals(200, Site.method("HEAD", "/health/ready").status());
    }

    @Test
    void aCheckThatFailsOrThrowsMakesItNotReadyButStillLive() throws Exception {
        Health health = new Health(Morello.engine())
                .check("database", () -> false)
                .check("disk", () -> true)
                .check("cache", () -> {
                    throw new IllegalStateException("down");
                });
        Site.start(() -> Morello.tree().mount(health, "/health"));
        Site.Reply ready = Site.get("/health/ready");
        assertEquals(503, ready.status());
        assertEquals("not ready: database, cache\n", ready.body());
        assertEquals(200, Site.get("/health/live").status());
    }

    @Test
    void checkNamesAreDistinctPrintableText() {
        Health health = new Health(Morello.engine()).check("database", () -> true);
        assertThrows(IllegalArgumentException.class, () -> health.check("database", () -> true));
        assertThrows(IllegalArgumentException.class, () -> health.check(" ", () -> true));
        assertThrows(IllegalArgumentException.class, () -> health.check("a\nb", () -> true));
    }

    @Test
    void notReadyWhileTheEngineStarts() throws Exception {
        CountDownLatch pluginStarting = new CountDownLatch(1);
        CountDownLatch letStart = new CountDownLatch(1);
        Morello.reset();
        Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        Morello.tree().mount(new Health(Morello.engine()), "/health");
        // a plugin that starts after the server (priority 75), slowly: the site answers, not ready
        Morello.engine().subscribe("start", args -> {
            pluginStarting.countDown();
            try {
                letStart.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 90);
        Thread starter = Thread.ofVirtual().start(() -> Morello.engine().start());
        try {
            assertTrue(pluginStarting.await(60, TimeUnit.SECONDS));
            assertEquals(State.STARTING, Morello.engine().state());
            Site.Reply ready = Site.get("/health/ready");
            assertEquals(503, ready.status());
            assertEquals("not ready: starting\n", ready.body());
            assertEquals(200, Site.get("/health/live").status());
        } finally {
            letStart.countDown();
            starter.join(Duration.ofSeconds(60));
        }
        assertEquals(State.STARTED, Morello.engine().state());
        assertEquals(200, Site.get("/health/ready").status());
    }

    @Test
    void notReadyWhileTheSiteDrains() throws Exception {
        Site.start(() -> {
            Morello.tree().mount(new Root());
            Morello.tree().mount(new Health(Morello.engine()), "/health");
        });
        int port = Site.port();
        try (Socket inFlight = connect(port); Socket kept = connect(port)) {
            // a keep-alive connection that has been served once, and a request in flight
            send(kept, "GET /health/ready HTTP/1.1\r\nHost: a\r\n\r\n");
            assertTrue(readResponse(kept).startsWith("HTTP/1.1 200 "));
            send(inFlight, "GET /slow HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            Thread stopper = Thread.ofVirtual().start(() -> Morello.engine().stop());
            assertTrue(Morello.engine().awaitState(Duration.ofSeconds(30), State.STOPPING));
            // the stop waits for /slow; the kept connection's next request is still answered
            send(kept, "GET /health/ready HTTP/1.1\r\nHost: a\r\n\r\n");
            String draining = readResponse(kept);
            assertTrue(draining.startsWith("HTTP/1.1 503 "), draining);
            assertTrue(draining.endsWith("\r\n\r\nnot ready: stopping\n"), draining);
            release.countDown();
            assertTrue(readResponse(inFlight).endsWith("slow done"));
            stopper.join(Duration.ofSeconds(60));
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(30_000);
        return s;
    }

    private static void send(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One response with a Content-Length body (or to the end of the stream), as text. */
    private static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = -1;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return text + new String(body, StandardCharsets.UTF_8);
    }
}
