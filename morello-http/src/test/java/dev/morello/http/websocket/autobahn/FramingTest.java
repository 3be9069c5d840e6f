package dev.morello.http.websocket.autobahn;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn's group 1, framing: text (1.1.x) and binary (1.2.x) messages at each boundary of
 * RFC 6455 §5.2's three length encodings, whole and chopped into small writes, are echoed exactly;
 * and a frame whose bytes arrive split at any offset is read the same.
 */
@Timeout(60)
class FramingTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** 7-bit lengths up to 125, 16-bit from 126 to 65535, 64-bit from 65536. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 125, 126, 127, 128, 65535, 65536})
    void echoesATextMessageOfEachLengthBoundary(int length) throws IOException {
        byte[] text = new byte[length];
        Arrays.fill(text, (byte) '*');
        try (FrameClient c = server.connect()) {
            c.send(new Frame(true, 0, Frame.TEXT, text));
            c.expectText(text);
            c.closeNormally();
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 125, 126, 127, 128, 65535, 65536})
    void echoesABinaryMessageOfEachLengthBoundary(int length) throws IOException {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        try (FrameClient c = server.connect()) {
            c.send(Frame.binary(data));
            c.expectBinary(data);
            c.closeNormally();
        }
    }

    /** 1.1.8 and 1.2.8: a 65536-byte message sent in writes of 997 bytes. */
    @Test
    void echoesALargeMessageSentInSmallWrites() throws IOException {
        byte[] text = new byte[65536];
        Arrays.fill(text, (byte) '*');
        byte[] data = new byte[65536];
        new Random(8).nextBytes(data);
        try (FrameClient c = server.connect()) {
            c.sendChopped(997, new Frame(true, 0, Frame.TEXT, text));
            c.expectText(text);
            c.sendChopped(997, Frame.binary(data));
            c.expectBinary(data);
            c.closeNormally();
        }
    }

    /** Frames of each length encoding, every byte a write of its own. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 300})
    void echoesAMessageSentOneByteAtATime(int length) throws IOException {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        try (FrameClient c = server.connect()) {
            c.sendChopped(1, Frame.binary(data));
            c.expectBinary(data);
            c.closeNormally();
        }
    }

    /** A frame with a 64-bit length, cut in two at every offset of its 14-byte header and into its payload. */
    @Test
    void readsAFrameSplitAtEveryOffset() throws IOException {
        byte[] data = new byte[70_000];
        new Random(70).nextBytes(data);
        try (FrameClient c = server.connect()) {
            for (int at = 1; at <= 20; at++) {
                c.writeSplit(c.encode(Frame.binary(data)), at);
                c.expectBinary(data);
            }
            c.closeNormally();
        }
    }

    /** Several frames in one write: each is its own message, echoed in order. */
    @Test
    void echoesFramesThatArriveTogetherInOrder() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.text("one"), Frame.binary(new byte[] {2}), Frame.text("three"));
            c.expectText("one");
            c.expectBinary(new byte[] {2});
            c.expectText("three");
            c.closeNormally();
        }
    }
}
