package dev.morello.http.websocket.autobahn;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Autobahn's group 2, pings and pongs (RFC 6455 §5.5.2, §5.5.3): a ping is answered with a pong
 * carrying its payload exactly, as soon as it is read; a control frame's payload is at most 125
 * bytes; an unsolicited pong is taken and not answered.
 */
@Timeout(60)
class PingPongTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    private static byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** 2.1 */
    @Test
    void answersAPingWithoutPayload() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.ping(new byte[0]));
            c.expectPong(new byte[0]);
            c.closeNormally();
        }
    }

    /** 2.2 */
    @Test
    void answersAPingWithTextPayload() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.ping(Frame.utf8("Hello, world!")));
            c.expectPong(Frame.utf8("Hello, world!"));
            c.closeNormally();
        }
    }

    /** 2.3: any bytes, not just text. */
    @Test
    void answersAPingWithBinaryPayload() throws IOException {
        byte[] payload = {0x00, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc, (byte) 0xfb, 0x00, (byte) 0xff};
        try (FrameClient c = server.connect()) {
            c.send(Frame.ping(payload));
            c.expectPong(payload);
            c.closeNormally();
        }
    }

    /** 2.4: 125 bytes, the most a control frame holds. */
    @Test
    void answersAPingOf125Bytes() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.ping(bytes(125)));
            c.expectPong(bytes(125));
            c.closeNormally();
        }
    }

    /** 2.5: RFC 6455 §5.5: "All control frames MUST have a payload length of 125 bytes or less". */
    @Test
    void failsAPingOf126Bytes() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.ping(bytes(126)));
            c.expectClose(1002);
        }
    }

    /** 2.6: a 125-byte ping a byte at a time. */
    @Test
    void answersAPingSentOneByteAtATime() throws IOException {
        try (FrameClient c = server.connect()) {
            c.sendChopped(1, Frame.ping(bytes(125)));
            c.expectPong(bytes(125));
            c.closeNormally();
        }
    }

    /** 2.7 and 2.8: "A Pong frame MAY be sent unsolicited" (§5.5.3); no answer is expected. */
    @Test
    void takesAnUnsolicitedPongWithoutAnswering() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.pong(new byte[0]), Frame.pong(Frame.utf8("unsolicited pong payload")), Frame.text("after"));
            c.expectText("after"); // nothing came before it
            c.closeNormally();
        }
    }

    /** 2.9: an unsolicited pong, then a ping: one pong comes back, the ping's. */
    @Test
    void answersOnlyThePingAfterAnUnsolicitedPong() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.pong(Frame.utf8("unsolicited pong payload")), Frame.ping(Frame.utf8("ping payload")),
                    Frame.text("after"));
            c.expectPong(Frame.utf8("ping payload"));
            c.expectText("after");
            c.closeNormally();
        }
    }

    /** 2.10: ten pings in one write, ten pongs in order. */
    @Test
    void answersTenPingsInOrder() throws IOException {
        Frame[] pings = new Frame[10];
        for (int i = 0; i < pings.length; i++) {
            pings[i] = Frame.ping(Frame.utf8("payload-" + i));
        }
        try (FrameClient c = server.connect()) {
            c.send(pings);
            for (int i = 0; i < pings.length; i++) {
                c.expectPong(Frame.utf8("payload-" + i));
            }
            c.closeNormally();
        }
    }

    /** 2.11: the same ten pings, a byte at a time. */
    @Test
    void answersTenPingsSentOneByteAtATimeInOrder() throws IOException {
        Frame[] pings = new Frame[10];
        for (int i = 0; i < pings.length; i++) {
            pings[i] = Frame.ping(Frame.utf8("payload-" + i));
        }
        try (FrameClient c = server.connect()) {
            c.sendChopped(1, pings);
            for (int i = 0; i < pings.length; i++) {
                c.expectPong(Frame.utf8("payload-" + i));
            }
            c.closeNormally();
        }
    }

    /** A pong answers a ping that arrives between the messages it echoes, in its place. */
    @Test
    void answersPingsInTheirPlaceAmongMessages() throws IOException {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 7);
        try (FrameClient c = server.connect()) {
            c.send(Frame.binary(big), Frame.ping(Frame.utf8("1")), Frame.text("x"), Frame.ping(Frame.utf8("2")));
            c.expectBinary(big);
            c.expectPong(Frame.utf8("1"));
            c.expectText("x");
            c.expectPong(Frame.utf8("2"));
            c.closeNormally();
        }
    }
}
