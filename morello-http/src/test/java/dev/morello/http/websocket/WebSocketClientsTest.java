package dev.morello.http.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real WebSocket clients against an echo endpoint on the raw server: the JDK's
 * {@code java.net.http.WebSocket}, and Python's {@code websockets} (with permessage-deflate) when
 * it is installed.
 */
@Timeout(60)
class WebSocketClientsTest {
    private HttpServer server;
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    /** Echoes text and binary messages; "bye" closes with 1000. */
    private final WebSocketListener echo = new WebSocketListener() {
        @Override
        public void onText(WebSocket socket, String text) throws Exception {
            if (text.equals("bye")) {
                socket.close(WebSocket.NORMAL_CLOSURE, "see you");
                return;
            }
            socket.sendText(text);
        }

        @Override
        public void onBinary(WebSocket socket, byte[] data) throws Exception {
            socket.sendBinary(data);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason) {
            closes.add(code + " " + reason);
        }
    };

    @BeforeEach
    void start() {
        server = HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(0).build(), exchange -> {
            if (!exchange.upgradeToWebSocket(WebSocketConfig.defaults().withSubprotocols("chat"), echo)) {
                return; // refused: the 400 is sent
            }
        }).start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    /** Collects what a JDK client receives. */
    static final class Collector implements java.net.http.WebSocket.Listener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text = new StringBuilder();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                received.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
            received.add("closed " + statusCode + " " + reason);
            return null;
        }

        Object next() throws InterruptedException {
            Object o = received.poll(20, TimeUnit.SECONDS);
            assertTrue(o != null, "nothing received in time");
            return o;
        }
    }

    @Test
    void theJdkClientExchangesTextAndBinaryAndCloses() throws Exception {
        Collector c = new Collector();
        java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("chat")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), c).get(20, TimeUnit.SECONDS);
        assertEquals("chat", ws.getSubprotocol());
        ws.sendText("h\u00e9llo \u2603", true).get(10, TimeUnit.SECONDS);
        assertEquals("h\u00e9llo \u2603", c.next());
        // a fragmented message, joined by the server
        ws.sendText("one ", false).get(10, TimeUnit.SECONDS);
        ws.sendText("two", true).get(10, TimeUnit.SECONDS);
        assertEquals("one two", c.next());
        byte[] big = new byte[300_000];
        new java.util.Random(1).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
        assertArrayEquals(big, (byte[]) c.next());
        ws.sendText("bye", true).get(10, TimeUnit.SECONDS);
        assertEquals("closed 1000 see you", c.next());
        // the JDK client answers the close by itself: the server hears it and reports it
        assertEquals("1000 ", closes.poll(20, TimeUnit.SECONDS));
    }

    @Test
    void aClientThatClosesIsAnsweredAndReported() throws Exception {
        Collector c = new Collector();
        java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), c).get(20, TimeUnit.SECONDS);
        ws.sendClose(4001, "done here").get(10, TimeUnit.SECONDS);
        assertEquals("closed 4001 ", c.next(), "the server echoes the status");
        assertEquals("4001 done here", closes.poll(20, TimeUnit.SECONDS));
    }

    @Test
    void theServersStopClosesWebSocketsWithGoingAway() throws Exception {
        Collector c = new Collector();
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), c).get(20, TimeUnit.SECONDS);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
        assertEquals("closed 1001 server stopping", c.next());
        stopped.get(30, TimeUnit.SECONDS);
    }

    @Test
    void pythonsWebsocketsLibraryTalksWithCompression() throws Exception {
        // Debian's python3 (where python3-websockets installs), before any other on the PATH
        String python = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process probe = new ProcessBuilder(python, "-c", "import websockets").redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3-websockets is not installed");
        String script = """
                import asyncio, sys, websockets
                async def main(port):
                    async with websockets.connect(f"ws://127.0.0.1:{port}/", subprotocols=["chat"], compression="deflate") as ws:
                        ext = [type(e).__name__ for e in ws.extensions]
                        await ws.send("x" * 50000)
                        echo = await ws.recv()
                        await ws.send(b"\\x00\\x01\\x02" * 1000)
                        data = await ws.recv()
                        print(ext, ws.subprotocol, len(echo), echo == "x" * 50000, data == b"\\x00\\x01\\x02" * 1000)
                asyncio.run(main(int(sys.argv[1])))
                """;
        Process p = new ProcessBuilder(python, "-c", script, Integer.toString(server.port())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("['PerMessageDeflate'] chat 50000 True True", out);
    }

    @Test
    void aBadHandshakeIsRefusedWithItsReason() throws Exception {
        for (List<String> c : List.of(
                List.of("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "426", "Sec-WebSocket-Version: 13"),
                List.of("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
                        "400", "Sec-WebSocket-Key"),
                List.of("POST / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nContent-Length: 0\r\n\r\n", "400", "must be a GET"),
                List.of("GET / HTTP/1.0\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "400", "needs HTTP/1.1"))) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(c.get(0).getBytes(StandardCharsets.US_ASCII));
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(reply.startsWith("HTTP/1.1 " + c.get(1)), reply);
                assertTrue(reply.contains(c.get(2)), reply);
            }
        }
    }

    @Test
    void theAcceptValueIsRfc6455s() {
        // RFC 6455 §1.3's example
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}
