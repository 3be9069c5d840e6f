package dev.morello.http.internal;

import static dev.morello.http.internal.HeadFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.morello.http.RequestException;
import dev.morello.http.internal.ChunkFeeder.Config;
import dev.morello.http.internal.ChunkFeeder.Decoded;
import dev.morello.http.internal.ChunkFeeder.Outcome;
import dev.morello.http.internal.ChunkFeeder.Rejected;
import dev.morello.http.internal.ChunkFeeder.Unfinished;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chunked transfer coding (RFC 9112 §7.1) against one vector per rule. Every vector is also
 * decoded with its input split at every offset, one byte at a time, and into output buffers of
 * 1, 3 and 7 bytes, and must come out the same each time.
 */
class ChunkedDecoderTest {
    private static final Config STRICT = Config.STRICT;
    private static final Config BARE_LF = Config.BARE_LF;
    private static final String END = "0\r\n\r\n";
    private static final int[] OUTPUT_SIZES = {1, 3, 7};
    /** Inputs up to this long are also cut at every pair of offsets. */
    private static final int PAIRS_UP_TO = 300;

    static Stream<Arguments> validBodies() {
        List<Arguments> v = new ArrayList<>();
        v.add(ok("one chunk", STRICT, "5\r\nhello\r\n" + END, "hello"));
        v.add(ok("empty body", STRICT, END, ""));
        v.add(ok("upper-case hex size", STRICT, "A\r\n0123456789\r\n" + END, "0123456789"));
        v.add(ok("lower-case hex size", STRICT, "a\r\n0123456789\r\n" + END, "0123456789"));
        v.add(ok("mixed-case two-digit size", STRICT, "1f\r\n" + "x".repeat(31) + "\r\n1F\r\n" + "y".repeat(31) + "\r\n" + END,
                "x".repeat(31) + "y".repeat(31)));
        v.add(ok("leading zeros", STRICT, "0005\r\nhello\r\n000\r\n\r\n", "hello"));
        v.add(ok("fifteen size digits", STRICT, "000000000000005\r\nhello\r\n" + END, "hello"));
        v.add(ok("several chunks", STRICT, "3\r\nabc\r\n2\r\nde\r\n1\r\nf\r\n" + END, "abcdef"));
        v.add(ok("data that looks like chunk syntax", STRICT, "6\r\na\r\n0\r\n\r\n" + END, "a\r\n0\r\n"));
        v.add(ok("binary data", STRICT, "4\r\n\u0000\u00ff\r\u0080\r\n" + END, "\u0000\u00ff\r\u0080"));
        v.add(ok("a larger chunk", STRICT, "100\r\n" + "z".repeat(256) + "\r\n" + END, "z".repeat(256)));
        // Extensions, RFC 9112 §7.1.1.
        v.add(ok("extension name", STRICT, "5;name\r\nhello\r\n" + END, "hello"));
        v.add(ok("extension with token value", STRICT, "5;name=value\r\nhello\r\n" + END, "hello"));
        v.add(ok("extension with every tchar", STRICT, "5;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~\r\nhello\r\n" + END, "hello"));
        v.add(ok("extension with quoted value", STRICT, "5;name=\"quoted value; with = signs\"\r\nhello\r\n" + END, "hello"));
        v.add(ok("extension with escapes in quoted value", STRICT, "5;n=\"a\\\"b\\\\c\\d\"\r\nhello\r\n" + END, "hello"));
        v.add(ok("extension with obs-text in quoted value", STRICT, "5;n=\"caf\u00e9\\\u00ff\"\r\nhello\r\n" + END, "hello"));
        v.add(ok("extension with empty quoted value", STRICT, "5;n=\"\"\r\nhello\r\n" + END, "hello"));
        v.add(ok("several extensions", STRICT, "5;a;b=1;c=\"x;y\"\r\nhello\r\n" + END, "hello"));
        v.add(ok("BWS around ';' and '='", STRICT, "5 ; a = 1 ;\tb\t=\t\"2\"\r\nhello\r\n" + END, "hello"));
        v.add(ok("BWS before ';' of a name-only extension", STRICT, "5 \t ;a\r\nhello\r\n" + END, "hello"));
        v.add(ok("extension on the last chunk", STRICT, "5\r\nhello\r\n0;last=1\r\n\r\n", "hello"));
        v.add(ok("extensions of MAX_EXTENSION_BYTES", STRICT,
                "5;" + "e".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES - 1) + "\r\nhello\r\n" + END, "hello"));
        v.add(ok("each size line has its own extension budget", STRICT,
                "1;" + "e".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES - 1) + "\r\na\r\n1;"
                        + "e".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES - 1) + "\r\nb\r\n" + END, "ab"));
        // Trailers, RFC 9112 §7.1.2.
        v.add(ok("trailer fields", STRICT, "5\r\nhello\r\n0\r\nX-Sum: abc\r\nY: z\r\n\r\n", "hello",
                "X-Sum", "abc", "Y", "z"));
        v.add(ok("trailer with empty value", STRICT, "0\r\nX:\r\n\r\n", "", "X", ""));
        v.add(ok("trailer value trimmed", STRICT, "0\r\nX: \t a b \t\r\n\r\n", "", "X", "a b"));
        v.add(ok("trailer with obs-text", STRICT, "0\r\nX: caf\u00e9\r\n\r\n", "", "X", "caf\u00e9"));
        v.add(ok("trailer name with every tchar", STRICT, "0\r\n!#$%&'*+-.^_`|~09AZaz: v\r\n\r\n", "",
                "!#$%&'*+-.^_`|~09AZaz", "v"));
        // Line endings, RFC 9112 §2.2.
        v.add(ok("bare LF everywhere, with BARE_LF_LINE_ENDINGS", BARE_LF, "5\nhello\n0\nX: y\n\n", "hello", "X", "y"));
        v.add(ok("bare LF without trailers, with BARE_LF_LINE_ENDINGS", BARE_LF, "5\nhello\n0\n\n", "hello"));
        v.add(ok("CRLF and LF mixed, with BARE_LF_LINE_ENDINGS", BARE_LF, "5;a=b\nhello\r\n0\r\nX: y\r\n\n", "hello",
                "X", "y"));
        v.add(ok("CRLF still works with BARE_LF_LINE_ENDINGS", BARE_LF, "5\r\nhello\r\n" + END, "hello"));
        // Limits at their boundary.
        v.add(ok("body exactly maxBodySize", new Config(10, 65536, 100, false), "5\r\nhello\r\n5\r\nworld\r\n" + END,
                "helloworld"));
        v.add(ok("trailer section exactly maxTrailerSize", new Config(0, 9, 100, false), "0\r\nX: 1234\r\n\r\n", "",
                "X", "1234"));
        v.add(ok("trailer count exactly maxTrailerCount", new Config(0, 65536, 2, false), "0\r\nA: 1\r\nB: 2\r\n\r\n",
                "", "A", "1", "B", "2"));
        // What follows the body is not part of it.
        v.add(okPrefix("a pipelined request after the body", STRICT, "5\r\nhello\r\n" + END, "GET / HTTP/1.1\r\n",
                "hello"));
        v.add(okPrefix("bytes after an empty body", STRICT, END, "0\r\n\r\n", ""));
        return v.stream();
    }

    static Stream<Arguments> invalidBodies() {
        List<Arguments> v = new ArrayList<>();
        for (String size : List.of("+5", "-5", "0x1", "0_0", "1 2", "xx", " 5", "\t5", ";a", "5.0", "\u00d9\u00a1", "g")) {
            v.add(bad("size " + HeadFeeder.show(bytes(size)), STRICT, size + "\r\nhello\r\n" + END, 400));
        }
        v.add(bad("empty size line", STRICT, "\r\nhello\r\n" + END, 400));
        v.add(bad("sixteen size digits", STRICT, "0000000000000001\r\nx\r\n" + END, 400));
        v.add(bad("size that overflows a long", STRICT, "FFFFFFFFFFFFFFFF\r\nx\r\n" + END, 400));
        v.add(bad("seventeen size digits", STRICT, "10000000000000000\r\nx\r\n" + END, 400));
        v.add(bad("data longer than its size", STRICT, "3\r\nhello\r\n" + END, 400));
        v.add(bad("no CRLF after data", STRICT, "5\r\nhello0\r\n\r\n", 400));
        v.add(bad("junk after data", STRICT, "5\r\nhelloX\r\n" + END, 400));
        v.add(bad("bare CR after data", STRICT, "5\r\nhello\rX" + END, 400));
        v.add(bad("CR CR after data", STRICT, "5\r\nhello\r\r\n" + END, 400));
        v.add(bad("bare LF ending the size line", STRICT, "5\nhello\r\n" + END, 400));
        v.add(bad("bare LF after data", STRICT, "5\r\nhello\n" + END, 400));
        v.add(bad("bare LF ending an extension", STRICT, "5;a=b\nhello\r\n" + END, 400));
        v.add(bad("bare LF ending the body", STRICT, "0\r\n\n", 400));
        v.add(bad("bare LF ending a trailer", STRICT, "0\r\nX: y\n\r\n", 400));
        v.add(bad("bare CR in the size line", STRICT, "5\rhello\r\n" + END, 400));
        v.add(bad("bare CR in the size line, even with BARE_LF_LINE_ENDINGS", BARE_LF, "5\rhello\r\n" + END, 400));
        v.add(bad("bare CR ending the body", STRICT, "0\r\n\rX", 400));
        v.add(bad("bare CR ending the body, even with BARE_LF_LINE_ENDINGS", BARE_LF, "0\r\n\rX", 400));
        // Extensions.
        v.add(bad("';' without a name", STRICT, "5;\r\nhello\r\n" + END, 400));
        v.add(bad("'=' without a name", STRICT, "5;=v\r\nhello\r\n" + END, 400));
        v.add(bad("'=' without a value", STRICT, "5;a=\r\nhello\r\n" + END, 400));
        v.add(bad("separator in a name", STRICT, "5;a(b\r\nhello\r\n" + END, 400));
        v.add(bad("two words without ';'", STRICT, "5;a b\r\nhello\r\n" + END, 400));
        v.add(bad("separator in a token value", STRICT, "5;a=b/c\r\nhello\r\n" + END, 400));
        v.add(bad("junk after a quoted value", STRICT, "5;a=\"x\"y\r\nhello\r\n" + END, 400));
        v.add(bad("unclosed quoted string", STRICT, "5;a=\"abc\r\nhello\r\n" + END, 400));
        v.add(bad("escaped CR in a quoted string", STRICT, "5;a=\"\\\r\nhello\r\n" + END, 400));
        v.add(bad("NUL in a quoted string", STRICT, "5;a=\"\u0000\"\r\nhello\r\n" + END, 400));
        v.add(bad("DEL in a quoted string", STRICT, "5;a=\"\u007f\"\r\nhello\r\n" + END, 400));
        v.add(bad("escaped DEL in a quoted string", STRICT, "5;a=\"\\\u007f\"\r\nhello\r\n" + END, 400));
        v.add(bad("extensions over MAX_EXTENSION_BYTES", STRICT,
                "5;" + "e".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES) + "\r\nhello\r\n" + END, 400));
        v.add(bad("whitespace over MAX_EXTENSION_BYTES", STRICT,
                "5" + " ".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES + 1) + ";a\r\nhello\r\n" + END, 400));
        v.add(bad("quoted value over MAX_EXTENSION_BYTES", STRICT,
                "5;a=\"" + "q".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES) + "\"\r\nhello\r\n" + END, 400));
        // RFC 9112 §7.1.1: chunk = chunk-size [ chunk-ext ] CRLF, chunk-ext = *( BWS ";" ... ):
        // BWS only comes before a ';', never right before the CRLF.
        v.add(bad("whitespace between size and CRLF", STRICT, "5 \r\nhello\r\n" + END, 400));
        v.add(bad("whitespace between extension name and CRLF", STRICT, "5;a \r\nhello\r\n" + END, 400));
        v.add(bad("whitespace between extension value and CRLF", STRICT, "5;a=b\t\r\nhello\r\n" + END, 400));
        // Trailers.
        v.add(bad("trailer name with a space", STRICT, "0\r\nX Y: z\r\n\r\n", 400));
        v.add(bad("space before a trailer's colon", STRICT, "0\r\nX : z\r\n\r\n", 400));
        v.add(bad("trailer without a name", STRICT, "0\r\n: z\r\n\r\n", 400));
        v.add(bad("separator in a trailer name", STRICT, "0\r\nX(: z\r\n\r\n", 400));
        v.add(bad("trailer without a colon", STRICT, "0\r\nX\r\n\r\n", 400));
        v.add(bad("obs-fold in a trailer", STRICT, "0\r\nX: a\r\n b\r\n\r\n", 400));
        v.add(bad("obs-fold in a trailer, even with BARE_LF_LINE_ENDINGS", BARE_LF, "0\r\nX: a\n b\n\n", 400));
        v.add(bad("NUL in a trailer value", STRICT, "0\r\nX: a\u0000\r\n\r\n", 400));
        v.add(bad("DEL in a trailer value", STRICT, "0\r\nX: a\u007f\r\n\r\n", 400));
        v.add(bad("bare CR in a trailer value", STRICT, "0\r\nX: a\rb\r\n\r\n", 400));
        // Limits.
        v.add(bad("trailer section over maxTrailerSize", new Config(0, 8, 100, false), "0\r\nX: 1234\r\n\r\n", 431));
        v.add(bad("trailer section over maxTrailerSize while it arrives", new Config(0, 16, 100, false),
                "0\r\nX: " + "a".repeat(40), 431));
        v.add(bad("trailers over maxTrailerCount", new Config(0, 65536, 1, false), "0\r\nA: 1\r\nB: 2\r\n\r\n", 431));
        v.add(bad("a chunk over maxBodySize", new Config(10, 65536, 100, false), "b\r\nhello world\r\n" + END, 413));
        v.add(bad("chunks adding up over maxBodySize", new Config(10, 65536, 100, false),
                "5\r\nhello\r\n6\r\n world\r\n" + END, 413));
        v.add(bad("413 as soon as the size line ends, before the data", new Config(10, 65536, 100, false),
                "b\r\n", 413));
        v.add(bad("413 as soon as a size line with extensions ends", new Config(10, 65536, 100, false),
                "b;a=\"1\"\r\n", 413));
        v.add(bad("a huge chunk over maxBodySize", new Config(1 << 20, 65536, 100, false),
                "FFFFFFFFFFFFFFF\r\n", 413));
        return v.stream();
    }

    static Stream<Arguments> unfinishedBodies() {
        List<Arguments> v = new ArrayList<>();
        String body = "5;a=\"b\"\r\nhello\r\n2\r\n!!\r\n0\r\nX: y\r\n\r\n";
        for (int n = 1; n < body.length(); n++) {
            String prefix = body.substring(0, n);
            v.add(argumentSet("first " + n + " bytes of a body", STRICT, bytes(prefix), new Unfinished(dataIn(prefix))));
        }
        v.add(argumentSet("a size line under maxBodySize", new Config(10, 65536, 100, false), bytes("a\r\n"),
                new Unfinished("")));
        v.add(argumentSet("a size line over maxBodySize still arriving", new Config(10, 65536, 100, false),
                bytes("b;x"), new Unfinished("")));
        return v.stream();
    }

    /** The data bytes in a prefix of {@code 5;a="b"\r\nhello\r\n2\r\n!!\r\n...}. */
    private static String dataIn(String prefix) {
        int first = "5;a=\"b\"\r\n".length();
        int second = first + "hello\r\n2\r\n".length();
        String data = prefix.length() <= first ? "" : prefix.substring(first, Math.min(prefix.length(), first + 5));
        if (prefix.length() > second) {
            data += prefix.substring(second, Math.min(prefix.length(), second + 2));
        }
        return data;
    }

    static Stream<Arguments> allBodies() {
        return Stream.of(validBodies(), invalidBodies(), unfinishedBodies()).flatMap(s -> s);
    }

    private static Arguments ok(String name, Config config, String input, String body, String... trailers) {
        return okPrefix(name, config, input, "", body, trailers);
    }

    private static Arguments okPrefix(String name, Config config, String input, String after, String body,
                                      String... trailers) {
        return argumentSet(name + " [" + config + "]", config, bytes(input + after),
                new Decoded(body, input.length(), List.of(trailers)));
    }

    private static Arguments bad(String name, Config config, String input, int status) {
        return argumentSet(name + " [" + config + "] -> " + status, config, bytes(input), new Rejected(status));
    }

    // ---- one call ---------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("validBodies")
    void decodesValidBody(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, ChunkFeeder.whole(config, input), () -> HeadFeeder.show(input));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void rejectsInvalidBodyWithItsStatus(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, ChunkFeeder.whole(config, input), () -> HeadFeeder.show(input));
    }

    @ParameterizedTest
    @MethodSource("unfinishedBodies")
    void waitsForTheRestOfAnUnfinishedBody(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, ChunkFeeder.whole(config, input), () -> HeadFeeder.show(input));
    }

    // ---- every way the bytes could arrive and leave -----------------------------------------

    @ParameterizedTest
    @MethodSource("allBodies")
    void outcomeDoesNotDependOnWhereTheInputIsSplitNorOnOutputSize(Config config, byte[] input, Outcome expected) {
        int[] sizes = {1, 3, 7, Math.max(1, input.length)};
        for (int outSize : sizes) {
            for (int cut = 1; cut < input.length; cut++) {
                Outcome actual = ChunkFeeder.splitAt(config, input, outSize, cut);
                if (!expected.equals(actual)) {
                    fail("split at " + cut + ", " + outSize + "-byte output: " + actual + ", expected " + expected
                            + "; input " + HeadFeeder.show(input));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allBodies")
    void outcomeDoesNotDependOnWhereTwoSplitsFall(Config config, byte[] input, Outcome expected) {
        if (input.length > PAIRS_UP_TO) {
            // Long vectors differ from short ones only in a run of like bytes; single splits cover them.
            assertEquals(expected, ChunkFeeder.splitAt(config, input, 7, input.length / 3, 2 * input.length / 3));
            return;
        }
        for (int cut1 = 1; cut1 < input.length; cut1++) {
            for (int cut2 = cut1 + 1; cut2 < input.length; cut2++) {
                Outcome actual = ChunkFeeder.splitAt(config, input, 3, cut1, cut2);
                if (!expected.equals(actual)) {
                    fail("split at " + cut1 + " and " + cut2 + ": " + actual + ", expected " + expected
                            + "; input " + HeadFeeder.show(input));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allBodies")
    void outcomeDoesNotDependOnFeedingOneByteAtATime(Config config, byte[] input, Outcome expected) {
        for (int outSize : OUTPUT_SIZES) {
            assertEquals(expected, ChunkFeeder.byteByByte(config, input, outSize),
                    () -> outSize + "-byte output: " + HeadFeeder.show(input));
        }
    }

    @ParameterizedTest
    @MethodSource("allBodies")
    void outcomeDoesNotDependOnOutputSize(Config config, byte[] input, Outcome expected) {
        for (int outSize : OUTPUT_SIZES) {
            assertEquals(expected, ChunkFeeder.feed(config, input, new int[] {input.length}, outSize),
                    () -> outSize + "-byte output: " + HeadFeeder.show(input));
        }
    }

    // ---- specifics --------------------------------------------------------------------------

    @Test
    void refusesAnOversizedChunkBeforeItsDataArrives() throws RequestException {
        ChunkedDecoder decoder = new ChunkedDecoder(10, 65536, 100, false);
        byte[] out = new byte[64];
        byte[] first = bytes("5\r\nhello\r\nb");
        decoder.decode(first, 0, first.length, out, 0, out.length);
        assertEquals(first.length, decoder.consumed());
        assertEquals(5, decoder.produced());
        byte[] cr = bytes("\r");
        decoder.decode(cr, 0, 1, out, 0, out.length);
        RequestException e = assertThrows(RequestException.class, () -> decoder.decode(bytes("\n"), 0, 1, out, 0, 64));
        assertEquals(413, e.status());
        assertTrue(e.closeConnection());
    }

    @Test
    void stopsAtTheEndOfTheBody() throws RequestException {
        ChunkedDecoder decoder = STRICT.decoder();
        byte[] in = bytes("3\r\nabc\r\n0\r\nT: 1\r\n\r\nNEXT");
        byte[] out = new byte[16];
        decoder.decode(in, 0, in.length, out, 0, out.length);
        assertTrue(decoder.done());
        assertEquals(in.length - 4, decoder.consumed());
        assertEquals(3, decoder.produced());
        assertEquals(3, decoder.total());
        // Once done, it takes nothing more.
        decoder.decode(in, in.length - 4, 4, out, 0, out.length);
        assertEquals(0, decoder.consumed());
        assertEquals(0, decoder.produced());
        assertTrue(decoder.done());
    }

    @Test
    void waitsForRoomWhenTheOutputIsFull() throws RequestException {
        ChunkedDecoder decoder = STRICT.decoder();
        byte[] in = bytes("5\r\nhello\r\n" + END);
        byte[] out = new byte[5];
        decoder.decode(in, 0, in.length, out, 0, 0);
        assertEquals(3, decoder.consumed(), "the size line is taken, the data waits for room");
        assertEquals(0, decoder.produced());
        decoder.decode(in, 3, in.length - 3, out, 0, 2);
        assertEquals(2, decoder.produced());
        assertEquals("he", new String(out, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void resetReadsTheNextBodyFromScratch() throws RequestException {
        ChunkedDecoder decoder = new ChunkedDecoder(10, 65536, 100, false);
        byte[] out = new byte[32];
        byte[] first = bytes("8\r\n12345678\r\n0\r\nA: 1\r\n\r\n");
        decoder.decode(first, 0, first.length, out, 0, out.length);
        assertTrue(decoder.done());
        assertEquals(1, decoder.trailers().size());

        decoder.reset();
        assertFalse(decoder.done());
        assertEquals(0, decoder.total());
        assertEquals(0, decoder.trailers().size());
        // The body limit counts per body: another 8 bytes fit within 10 again.
        byte[] second = bytes("8\r\nabcdefgh\r\n" + END);
        decoder.decode(second, 0, second.length, out, 0, out.length);
        assertTrue(decoder.done());
        assertEquals("abcdefgh", new String(out, 0, decoder.produced(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(0, decoder.trailers().size());
    }

    @Test
    void resetInTheMiddleOfAChunkForgetsIt() throws RequestException {
        ChunkedDecoder decoder = STRICT.decoder();
        byte[] out = new byte[32];
        byte[] partial = bytes("ff;x=\"unfinished");
        decoder.decode(partial, 0, partial.length, out, 0, out.length);
        decoder.reset();
        byte[] next = bytes("2\r\nok\r\n" + END);
        decoder.decode(next, 0, next.length, out, 0, out.length);
        assertTrue(decoder.done());
        assertEquals(2, decoder.produced());
    }
}
