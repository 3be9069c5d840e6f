package dev.morello.http.websocket.autobahn;

import static dev.morello.http.websocket.autobahn.Frame.TEXT;
import static dev.morello.http.websocket.autobahn.Frame.utf8;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autobahn's group 6, UTF-8 handling: a text message must be UTF-8 (RFC 6455 §5.6, §8.1, as
 * RFC 3629 defines it: no overlong forms, no surrogates, nothing past U+10FFFF), checked across
 * its fragments; text that is not fails the connection with 1007. The check fails fast: the close
 * comes as soon as the fragment that makes the text invalid has arrived, before the message ends.
 */
@Timeout(60)
class Utf8HandlingTest {
    @RegisterExtension
    static final EchoServer.PerClass server = new EchoServer.PerClass();

    /** A named byte sequence. */
    record Sample(String name, byte[] bytes) {
        static Sample hex(String name, String hex) {
            return new Sample(name, HexFormat.of().parseHex(hex.replace(" ", "")));
        }

        static Sample text(String name, String text) {
            return new Sample(name, utf8(text));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Text that must be echoed (6.2, 6.5, 6.7, 6.9, 6.11, 6.22, 6.23). */
    static List<Sample> valid() {
        return List.of(
                Sample.text("Latin-1 letters (6.2)", "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!"),
                Sample.hex("Greek kosme (6.5.1)", "ceba e1bdb9 cf83 cebc ceb5"),
                Sample.text("many scripts and 4-byte characters", "\u00dcn\u00efc\u00f6d\u00e9 \u6f22\u5b57 \u0928\u092e\u0938\u094d\u0924\u0947 "
                        + "\ud834\udd1e \ud83d\ude00 \u05e9\u05dc\u05d5\u05dd"),
                Sample.hex("first of each length: U+0000, U+0080, U+0800, U+10000 (6.7)", "00 c280 e0a080 f0908080"),
                Sample.hex("last of each length: U+007F, U+07FF, U+FFFF (6.9)", "7f dfbf efbfbf"),
                Sample.hex("U+D7FF, U+E000, U+FFFD, U+10FFFF (6.11)", "ed9fbf ee8080 efbfbd f48fbfbf"),
                Sample.hex("noncharacters U+FFFE, U+1FFFE, U+10FFFE are still text (6.22)", "efbfbe f09fbfbe f48fbfbe"),
                Sample.hex("U+FEFF and U+FFFD (6.23)", "efbbbf efbfbd"));
    }

    /** Bytes that can never begin UTF-8 text, each wrong at a byte the server can point to. */
    static List<Sample> invalid() {
        return List.of(
                Sample.hex("kosme, a surrogate, 'edited' (6.3.1)", "ceba e1bdb9 cf83 cebc ceb5 eda080 656469746564"),
                Sample.hex("past U+10FFFF: U+110000 (6.11.5)", "f4908080"),
                Sample.hex("past U+10FFFF: U+1FFFFF (6.9.4)", "f7bfbfbf"),
                Sample.hex("a five-byte form (6.8.1)", "f888808080"),
                Sample.hex("a six-byte form (6.8.2)", "fc8480808080"),
                Sample.hex("a lone continuation byte (6.12.1)", "80"),
                Sample.hex("continuation bytes (6.12.3)", "80bf80"),
                Sample.hex("a lead byte followed by a space (6.13.1)", "df20"),
                Sample.hex("a three-byte lead followed by a space (6.13.2)", "e020"),
                Sample.hex("a four-byte lead followed by a space (6.13.3)", "f420"),
                Sample.hex("FE and FF (6.16)", "fefeffff"),
                Sample.hex("overlong '/' in two bytes (6.17.1)", "c0af"),
                Sample.hex("overlong '/' in three bytes (6.17.2)", "e080af"),
                Sample.hex("overlong '/' in four bytes (6.17.3)", "f08080af"),
                Sample.hex("largest overlong two-byte form (6.18.1)", "c1bf"),
                Sample.hex("largest overlong three-byte form (6.18.2)", "e09fbf"),
                Sample.hex("largest overlong four-byte form (6.18.3)", "f08fbfbf"),
                Sample.hex("overlong NUL (6.19.1)", "c080"),
                Sample.hex("overlong NUL in three bytes (6.19.2)", "e08080"),
                Sample.hex("high surrogate U+D800 (6.20.1)", "eda080"),
                Sample.hex("high surrogate U+DB7F (6.20.2)", "edadbf"),
                Sample.hex("low surrogate U+DC00 (6.20.5)", "edb080"),
                Sample.hex("low surrogate U+DFFF (6.20.7)", "edbfbf"),
                Sample.hex("a surrogate pair, as CESU-8 writes it (6.21.1)", "eda080 edb080"));
    }

    /** Each the start of a character that never ends: wrong only because the message ends there (6.6, 6.14). */
    static List<Sample> truncated() {
        return List.of(
                Sample.hex("a two-byte lead alone", "c2"),
                Sample.hex("a three-byte form missing one byte", "e0a0"),
                Sample.hex("a four-byte form missing one byte", "f09080"),
                Sample.hex("U+10FFFF missing its last byte", "f48fbf"),
                Sample.hex("kosme cut inside its second character (6.6.4)", "cebae1bd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void echoesValidText(Sample s) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(new Frame(true, 0, TEXT, s.bytes()));
            c.expectText(s.bytes());
            c.closeNormally();
        }
    }

    /** 6.2.2, 6.2.4: two fragments, split at every byte, inside characters too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void echoesValidTextSplitIntoTwoFragmentsAtEveryByte(Sample s) throws IOException {
        byte[] b = s.bytes();
        try (FrameClient c = server.connect()) {
            for (int at = 0; at <= b.length; at++) {
                c.send(Frame.first(TEXT, Arrays.copyOfRange(b, 0, at)), Frame.continuation(true, Arrays.copyOfRange(b, at, b.length)));
                c.expectText(b);
            }
            c.closeNormally();
        }
    }

    /** 6.2.3: each byte a fragment of its own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void echoesValidTextInOneByteFragments(Sample s) throws IOException {
        byte[] b = s.bytes();
        Frame[] frames = new Frame[b.length + 1];
        frames[0] = Frame.first(TEXT, new byte[0]);
        for (int i = 0; i < b.length; i++) {
            frames[i + 1] = Frame.continuation(i == b.length - 1, new byte[] {b[i]});
        }
        try (FrameClient c = server.connect()) {
            c.send(frames);
            c.expectText(b);
            c.closeNormally();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"invalid", "truncated"})
    void failsInvalidTextWith1007(Sample s) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(new Frame(true, 0, TEXT, s.bytes()));
            c.expectClose(1007);
        }
    }

    /** 6.3.2: the same, a byte per write. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void failsInvalidTextSentOneByteAtATime(Sample s) throws IOException {
        try (FrameClient c = server.connect()) {
            c.sendChopped(1, new Frame(true, 0, TEXT, s.bytes()));
            c.expectClose(1007);
        }
    }

    /**
     * 6.4.1, 6.4.2: valid text, then a fragment that makes it invalid: the close comes then; the
     * message's last fragment is never sent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void failsFastAtTheFragmentThatMakesTextInvalid(Sample s) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.first(TEXT, utf8("\u03ba\u03cc\u03c3\u03bc\u03b5")), Frame.continuation(false, s.bytes()));
            c.expectClose(1007);
        }
    }

    /** 6.4.2: the character begins in one fragment and goes wrong in the next. */
    @Test
    void failsFastWhenACharacterGoesWrongInTheNextFragment() throws IOException {
        try (FrameClient c = server.connect()) {
            byte[] first = Arrays.copyOf(utf8("\u03ba\u03cc\u03c3\u03bc\u03b5"), 11);
            first[10] = (byte) 0xf4;
            c.send(Frame.first(TEXT, first), Frame.continuation(false, new byte[] {(byte) 0x90}));
            c.expectClose(1007);
        }
    }

    /** A truncated character is fine in the middle of a message and wrong only at its end. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("truncated")
    void failsTextThatEndsInsideACharacterWhenTheMessageEnds(Sample s) throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.first(TEXT, s.bytes()), Frame.ping(utf8("still open")));
            c.expectPong(utf8("still open")); // not failed yet: the character may still be completed
            c.send(Frame.continuation(true, new byte[0]));
            c.expectClose(1007);
        }
    }

    /** 6.1: empty fragments are text too. */
    @Test
    void echoesEmptyTextAndEmptyFragments() throws IOException {
        try (FrameClient c = server.connect()) {
            c.send(Frame.text(""));
            c.expectText("");
            c.send(Frame.first(TEXT, new byte[0]), Frame.continuation(false, new byte[0]), Frame.continuation(true, new byte[0]));
            c.expectText("");
            c.send(Frame.first(TEXT, new byte[0]), Frame.continuation(false, utf8("middle frame payload")),
                    Frame.continuation(true, new byte[0]));
            c.expectText("middle frame payload");
            c.closeNormally();
        }
    }

    /** Binary messages are not text: any bytes pass. */
    @Test
    void doesNotCheckBinaryMessages() throws IOException {
        byte[] notText = HexFormat.of().parseHex("eda080c0aff4908080fe");
        try (FrameClient c = server.connect()) {
            c.send(Frame.binary(notText));
            c.expectBinary(notText);
            c.closeNormally();
        }
    }
}
