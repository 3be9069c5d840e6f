package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.internal.h2.FrameWriter;
import dev.morello.http.internal.h2.Frames;
import dev.morello.http.internal.h2.Setting;
import dev.morello.http.internal.h2.SettingId;
import dev.morello.http.testing.TestServers;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 9113 §10.5 and §5.2: a peer that stops taking what it asked for. A client that opens no
 * flow-control window, or never reads its socket, holds a stream's response (and a handler) only
 * until the server's timeouts say so; the connection is then closed, and other clients are served
 * all along. And while a response waits for window, control frames are not stuck behind it (§6.5,
 * §6.7): they wait for the socket only.
 *
 * <p>The waits below are generous upper bounds; nothing asserts that anything is quick.
 */
@Timeout(120)
class StalledPeerTest {
    /** Shorter than the defaults, so a stall ends within a test's patience. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Larger than the socket buffers on the way (the client's is made small where it matters). */
    private static final byte[] LARGE = new byte[16 << 20];

    @RegisterExtension
    final TestServers servers = new TestServers();

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(4);

    private HttpServer server(Duration timeout) {
        return servers.start(b -> b.http2(true).readTimeout(timeout).idleTimeout(timeout), ex -> {
            if (!ex.path().equals("/large")) {
                ex.send(200, "small".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            started.incrementAndGet();
            try {
                ex.send(200, LARGE);
            } catch (IOException e) {
                failed.incrementAndGet(); // the stream was reset, or the connection closed
                throw e;
            } finally {
                finished.countDown();
            }
        });
    }

    /** Another client, on a connection of its own, gets its answer as usual. */
    private static void anotherClientIsServed(HttpServer s) throws IOException {
        try (H2Client other = H2Client.open(s)) {
            other.get(1, "/small");
            assertEquals("small", other.response(1).text());
        }
    }

    /** Waits, up to a generous bound, until the server has no connection left. */
    private static void awaitNoConnection(HttpServer s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, s.connectionCount(), "the stalled connection was closed");
    }

    @Test
    void aClientThatOpensNoWindowHasItsStreamsResetAndItsConnectionClosed() throws Exception {
        HttpServer s = server(TIMEOUT);
        try (H2Client c = H2Client.open(s, new Setting(SettingId.INITIAL_WINDOW_SIZE, 0))) {
            for (int id = 1; id <= 7; id += 2) {
                c.get(id, "/large");
            }
            // the client reads nothing from here on, until the server has given up
            anotherClientIsServed(s);
            assertTrue(finished.await(60, TimeUnit.SECONDS), "every handler got its answer: the stream is over");
            assertEquals(4, started.get());
            assertEquals(4, failed.get(), "no response could be sent");
            awaitNoConnection(s);
            // what it was sent meanwhile: each stream reset (CANCEL), then GOAWAY as the idle connection closed
            Map<Integer, ErrorCode> resets = new HashMap<>();
            ErrorCode goAway = null;
            try {
                while (true) {
                    H2Client.Frame f = c.next();
                    assertTrue(!f.is(FrameType.DATA), "DATA beyond a window of 0");
                    if (f.is(FrameType.RST_STREAM)) {
                        resets.put(f.stream(), f.errorCode());
                    } else if (f.is(FrameType.GOAWAY)) {
                        goAway = f.errorCode();
                    }
                }
            } catch (EOFException | SocketException e) {
                // the server closed the connection after its GOAWAY
            }
            assertEquals(Map.of(1, ErrorCode.CANCEL, 3, ErrorCode.CANCEL, 5, ErrorCode.CANCEL, 7, ErrorCode.CANCEL), resets);
            assertEquals(ErrorCode.NO_ERROR, goAway);
        }
        anotherClientIsServed(s);
    }

    @Test
    void aClientThatNeverReadsIsClosedOnceTheServersWritesStall() throws Exception {
        HttpServer s = server(TIMEOUT);
        // windows as large as can be: only the socket, never flow control, holds the server back
        try (H2Client c = H2Client.open(s, 64 * 1024, new Setting(SettingId.INITIAL_WINDOW_SIZE, Frames.MAX_WINDOW))) {
            c.windowUpdate(0, Frames.MAX_WINDOW - Frames.DEFAULT_WINDOW);
            for (int id = 1; id <= 7; id += 2) {
                c.get(id, "/large");
            }
            anotherClientIsServed(s);
            assertTrue(finished.await(60, TimeUnit.SECONDS), "every handler's write ended");
            assertEquals(4, started.get());
            assertEquals(4, failed.get(), "no response could be sent whole");
            awaitNoConnection(s);
            assertTrue(c.closedByServer());
        }
        anotherClientIsServed(s);
    }

    /** How the response is held back: by its stream's window, or by the connection's. */
    enum Window {
        STREAM, CONNECTION
    }

    @ParameterizedTest
    @EnumSource(Window.class)
    void pingAndSettingsAreAnsweredWhileAResponseWaitsForWindow(Window window) throws Exception {
        // the read timeout, which bounds the wait for window, is far longer than the test
        HttpServer s = server(Duration.ofSeconds(300));
        Setting initial = new Setting(SettingId.INITIAL_WINDOW_SIZE, window == Window.STREAM ? 0 : Frames.MAX_WINDOW);
        try (H2Client c = H2Client.open(s, initial)) {
            c.settingsAck();
            c.get(1, "/large");
            c.await(FrameType.HEADERS, 1);
            if (window == Window.CONNECTION) {
                int got = 0;
                while (got < Frames.DEFAULT_WINDOW) {
                    got += c.await(FrameType.DATA, 1).payload().length;
                }
                assertEquals(Frames.DEFAULT_WINDOW, got, "the connection's window is used up");
            }
            long before = System.nanoTime();
            c.frames(b -> FrameWriter.ping(b, false, 42));
            H2Client.Frame ping = c.await(FrameType.PING, 0);
            assertTrue(ping.has(Frames.FLAG_ACK));
            assertEquals(42, ByteBuffer.wrap(ping.payload()).getLong());

            c.frames(b -> FrameWriter.settings(b, List.of(new Setting(SettingId.HEADER_TABLE_SIZE, 4096))));
            H2Client.Frame settings = c.await(FrameType.SETTINGS, 0);
            assertTrue(settings.has(Frames.FLAG_ACK));

            // a second stream's HEADERS are not held back either (HEADERS are not flow-controlled)
            c.headers(3, true, ":method", "HEAD", ":scheme", "http", ":path", "/small");
            H2Client.Frame head = c.await(FrameType.HEADERS, 3);
            assertTrue(head.has(Frames.FLAG_END_STREAM));
            long waited = System.nanoTime() - before;
            assertTrue(waited < TimeUnit.SECONDS.toNanos(30), "answered while the response still waits, not after");
            assertEquals(4, finished.getCount(), "the large response still waits for window");
        }
    }
}
