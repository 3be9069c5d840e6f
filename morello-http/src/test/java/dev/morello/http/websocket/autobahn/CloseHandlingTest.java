package dev.morello.http.websocket.autobahn;

import static dev.morello.http.websocket.autobahn.Frame.TEXT;
import static dev.morello.http.websocket.autobahn.Frame.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.websocket.WebSocketConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn's group 7, close handling (RFC 6455 §5.5.1, §7): a close frame is answered with one
 * carrying the same status, after which the server sends nothing and closes the TCP connection
 * itself (§7.1.1); what the client sends after its close is ignored. A close payload of one byte,
 * a status an endpoint may not send (§7.4) or a reason that is not UTF-8 fails the connection.
 */
@Timeout(60)
class CloseHandlingTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** The client's close, answered with {@code code}, and then the end. */
    private static void expectCloseAnswer(FrameClient c, int code) throws IOException {
        assertEquals(code, c.expect(Frame.CLOSE).closeCode());
        c.expectEnd();
    }

    /** 7.1.1 */
    @Test
    void echoesAMessageThenAnswersTheClose() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.text("Hello World!"));
            c.expectText("Hello World!");
            c.closeNormally();
        }
    }

    /** 7.1.2 to 7.1.4: a second close, a ping, a message after the close: none is answered. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"close", "ping", "text"})
    void ignoresWhatComesAfterTheClientsClose(String after) throws IOException {
        Frame next = switch (after) {
            case "close" -> Frame.close(1000, "");
            case "ping" -> Frame.ping(utf8("after close"));
            default -> Frame.text("after close");
        };
        try (FrameClient c = server.connect()) {
            c.send(Frame.close(1000, ""), next);
            expectCloseAnswer(c, 1000);
        }
    }

    /** 7.1.5: a close between the fragments of a message: the message is never delivered. */
    @Test
    void dropsAMessageLeftUnfinishedByTheClose() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.first(TEXT, utf8("fragment1")), Frame.close(1000, ""), Frame.continuation(true, utf8("fragment2")));
            expectCloseAnswer(c, 1000);
        }
    }

    /** 7.1.6: a large message, then the close, then a ping: the message is echoed whole, the ping not answered. */
    @Test
    void echoesALargeMessageBeforeTheClose() throws IOException {
        byte[] text = new byte[256 * 1024];
        Arrays.fill(text, (byte) 'B');
        try (FrameClient c = server.connect()) {
            c.send(new Frame(true, 0, TEXT, text), Frame.close(1000, ""), Frame.ping(utf8("after close")));
            c.expectText(text);
            expectCloseAnswer(c, 1000);
        }
    }

    /** 7.3.1: a close without payload is answered by one without payload (§5.5.1: no status to echo). */
    @Test
    void answersACloseWithoutPayloadWithOneWithout() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.emptyClose());
            expectCloseAnswer(c, -1);
        }
    }

    /** 7.3.2: two bytes of status or nothing; one byte is no close payload. */
    @Test
    void failsACloseOfOneByte() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(new Frame(true, 0, Frame.CLOSE, new byte[] {0x03}));
            c.expectClose(1002);
        }
    }

    /** 7.3.3 to 7.3.5: the status answered, with a reason of any length up to 123 bytes. */
    @ParameterizedTest(name = "a reason of {0} bytes")
    @ValueSource(ints = {0, 5, 123})
    void answersACloseWithAReason(int reasonLength) throws IOException {
        byte[] reason = new byte[reasonLength];
        Arrays.fill(reason, (byte) '*');
        try (FrameClient c = server.connect()) {
            c.send(Frame.close(1000, reason));
            expectCloseAnswer(c, 1000);
        }
    }

    /** 7.3.6: a 124-byte reason makes the control frame 126 bytes, over §5.5's 125. */
    @Test
    void failsACloseWithAReasonTooLong() throws IOException {
        byte[] reason = new byte[124];
        Arrays.fill(reason, (byte) '*');
        try (FrameClient c = server.connect()) {
            c.send(Frame.close(1000, reason));
            c.expectClose(1002);
        }
    }

    /** 7.5.1: "the body of a Close frame [...] MUST be UTF-8-encoded data" (§5.5.1). */
    @Test
    void failsACloseWhoseReasonIsNotUtf8() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.close(1000, java.util.HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080656469746564")));
            c.expectClose(1007);
        }
    }

    /** 7.7.1 to 7.7.13: the codes defined for endpoints to send, and the registered and private ranges. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    void answersAValidStatusWithTheSame(int code) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.close(code, ""));
            expectCloseAnswer(c, code);
        }
    }

    /**
     * 7.9.x and 7.13.x: codes below 1000, those §7.4.1 reserves as never sent (1004 to 1006),
     * unassigned protocol codes, and codes past 4999.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void failsAnInvalidStatus(int code) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.close(code, ""));
            c.expectClose(1002);
        }
    }

    /** The server starts the closing handshake; once the client answers, the server closes TCP. */
    @Test
    void closesTheConnectionAfterItsOwnClosingHandshake() throws Exception {
        try (EchoServer own = EchoServer.start(); FrameClient c = own.connect()) {
            c.send(Frame.text(EchoServer.CLOSE_ME));
            Frame close = c.expect(Frame.CLOSE);
            assertEquals(1000, close.closeCode());
            assertEquals("as asked", new String(close.payload(), 2, close.payload().length - 2, java.nio.charset.StandardCharsets.UTF_8));
            // what comes between the server's close and the client's is not delivered
            c.send(Frame.text("not echoed"), Frame.close(1000, ""));
            c.expectEnd();
            assertEquals("1000 ", own.nextClose());
        }
    }

    /** A client that never answers the server's close is cut off after the close timeout. */
    @Test
    void closesTheConnectionWhenTheClientNeverAnswersItsClose() throws Exception {
        WebSocketConfig quick = WebSocketConfig.defaults().withCloseTimeout(Duration.ofMillis(200));
        try (EchoServer own = EchoServer.start(quick); FrameClient c = own.connect()) {
            c.send(Frame.text(EchoServer.CLOSE_ME));
            assertEquals(1000, c.expect(Frame.CLOSE).closeCode());
            c.expectEnd();
            assertEquals("1006 ", own.nextClose(), "no close frame came from the client");
        }
    }

    /** The listener hears the client's status and reason. */
    @Test
    void reportsTheClientsStatusAndReason() throws Exception {
        try (EchoServer own = EchoServer.start(); FrameClient c = own.connect()) {
            c.send(Frame.close(4001, "done here \u2713"));
            expectCloseAnswer(c, 4001);
            assertEquals("4001 done here \u2713", own.nextClose());
        }
    }

    /** A client that goes without a close frame is reported as 1006. */
    @Test
    void reportsAClientThatVanishes() throws Exception {
        try (EchoServer own = EchoServer.start()) {
            try (FrameClient c = own.connect()) {
                c.send(Frame.text("hi"));
                c.expectText("hi");
            }
            assertEquals("1006 ", own.nextClose());
        }
    }
}
