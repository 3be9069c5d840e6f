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
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9113 §5.2 and §6.9: both directions of flow control. The server keeps within the
 * client's windows and waits for WINDOW_UPDATE; a client that sends beyond ours is refused.
 */
@Timeout(60)
class FlowControlTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private final CountDownLatch release = new CountDownLatch(1);

    private HttpServer server() {
        return servers.start(b -> b.http2(true).readTimeout(Duration.ofSeconds(2)), ex -> {
            switch (ex.path()) {
                case "/big" -> ex.send(200, new byte[1000]);
                case "/huge" -> ex.send(200, new byte[100_000]);
                case "/sit" -> {
                    release.await(30, TimeUnit.SECONDS);
                    ex.send(200, new byte[0]);
                }
                default -> ex.send(200, ex.body().readAllBytes());
            }
        });
    }

    @Test
    void theServerSendsNoMoreThanTheStreamWindowAndWaitsForAnUpdate() throws Exception {
        try (H2Client c = H2Client.open(server(), new Setting(SettingId.INITIAL_WINDOW_SIZE, 100))) {
            c.get(1, "/big");
            c.await(FrameType.HEADERS, 1);
            int got = 0;
            while (got < 100) {
                got += c.await(FrameType.DATA, 1).payload().length;
            }
            assertEquals(100, got);
            // a PING is answered before any DATA beyond the window can come
            c.frames(b -> FrameWriter.ping(b, false, 42));
            H2Client.Frame f;
            do {
                f = c.next();
                assertTrue(!f.is(FrameType.DATA), "DATA beyond the window");
            } while (!f.is(FrameType.PING));
            c.windowUpdate(1, 900);
            while (got < 1000) {
                H2Client.Frame d = c.await(FrameType.DATA, 1);
                got += d.payload().length;
                if (got == 1000) {
                    assertTrue(d.has(Frames.FLAG_END_STREAM));
                }
            }
            assertEquals(1000, got);
        }
    }

    @Test
    void theServerKeepsWithinTheConnectionWindow() throws Exception {
        try (H2Client c = H2Client.open(server(), new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20))) {
            c.get(1, "/huge");
            int got = 0;
            while (got < Frames.DEFAULT_WINDOW) {
                got += c.await(FrameType.DATA, 1).payload().length;
            }
            assertEquals(Frames.DEFAULT_WINDOW, got, "the connection's initial window, not a byte more");
            c.frames(b -> FrameWriter.ping(b, false, 7));
            H2Client.Frame f;
            do {
                f = c.next();
                assertTrue(!f.is(FrameType.DATA), "DATA beyond the connection's window");
            } while (!f.is(FrameType.PING));
            c.windowUpdate(0, 100_000);
            while (got < 100_000) {
                got += c.await(FrameType.DATA, 1).payload().length;
            }
            assertEquals(100_000, got);
        }
    }

    @Test
    void aStreamThatGetsNoWindowWithinTheWriteTimeoutIsReset() throws Exception {
        try (H2Client c = H2Client.open(server(), new Setting(SettingId.INITIAL_WINDOW_SIZE, 0))) {
            c.get(1, "/big");
            assertEquals(ErrorCode.CANCEL, c.response(1).reset());
            c.frames(b -> FrameWriter.settings(b, java.util.List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 65_535))));
            c.get(3, "/big");
            assertEquals(1000, c.response(3).body().length);
        }
    }

    @Test
    void dataBeyondTheStreamWindowIsAFlowControlError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/sit");
            byte[] piece = new byte[Frames.DEFAULT_MAX_FRAME_SIZE];
            c.frames(b -> {
                for (int sent = 0; sent <= 1 << 20; sent += piece.length) {
                    FrameWriter.data(b, 1, false, piece, 0, piece.length);
                }
            });
            assertEquals(ErrorCode.FLOW_CONTROL_ERROR, c.await(FrameType.RST_STREAM, 1).errorCode());
            release.countDown();
        }
    }

    @Test
    void dataBeyondTheConnectionWindowIsAConnectionError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            byte[] piece = new byte[Frames.DEFAULT_MAX_FRAME_SIZE];
            c.frames(b -> {
                // four streams fill 1 MiB each: the connection's 4 MiB; one octet more is too many
                for (int stream = 1; stream <= 9; stream += 2) {
                    int s = stream;
                    FrameWriter.headerBlock(b, s, false, c.encodeBlock(":method", "POST", ":scheme", "http", ":path", "/sit"),
                            0, c.encodeBlock(":method", "POST", ":scheme", "http", ":path", "/sit").length, Frames.DEFAULT_MAX_FRAME_SIZE);
                    for (int sent = 0; sent < 1 << 20; sent += piece.length) {
                        FrameWriter.data(b, s, false, piece, 0, piece.length);
                    }
                }
            });
            assertEquals(ErrorCode.FLOW_CONTROL_ERROR, c.goAway());
            release.countDown();
        }
    }

    @Test
    void aLargeBodyIsAcceptedAsTheHandlerReadsIt() throws Exception {
        byte[] body = new byte[(5 << 20) + 17];
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/echo");
            int window = Frames.DEFAULT_WINDOW; // the connection's, until the server's first update arrives
            int sent = 0;
            // send as the windows allow: the server's updates are read as they come
            java.util.concurrent.atomic.AtomicLong connectionWindow = new java.util.concurrent.atomic.AtomicLong(window);
            java.util.concurrent.atomic.AtomicLong streamWindow = new java.util.concurrent.atomic.AtomicLong(1 << 20);
            while (sent < body.length) {
                long room = Math.min(connectionWindow.get(), streamWindow.get());
                if (room <= 0) {
                    H2Client.Frame f = c.next();
                    if (f.is(FrameType.WINDOW_UPDATE)) {
                        int inc = H2Client.readInt(f.payload(), 0);
                        (f.stream() == 0 ? connectionWindow : streamWindow).addAndGet(inc);
                    }
                    continue;
                }
                int n = (int) Math.min(Math.min(room, Frames.DEFAULT_MAX_FRAME_SIZE), body.length - sent);
                c.data(1, sent + n == body.length, java.util.Arrays.copyOfRange(body, sent, sent + n));
                sent += n;
                connectionWindow.addAndGet(-n);
                streamWindow.addAndGet(-n);
            }
            H2Client.Response r = c.response(1);
            assertEquals(200, r.status());
            assertEquals(body.length, r.body().length);
        }
    }
}
