package dev.morello.http.websocket.autobahn;

import static dev.morello.http.websocket.autobahn.Frame.BINARY;
import static dev.morello.http.websocket.autobahn.Frame.RSV1;
import static dev.morello.http.websocket.autobahn.Frame.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.websocket.WebSocketConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn's groups 12 and 13, permessage-deflate (RFC 7692): what each offer settles, then
 * compressed messages both ways, with and without context takeover, checked by inflating the
 * server's frames here; RSV1 only on a message's first frame; a message counted inflated against
 * the limit.
 */
@Timeout(60)
class CompressionTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** An offer and the Sec-WebSocket-Extensions the server answers with (null: none, uncompressed). */
    static List<Arguments> offers() {
        return List.of(
                Arguments.of("permessage-deflate", "permessage-deflate"),
                Arguments.of("permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover"),
                Arguments.of("permessage-deflate; client_no_context_takeover", "permessage-deflate; client_no_context_takeover"),
                Arguments.of("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"),
                // the client says it can narrow its window; the server inflates any window and need not ask
                Arguments.of("permessage-deflate; client_max_window_bits", "permessage-deflate"),
                Arguments.of("permessage-deflate; client_max_window_bits=10", "permessage-deflate"),
                // RFC 7692 §7.1.2.1: accepting server_max_window_bits means answering with it
                Arguments.of("permessage-deflate; server_max_window_bits=15", "permessage-deflate; server_max_window_bits=15"),
                Arguments.of("permessage-deflate; server_max_window_bits=\"15\"", "permessage-deflate; server_max_window_bits=15"),
                // the JDK's deflater cannot narrow its window: declined
                Arguments.of("permessage-deflate; server_max_window_bits=10", null),
                Arguments.of("permessage-deflate; server_max_window_bits=10, permessage-deflate", "permessage-deflate"),
                Arguments.of("permessage-deflate; client_max_window_bits=7", null),
                Arguments.of("permessage-deflate; client_max_window_bits=16", null),
                Arguments.of("permessage-deflate; server_no_context_takeover; server_no_context_takeover", null),
                Arguments.of("permessage-deflate; server_no_context_takeover=1", null),
                Arguments.of("permessage-deflate; mystery_parameter", null),
                Arguments.of("x-webkit-deflate-frame", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offers")
    void settlesEachOffer(String offer, String answer) throws IOException {
        try (FrameClient c = FrameClient.connect(server.port(), offer)) {
            assertEquals(answer, c.responseHeader("sec-websocket-extensions"));
            c.closeNormally();
        }
    }

    @Test
    void acceptsNoCompressionWhenItIsTurnedOff() throws IOException {
        try (EchoServer plain = EchoServer.start(WebSocketConfig.defaults().withCompression(false));
                FrameClient c = FrameClient.connect(plain.port(), "permessage-deflate")) {
            assertEquals(null, c.responseHeader("sec-websocket-extensions"));
            c.send(Frame.text("Hello").withRsv(RSV1));
            c.expectClose(1002); // RSV1 means nothing without the extension
        }
    }

    /** A message compressed here, echoed compressed, inflated here. */
    private static void roundTrip(FrameClient c, ClientDeflate deflate, boolean serverResets, int opcode, byte[] message)
            throws IOException, DataFormatException {
        c.send(new Frame(true, RSV1, opcode, deflate.compress(message)));
        Frame echo = c.read();
        assertEquals(opcode, echo.opcode(), "the echo's opcode: " + echo);
        assertTrue(echo.fin(), "a whole message in one frame");
        assertEquals(RSV1, echo.rsv(), "the echo is compressed, RSV1 alone set");
        // the running window inflates it either way; a fresh one only if the server really reset
        byte[] inflated = deflate.inflate(echo.payload());
        assertArrayEquals(message, inflated);
        if (serverResets) {
            assertArrayEquals(message, ClientDeflate.inflateAlone(echo.payload()), "server_no_context_takeover");
        }
    }

    static List<Arguments> modes() {
        List<Arguments> out = new java.util.ArrayList<>();
        for (String params : new String[] {"", "; server_no_context_takeover", "; client_no_context_takeover",
                "; server_no_context_takeover; client_no_context_takeover"}) {
            out.add(Arguments.of(params, TEXT));
            out.add(Arguments.of(params, BINARY));
        }
        return out;
    }

    /**
     * 12.x and 13.x: messages of 16 bytes to 128 KiB, each sent several times, so that with
     * context takeover the later ones refer back to the earlier.
     */
    @ParameterizedTest(name = "permessage-deflate{0}, opcode {1}")
    @MethodSource("modes")
    void echoesCompressedMessagesOfManySizes(String params, int opcode) throws Exception {
        boolean serverResets = params.contains("server_no_context_takeover");
        boolean clientResets = params.contains("client_no_context_takeover");
        Random random = new Random(12);
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate" + params);
                ClientDeflate deflate = new ClientDeflate(clientResets)) {
            assertEquals("permessage-deflate" + params, c.responseHeader("sec-websocket-extensions"));
            for (int size : new int[] {16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072}) {
                byte[] message = new byte[size];
                for (int i = 0; i < size; i++) {
                    // text from a small alphabet: compressible, and valid UTF-8
                    message[i] = (byte) (opcode == TEXT ? 'a' + random.nextInt(16) : random.nextInt(64));
                }
                for (int repeat = 0; repeat < 3; repeat++) {
                    roundTrip(c, deflate, serverResets, opcode, message);
                }
            }
            c.closeNormally();
        }
    }

    /** With context takeover the server's second copy of a message refers back to the first, and is tiny. */
    @Test
    void keepsItsWindowFromMessageToMessage() throws Exception {
        byte[] message = new byte[4000];
        new Random(4000).nextBytes(message);
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate");
                ClientDeflate deflate = new ClientDeflate(false)) {
            c.send(new Frame(true, RSV1, BINARY, deflate.compress(message)));
            byte[] first = c.read().payload();
            c.send(new Frame(true, RSV1, BINARY, deflate.compress(message)));
            byte[] second = c.read().payload();
            assertArrayEquals(message, deflate.inflate(first));
            assertArrayEquals(message, deflate.inflate(second));
            assertTrue(second.length < first.length / 10, "the second copy takes " + second.length + " bytes, the first " + first.length);
            c.closeNormally();
        }
    }

    /** A message left uncompressed (RSV1 clear) is taken too; the server's answer is compressed. */
    @Test
    void takesAnUncompressedMessage() throws Exception {
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate");
                ClientDeflate deflate = new ClientDeflate(false)) {
            c.send(Frame.text("plain"));
            Frame echo = c.read();
            assertEquals(RSV1, echo.rsv());
            assertArrayEquals(Frame.utf8("plain"), deflate.inflate(echo.payload()));
            c.closeNormally();
        }
    }

    /** A compressed message in fragments: RSV1 on the first (RFC 7692 §6.1), the DEFLATE data cut anywhere. */
    @Test
    void joinsACompressedMessageInFragments() throws Exception {
        byte[] message = Frame.utf8("fragmented and compressed ".repeat(200));
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate");
                ClientDeflate deflate = new ClientDeflate(false)) {
            byte[] z = deflate.compress(message);
            int a = z.length / 3;
            int b = 2 * z.length / 3;
            c.send(new Frame(false, RSV1, TEXT, Arrays.copyOfRange(z, 0, a)), Frame.ping(Frame.utf8("between")),
                    Frame.continuation(false, Arrays.copyOfRange(z, a, b)), Frame.continuation(true, Arrays.copyOfRange(z, b, z.length)));
            c.expectPong(Frame.utf8("between"));
            assertArrayEquals(message, deflate.inflate(c.read().payload()));
            c.closeNormally();
        }
    }

    /** RFC 7692 §6.1: RSV1 belongs on a message's first frame only; on a continuation or a control frame it is an error. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"continuation", "ping", "close"})
    void failsRsv1WhereItDoesNotBelong(String where) throws Exception {
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate");
                ClientDeflate deflate = new ClientDeflate(false)) {
            byte[] z = deflate.compress(Frame.utf8("Hello, world"));
            switch (where) {
                case "continuation" -> c.send(new Frame(false, RSV1, TEXT, Arrays.copyOf(z, 3)),
                        new Frame(true, RSV1, Frame.CONTINUATION, Arrays.copyOfRange(z, 3, z.length)));
                case "ping" -> c.send(Frame.ping(Frame.utf8("x")).withRsv(RSV1));
                default -> c.send(Frame.close(1000, "").withRsv(RSV1));
            }
            c.expectClose(1002);
        }
    }

    /** RSV2 and RSV3 stay reserved: permessage-deflate defines RSV1 only. */
    @ParameterizedTest(name = "RSV {0}")
    @ValueSource(ints = {1, 2, 3, 5, 6, 7})
    void failsTheOtherReservedBits(int rsv) throws Exception {
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate");
                ClientDeflate deflate = new ClientDeflate(false)) {
            c.send(new Frame(true, rsv, TEXT, deflate.compress(Frame.utf8("Hello"))));
            c.expectClose(1002);
        }
    }

    /** Compressed text is checked once inflated. */
    @Test
    void failsCompressedTextThatIsNotUtf8() throws Exception {
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate");
                ClientDeflate deflate = new ClientDeflate(false)) {
            c.send(new Frame(true, RSV1, TEXT, deflate.compress(java.util.HexFormat.of().parseHex("cebae1bdb9eda080"))));
            c.expectClose(1007);
        }
    }

    /** Bytes that are no DEFLATE stream fail the connection (RFC 7692 leaves the status open; this server says 1002). */
    @Test
    void failsDataThatIsNotDeflate() throws IOException {
        try (FrameClient c = FrameClient.connect(server.port(), "permessage-deflate")) {
            c.send(new Frame(true, RSV1, BINARY, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00}));
            c.expectClose(1002);
        }
    }

    /** The limit counts the message inflated: a few hundred compressed bytes that inflate past it are refused. */
    @Test
    void refusesAMessageThatInflatesPastTheLimit() throws Exception {
        int limit = 256 * 1024;
        try (EchoServer limited = EchoServer.start(WebSocketConfig.defaults().withMaxMessageSize(limit));
                FrameClient c = FrameClient.connect(limited.port(), "permessage-deflate");
                ClientDeflate deflate = new ClientDeflate(false)) {
            byte[] atLimit = deflate.compress(new byte[limit]);
            c.send(new Frame(true, RSV1, BINARY, atLimit));
            assertArrayEquals(new byte[limit], deflate.inflate(c.read().payload()));
            byte[] over = deflate.compress(new byte[limit + 1]);
            assertTrue(over.length < 1024, "compresses to " + over.length);
            c.send(new Frame(true, RSV1, BINARY, over));
            c.expectClose(1009);
        }
    }
}
