package dev.morello.http.websocket.autobahn;

import static dev.morello.http.websocket.autobahn.Frame.BINARY;
import static dev.morello.http.websocket.autobahn.Frame.TEXT;

import dev.morello.http.websocket.WebSocketConfig;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn's group 9, limits and performance, reduced to what can be asserted: large messages,
 * whole and in many fragments and small writes, are echoed exactly; a frame or a message over the
 * endpoint's limits is refused with 1009 (RFC 6455 §7.4.1) as soon as it is known to be too big,
 * before its bytes are all sent.
 */
@Timeout(60)
class LimitsTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** Small limits, to go past them cheaply. */
    private static EchoServer limited;
    /** The defaults: frames of 1 MiB, messages of 16 MiB. */
    private static EchoServer defaults;

    @BeforeAll
    static void start() {
        limited = EchoServer.start(WebSocketConfig.defaults().withMaxFrameSize(MAX_FRAME).withMaxMessageSize(MAX_MESSAGE));
        defaults = EchoServer.start();
    }

    @AfterAll
    static void stop() {
        limited.close();
        defaults.close();
    }

    private static byte[] random(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    private static byte[] ascii(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** The message cut into fragments of {@code size} bytes, the last with FIN. */
    private static Frame[] fragments(int opcode, byte[] message, int size) {
        int n = Math.max(1, (message.length + size - 1) / size);
        Frame[] frames = new Frame[n];
        for (int i = 0; i < n; i++) {
            byte[] part = Arrays.copyOfRange(message, i * size, Math.min(message.length, (i + 1) * size));
            frames[i] = new Frame(i == n - 1, 0, i == 0 ? opcode : Frame.CONTINUATION, part);
        }
        return frames;
    }

    @Test
    void echoesAFrameOfTheLargestSizeTaken() throws IOException {
        byte[] data = random(MAX_FRAME);
        try (FrameClient c = limited.connect()) {
            c.send(Frame.binary(data));
            c.expectBinary(data);
            c.closeNormally();
        }
    }

    /** Only the frame's header is sent: the length it announces is enough to refuse it. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {TEXT, BINARY, Frame.CONTINUATION})
    void refusesAFrameOverTheLimitFromItsHeader(int opcode) throws IOException {
        try (FrameClient c = limited.connect()) {
            if (opcode == Frame.CONTINUATION) {
                c.send(Frame.first(BINARY, new byte[] {1}));
            }
            byte[] frame = c.encode(new Frame(true, 0, opcode, new byte[MAX_FRAME + 1]));
            c.write(Arrays.copyOf(frame, 2 + 8 + 4));
            c.expectClose(1009);
        }
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {TEXT, BINARY})
    void echoesAMessageOfTheLargestSizeTaken(int opcode) throws IOException {
        byte[] message = ascii(MAX_MESSAGE);
        try (FrameClient c = limited.connect()) {
            c.send(fragments(opcode, message, MAX_FRAME));
            Frame echo = c.expect(opcode);
            org.junit.jupiter.api.Assertions.assertArrayEquals(message, echo.payload());
            c.closeNormally();
        }
    }

    /** The fragment that takes the message past the limit is refused; the final one is never sent. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {TEXT, BINARY})
    void refusesAMessageOverTheLimitAtTheFragmentThatPassesIt(int opcode) throws IOException {
        Frame[] frames = fragments(opcode, ascii(MAX_MESSAGE), MAX_FRAME);
        frames[frames.length - 1] = frames[frames.length - 1].withFin(false);
        try (FrameClient c = limited.connect()) {
            c.send(frames);
            c.send(Frame.continuation(false, new byte[] {'z'}));
            c.expectClose(1009);
        }
    }

    /** 9.3, 9.4: a 4 MiB message in 64 KiB fragments, echoed whole. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {TEXT, BINARY})
    void echoesA4MiBMessageSentIn64KiBFragments(int opcode) throws IOException {
        byte[] message = opcode == TEXT ? ascii(4 << 20) : random(4 << 20);
        try (FrameClient c = defaults.connect()) {
            c.send(fragments(opcode, message, 64 * 1024));
            org.junit.jupiter.api.Assertions.assertArrayEquals(message, c.expect(opcode).payload());
            c.closeNormally();
        }
    }

    /** 9.1, 9.2, 9.5: a 1 MiB frame (the default limit), in writes of 4 KiB. */
    @Test
    void echoesA1MiBFrameSentInSmallWrites() throws IOException {
        byte[] data = random(1 << 20);
        try (FrameClient c = defaults.connect()) {
            c.sendChopped(4096, Frame.binary(data));
            c.expectBinary(data);
            c.closeNormally();
        }
    }

    /** 9.7, 9.8: a thousand small messages in a row, each echoed, in order. */
    @Test
    void echoesAThousandSmallMessagesInOrder() throws IOException {
        Frame[] frames = new Frame[1000];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = i % 2 == 0 ? Frame.text("message " + i) : Frame.binary(random(16 + i % 7));
        }
        try (FrameClient c = defaults.connect()) {
            c.send(frames);
            for (int i = 0; i < frames.length; i++) {
                if (i % 2 == 0) {
                    c.expectText("message " + i);
                } else {
                    c.expectBinary(random(16 + i % 7));
                }
            }
            c.closeNormally();
        }
    }
}
