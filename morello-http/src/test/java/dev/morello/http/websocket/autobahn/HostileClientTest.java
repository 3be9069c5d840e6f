package dev.morello.http.websocket.autobahn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken client can do to a WebSocket, beyond Autobahn's cases: unmasked
 * frames, lengths no server could hold, a stalled frame, and a client that stops reading while
 * the server sends. Each ends that connection only; the server goes on serving others.
 */
@Timeout(60)
class HostileClientTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** RFC 6455 §5.1: "The server MUST close the connection upon receiving a frame that is not masked". */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {Frame.TEXT, Frame.BINARY, Frame.PING, Frame.CLOSE})
    void failsAnUnmaskedFrame(int opcode) throws IOException {
        // short ones too: with no masking key to wait for, the first two bytes are enough to refuse it
        byte[] payload = switch (opcode) {
            case Frame.CLOSE -> new byte[] {0x03, (byte) 0xe8};
            case Frame.PING -> new byte[0];
            default -> Frame.utf8("Hello");
        };
        try (FrameClient c = server.connect()) {
            c.write(c.encode(new Frame(true, 0, opcode, payload), FrameClient.Length.SHORTEST, false));
            c.expectClose(1002);
        }
    }

    /** A frame header announcing a 64-bit length: only its 14 bytes are ever sent. */
    private static byte[] header(int opcode, long length) {
        byte[] h = new byte[14];
        h[0] = (byte) (0x80 | opcode);
        h[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        h[10] = 0x11; // the masking key
        h[11] = 0x22;
        h[12] = 0x33;
        h[13] = 0x44;
        return h;
    }

    /**
     * Lengths past any limit, including those a cast to int would shrink (2^32 + 5 is 5), are refused
     * from the header with 1009, before a byte of payload is sent or a buffer made for it.
     */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {Long.MAX_VALUE, 1L << 31, (1L << 32) + 5, (1L << 20) + 1})
    void refusesAnEnormousLengthFromTheHeader(long length) throws IOException {
        try (FrameClient c = server.connect()) {
            c.write(header(Frame.BINARY, length));
            c.expectClose(1009);
        }
        try (FrameClient other = server.connect()) {
            other.send(Frame.text("still here"));
            other.expectText("still here");
            other.closeNormally();
        }
    }

    /** RFC 6455 §5.2: "the most significant bit MUST be 0" in a 64-bit length. */
    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"8000000000000000", "ffffffffffffffff", "8000000000000005"})
    void failsALengthWithItsTopBitSet(String hex) throws IOException {
        try (FrameClient c = server.connect()) {
            c.write(header(Frame.BINARY, Long.parseUnsignedLong(hex, 16)));
            c.expectClose(1002);
        }
    }

    /** A control frame over 125 bytes is refused from its header, whichever length form announces it. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {126, 65535, 70_000, Long.MAX_VALUE})
    void failsAnOversizedControlFrameFromItsHeader(long length) throws IOException {
        try (FrameClient c = server.connect()) {
            if (length <= 0xffff) {
                c.write(new byte[] {(byte) 0x89, (byte) (0x80 | 126), (byte) (length >> 8), (byte) length, 1, 2, 3, 4});
            } else {
                c.write(header(Frame.PING, length));
            }
            c.expectClose(1002);
        }
    }

    /** A client that stops in the middle of a frame is closed after the idle timeout (1001), then cut off. */
    @Test
    void closesAClientStalledInsideAFrame() throws Exception {
        WebSocketConfig impatient = WebSocketConfig.defaults().withIdleTimeout(Duration.ofMillis(300))
                .withPingInterval(Duration.ZERO).withCloseTimeout(Duration.ofMillis(300));
        try (EchoServer own = EchoServer.start(impatient); FrameClient c = own.connect()) {
            byte[] frame = c.encode(Frame.text("never finished"));
            c.write(Arrays.copyOf(frame, 9));
            assertEquals(1001, c.expect(Frame.CLOSE).closeCode());
            c.expectEnd(); // the client's answer never comes: the close timeout ends it
            assertEquals("1006 ", own.nextClose());
        }
    }

    /** A quiet client is pinged; a client that answers the pings stays. */
    @Test
    void pingsAQuietClient() throws Exception {
        WebSocketConfig pinging = WebSocketConfig.defaults().withPingInterval(Duration.ofMillis(100));
        try (EchoServer own = EchoServer.start(pinging); FrameClient c = own.connect()) {
            Frame ping = c.expect(Frame.PING);
            c.send(Frame.pong(ping.payload()));
            c.send(Frame.text("still here"));
            c.expectText("still here");
            c.closeNormally();
        }
    }

    /**
     * A client that never reads while the server sends: the send waits, then fails when no byte has
     * moved for the write timeout (the server's read timeout), and the connection is closed. The
     * server keeps serving others meanwhile.
     */
    @Test
    void disconnectsAClientThatNeverReads() throws Exception {
        BlockingQueue<Throwable> sendFailures = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
        WebSocketListener flood = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) throws IOException {
                if (!text.equals("flood")) {
                    socket.sendText(text);
                    return;
                }
                byte[] chunk = new byte[256 * 1024];
                try {
                    while (true) {
                        socket.sendBinary(chunk);
                    }
                } catch (IOException e) {
                    sendFailures.add(e);
                    throw e;
                }
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason) {
                closes.add(code);
            }
        };
        HttpServer flooding = HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(0).readTimeout(Duration.ofSeconds(1)).build(),
                exchange -> exchange.upgradeToWebSocket(WebSocketConfig.defaults().withCompression(false), flood)).start();
        try (FrameClient stuck = FrameClient.connect(flooding.port(), null, 4096)) {
            stuck.send(Frame.text("flood"));
            // meanwhile another client is served
            try (FrameClient other = FrameClient.connect(flooding.port())) {
                other.send(Frame.text("served"));
                other.expectText("served");
                other.closeNormally();
            }
            assertEquals(1000, closes.poll(10, TimeUnit.SECONDS), "the other client's close");
            Throwable failure = sendFailures.poll(30, TimeUnit.SECONDS);
            assertNotNull(failure, "the send never failed");
            assertInstanceOf(IOException.class, failure);
            assertEquals(1006, closes.poll(10, TimeUnit.SECONDS), "the stuck client's end");
            assertConnectionEnds(stuck);
            try (FrameClient after = FrameClient.connect(flooding.port())) {
                after.send(Frame.text("still served"));
                after.expectText("still served");
                after.closeNormally();
            }
        } finally {
            flooding.stop(Duration.ofSeconds(2));
        }
    }

    /** Reads what the server had sent until the connection's end, which must come. */
    private static void assertConnectionEnds(FrameClient c) throws IOException {
        Socket s = c.socket();
        InputStream in = s.getInputStream();
        byte[] sink = new byte[64 * 1024];
        try {
            while (in.read(sink) >= 0) {
                // the frames sent before the server gave up
            }
        } catch (SocketException reset) {
            // closed with data unread on the server's side: a reset is an end too
        }
    }
}
