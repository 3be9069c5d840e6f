package dev.morello.http.websocket.autobahn;

import java.io.IOException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn's group 4, opcodes: 0x3-0x7 are reserved for further non-control frames and 0xB-0xF
 * for further control frames (RFC 6455 §5.2); "If an unknown opcode is received, the receiving
 * endpoint MUST _Fail the WebSocket Connection_" (1002), whatever the frame carries.
 */
@Timeout(60)
class OpcodesTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** 4.1.1 and 4.2.1: an empty frame of a reserved opcode. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void failsAReservedOpcode(int opcode) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(new Frame(true, 0, opcode, new byte[0]));
            c.expectClose(1002);
        }
    }

    /** 4.1.2 and 4.2.2: with a payload. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void failsAReservedOpcodeWithPayload(int opcode) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(new Frame(true, 0, opcode, Frame.utf8("reserved opcode payload")));
            c.expectClose(1002);
        }
    }

    /** 4.1.3 to 4.1.5, 4.2.3 to 4.2.5: a good message echoed, then the failure, and no pong for the ping behind it. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void answersWhatCameBeforeAndNothingAfter(int opcode) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.text("Hello"), new Frame(true, 0, opcode, Frame.utf8("x")), Frame.ping(Frame.utf8("after")));
            c.expectText("Hello");
            c.expectClose(1002);
        }
    }

    /** A reserved opcode as the first fragment of a message is no better. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 7})
    void failsAReservedOpcodeStartingAFragmentedMessage(int opcode) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(new Frame(false, 0, opcode, Frame.utf8("frag")));
            c.expectClose(1002);
        }
    }
}
