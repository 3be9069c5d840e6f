package dev.morello.http.websocket.autobahn;

import static dev.morello.http.websocket.autobahn.Frame.BINARY;
import static dev.morello.http.websocket.autobahn.Frame.PING;
import static dev.morello.http.websocket.autobahn.Frame.PONG;
import static dev.morello.http.websocket.autobahn.Frame.TEXT;
import static dev.morello.http.websocket.autobahn.Frame.utf8;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Autobahn's group 5, fragmentation (RFC 6455 §5.4): a message's fragments are joined; control
 * frames may come between them and are answered at once, but are never fragmented themselves;
 * a continuation needs a message to continue, and a new message cannot begin inside one (1002).
 */
@Timeout(60)
class FragmentationTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** 5.1, 5.2: "Control frames themselves MUST NOT be fragmented" (§5.4). */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {PING, PONG, Frame.CLOSE})
    void failsAFragmentedControlFrame(int opcode) throws IOException {
        try (FrameClient c = server.connect()) {
            byte[] payload = opcode == Frame.CLOSE ? new byte[] {0x03, (byte) 0xe8} : utf8("fragment1");
            c.send(new Frame(false, 0, opcode, payload), Frame.continuation(true, utf8("fragment2")));
            c.expectClose(1002);
        }
    }

    /** 5.3 to 5.5: two fragments, in one write, in writes of 5 bytes, a byte at a time. */
    @ParameterizedTest(name = "written {0} bytes at a time")
    @ValueSource(ints = {1_000_000, 5, 1})
    void joinsTheFragmentsOfATextMessage(int chunk) throws IOException {
        try (FrameClient c = server.connect()) {
            c.sendChopped(chunk, Frame.first(TEXT, utf8("fragment1")), Frame.continuation(true, utf8("fragment2")));
            c.expectText("fragment1fragment2");
            c.closeNormally();
        }
    }

    @Test
    void joinsTheFragmentsOfABinaryMessage() throws IOException {
        byte[] data = new byte[200_000];
        new Random(5).nextBytes(data);
        try (FrameClient c = server.connect()) {
            c.send(Frame.first(BINARY, java.util.Arrays.copyOfRange(data, 0, 70_000)),
                    Frame.continuation(false, java.util.Arrays.copyOfRange(data, 70_000, 70_100)),
                    Frame.continuation(false, new byte[0]),
                    Frame.continuation(true, java.util.Arrays.copyOfRange(data, 70_100, 200_000)));
            c.expectBinary(data);
            c.closeNormally();
        }
    }

    /** Many fragments, down to single bytes and empty ones. */
    @Test
    void joinsAMessageOfOneByteFragments() throws IOException {
        byte[] text = utf8("one byte per fragment");
        Frame[] frames = new Frame[text.length + 1];
        frames[0] = Frame.first(TEXT, new byte[0]);
        for (int i = 0; i < text.length; i++) {
            frames[i + 1] = Frame.continuation(i == text.length - 1, new byte[] {text[i]});
        }
        try (FrameClient c = server.connect()) {
            c.send(frames);
            c.expectText(text);
            c.closeNormally();
        }
    }

    /** 5.6 to 5.8: a ping between the fragments is answered before the message. */
    @ParameterizedTest(name = "written {0} bytes at a time")
    @ValueSource(ints = {1_000_000, 5, 1})
    void answersAPingBetweenFragments(int chunk) throws IOException {
        try (FrameClient c = server.connect()) {
            c.sendChopped(chunk, Frame.first(TEXT, utf8("fragment1")), Frame.ping(utf8("ping payload")),
                    Frame.continuation(true, utf8("fragment2")));
            c.expectPong(utf8("ping payload"));
            c.expectText("fragment1fragment2");
            c.closeNormally();
        }
    }

    /** A pong between fragments is taken and the message goes on. */
    @Test
    void takesAPongBetweenFragments() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.first(TEXT, utf8("fragment1")), Frame.pong(utf8("pong payload")),
                    Frame.continuation(true, utf8("fragment2")));
            c.expectText("fragment1fragment2");
            c.closeNormally();
        }
    }

    /**
     * 5.19 and 5.20: the pong for a ping between fragments comes while the message is still
     * incomplete, not held back until it ends.
     */
    @ParameterizedTest(name = "written {0} bytes at a time")
    @ValueSource(ints = {1_000_000, 1})
    void answersAPingBeforeTheMessageCompletes(int chunk) throws IOException {
        try (FrameClient c = server.connect()) {
            c.sendChopped(chunk, Frame.first(TEXT, utf8("fragment1")), Frame.continuation(false, utf8("fragment2")),
                    Frame.ping(utf8("pongme 1!")));
            c.expectPong(utf8("pongme 1!")); // the message's last fragment has not been sent yet
            c.sendChopped(chunk, Frame.continuation(false, utf8("fragment3")), Frame.continuation(false, utf8("fragment4")),
                    Frame.ping(utf8("pongme 2!")));
            c.expectPong(utf8("pongme 2!"));
            c.sendChopped(chunk, Frame.continuation(true, utf8("fragment5")));
            c.expectText("fragment1fragment2fragment3fragment4fragment5");
            c.closeNormally();
        }
    }

    /** 5.9 to 5.14: a continuation (final or not) with no message begun. */
    @ParameterizedTest(name = "fin {0}")
    @ValueSource(booleans = {true, false})
    void failsAContinuationWithNothingToContinue(boolean fin) throws IOException {
        for (int chunk : new int[] {1_000_000, 4, 1}) {
            try (FrameClient c = server.connect()) {
                c.sendChopped(chunk, Frame.continuation(fin, utf8("non-continuation payload")), Frame.text("Hello, world!"));
                c.expectClose(1002);
            }
        }
    }

    /** A continuation after a message has ended is as bad as one before any. */
    @Test
    void failsAContinuationAfterAFinishedMessage() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.text("done"), Frame.continuation(true, utf8("late")));
            c.expectText("done");
            c.expectClose(1002);
        }
    }

    /** 5.15: a message, then a continuation of nothing. */
    @Test
    void echoesAFinishedMessageThenFailsAStrayContinuation() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.first(TEXT, utf8("fragment1")), Frame.continuation(true, utf8("fragment2")),
                    Frame.continuation(false, utf8("fragment3")), Frame.continuation(true, utf8("fragment4")));
            c.expectText("fragment1fragment2");
            c.expectClose(1002);
        }
    }

    /** 5.16, 5.17: a continuation first, then a valid-looking message: failed at the first frame. */
    @ParameterizedTest(name = "fin {0}")
    @ValueSource(booleans = {false, true})
    void failsAStrayContinuationBeforeAMessage(boolean fin) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.continuation(fin, utf8("fragment1")), Frame.first(TEXT, utf8("fragment2")),
                    Frame.continuation(true, utf8("fragment3")));
            c.expectClose(1002);
        }
    }

    /** 5.18: a text frame where the message's continuation was due. */
    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {TEXT, BINARY})
    void failsANewMessageInsideAFragmentedOne(int opcode) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.first(TEXT, utf8("fragment1")), new Frame(true, 0, opcode, utf8("fragment2")));
            c.expectClose(1002);
        }
    }
}
