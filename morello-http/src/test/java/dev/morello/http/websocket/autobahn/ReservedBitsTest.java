package dev.morello.http.websocket.autobahn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autobahn's group 3, reserved bits: RSV1-3 "MUST be 0 unless an extension is negotiated that
 * defines meanings for non-zero values" (RFC 6455 §5.2), and the receiver fails the connection
 * (1002) otherwise. No extension is negotiated here, so RSV1 is no exception. What came before
 * the bad frame is answered; nothing after it is (a ping behind it gets no pong).
 */
@Timeout(60)
class ReservedBitsTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** Cases 3.1 to 3.7 and more: every reserved bit pattern on every kind of frame. */
    static List<Arguments> badFrames() {
        List<Arguments> out = new ArrayList<>();
        for (int rsv = 1; rsv <= 7; rsv++) {
            out.add(Arguments.of(rsv, Frame.text("small")));
            out.add(Arguments.of(rsv, Frame.binary(new byte[] {0, 1, 2})));
            out.add(Arguments.of(rsv, Frame.ping(Frame.utf8("ping"))));
            out.add(Arguments.of(rsv, Frame.close(1000, "")));
        }
        return out;
    }

    @ParameterizedTest(name = "RSV {0} on {1}")
    @MethodSource("badFrames")
    void failsAFrameWithAReservedBit(int rsv, Frame frame) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(frame.withRsv(rsv));
            c.expectClose(1002);
        }
    }

    /** 3.2 to 3.4: a good message echoed, the bad frame failed, the ping behind it never answered. */
    @ParameterizedTest(name = "RSV {0}, written {1} bytes at a time")
    @MethodSource("betweenGoodFrames")
    void answersWhatCameBeforeAndNothingAfter(int rsv, int chunk) throws IOException {
        try (FrameClient c = server.connect()) {
            c.sendChopped(chunk, Frame.text("Hello"), Frame.text("Hello").withRsv(rsv), Frame.ping(Frame.utf8("after")));
            c.expectText("Hello");
            c.expectClose(1002); // and expectClose checks that no pong follows
        }
    }

    static List<Arguments> betweenGoodFrames() {
        return List.of(Arguments.of(2, 1000), Arguments.of(3, 1000), Arguments.of(4, 1), Arguments.of(1, 1));
    }
}
