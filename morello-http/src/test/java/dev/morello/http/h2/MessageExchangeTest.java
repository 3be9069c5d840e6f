package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.internal.h2.Setting;
import dev.morello.http.internal.h2.SettingId;
import dev.morello.http.testing.TestServers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9113 §8.1 and §8.3: a request from its pseudo-header fields, the handler contract over
 * HTTP/2, and responses as HEADERS and DATA (HEAD, 204 and 304 without DATA).
 */
@Timeout(60)
class MessageExchangeTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    /** /describe: what the exchange says; /echo: the body back; /stream: 3 pieces of unknown length. */
    private static final HttpHandler SITE = ex -> {
        switch (ex.path()) {
            case "/describe" -> ex.send(200, (ex.method() + "|" + ex.target() + "|" + ex.path() + "|" + ex.query() + "|"
                    + ex.version() + "|" + ex.host() + "|" + ex.headers().get("X-Thing") + "|" + ex.headers().get("cookie")
                    + "|" + ex.contentLength()).getBytes(StandardCharsets.UTF_8));
            case "/echo" -> ex.send(200, ex.body().readAllBytes());
            case "/stream" -> {
                try (OutputStream o = ex.start(200, -1)) {
                    for (int i = 0; i < 3; i++) {
                        o.write(("piece" + i).getBytes(StandardCharsets.US_ASCII));
                        o.flush();
                    }
                }
            }
            case "/nocontent" -> ex.send(204, new byte[0]);
            case "/notmodified" -> ex.send(304, new byte[0]);
            case "/silent" -> { }
            case "/fail" -> throw new IllegalStateException("handler bug");
            case "/short" -> {
                OutputStream o = ex.start(200, 10);
                o.write(new byte[4]);
                o.close();
            }
            case "/hop" -> {
                ex.responseHeaders().set("Connection", "close").set("X-Kept", "yes");
                ex.send(200, new byte[0]);
            }
            default -> ex.send(404, new byte[0]);
        }
    };

    private HttpServer server() {
        return servers.start(b -> b.http2(true), SITE);
    }

    @Test
    void theRequestComesFromThePseudoHeaderFields() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, true, ":method", "GET", ":scheme", "http", ":authority", "example.test:8080",
                    ":path", "/describe?a=1&b", "x-thing", "yes", "cookie", "a=1", "cookie", "b=2");
            H2Client.Response r = c.response(1);
            assertEquals(200, r.status());
            assertEquals("GET|/describe?a=1&b|/describe|a=1&b|HTTP/2.0|example.test:8080|yes|a=1; b=2|0", r.text());
        }
    }

    @Test
    void aBodyArrivesWholeAcrossManyDataFrames() throws Exception {
        byte[] body = new byte[300_000];
        new Random(3).nextBytes(body);
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, false, ":method", "POST", ":scheme", "http", ":authority", "x", ":path", "/echo",
                    "content-length", Integer.toString(body.length));
            for (int off = 0; off < body.length; off += 16_384) {
                int n = Math.min(16_384, body.length - off);
                c.data(1, off + n == body.length, java.util.Arrays.copyOfRange(body, off, off + n));
            }
            H2Client.Response r = c.response(1);
            assertEquals(200, r.status());
            assertEquals(Integer.toString(body.length), r.fields().get("content-length"));
            assertArrayEquals(body, r.body());
        }
    }

    @Test
    void aBodyOfUnknownLengthIsDataUntilEndStream() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/stream");
            H2Client.Response r = c.response(1);
            assertEquals("piece0piece1piece2", r.text());
            assertNull(r.fields().get("content-length"));
            assertNull(r.fields().get("transfer-encoding"));
        }
    }

    @Test
    void headGetsTheHeadersAGetWouldAndNoData() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, true, ":method", "HEAD", ":scheme", "http", ":authority", "x", ":path", "/describe");
            H2Client.Response r = c.response(1);
            assertEquals(200, r.status());
            assertEquals(0, r.body().length);
            assertFalse(r.fields().get("content-length").equals("0"), r.fields().toString());
        }
    }

    @Test
    void noContentAndNotModifiedCarryNoData() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/nocontent");
            H2Client.Response r = c.response(1);
            assertEquals(204, r.status());
            assertNull(r.fields().get("content-length"));
            c.get(3, "/notmodified");
            assertEquals(304, c.response(3).status());
        }
    }

    @Test
    void aHandlerThatSendsNothingGetsAnEmpty200() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/silent");
            H2Client.Response r = c.response(1);
            assertEquals(200, r.status());
            assertEquals("0", r.fields().get("content-length"));
        }
    }

    @Test
    void aFailingHandlerGets500AndTheConnectionGoesOn() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/fail");
            assertEquals(500, c.response(1).status());
            c.get(3, "/describe");
            assertEquals(200, c.response(3).status());
        }
    }

    @Test
    void aResponseShorterThanDeclaredIsReset() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/short");
            assertEquals(ErrorCode.INTERNAL_ERROR, c.response(1).reset());
            c.get(3, "/describe");
            assertEquals(200, c.response(3).status());
        }
    }

    @Test
    void connectionSpecificFieldsAreNeverSent() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/hop");
            H2Client.Response r = c.response(1);
            assertNull(r.fields().get("connection"));
            assertEquals("yes", r.fields().get("x-kept"));
            assertEquals("Morello", r.fields().get("server"));
        }
    }

    @Test
    void dataFramesKeepWithinThePeersMaxFrameSize() throws Exception {
        for (int peerMax : new int[] {16_384, 40_000}) {
            HttpServer s = servers.start(b -> b.http2(true), ex -> ex.send(200, new byte[200_000]));
            try (H2Client c = H2Client.open(s, new Setting(SettingId.MAX_FRAME_SIZE, peerMax),
                    new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20))) {
                c.windowUpdate(0, 1 << 20);
                c.get(1, "/");
                int got = 0;
                int largest = 0;
                while (got < 200_000) {
                    H2Client.Frame f = c.await(FrameType.DATA, 1);
                    got += f.payload().length;
                    largest = Math.max(largest, f.payload().length);
                }
                assertEquals(200_000, got);
                assertEquals(peerMax, largest, "frames as large as the peer allows, and no larger");
            }
        }
    }

    @Test
    void streamsAreServedSideBySide() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            for (int id = 1; id <= 19; id += 2) {
                c.get(id, "/describe?n=" + id);
            }
            java.util.Map<Integer, H2Client.Response> all = c.responses(java.util.List.of(1, 3, 5, 7, 9, 11, 13, 15, 17, 19));
            for (int id = 1; id <= 19; id += 2) {
                H2Client.Response r = all.get(id);
                assertEquals("GET|/describe?n=" + id + "|/describe|n=" + id + "|HTTP/2.0|localhost|null|null|0", r.text());
            }
        }
    }
}
