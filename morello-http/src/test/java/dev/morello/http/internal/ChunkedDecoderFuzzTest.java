package dev.morello.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.morello.http.internal.ChunkFeeder.Config;
import dev.morello.http.internal.ChunkFeeder.Decoded;
import dev.morello.http.internal.ChunkFeeder.Outcome;
import dev.morello.http.internal.ChunkFeeder.Rejected;
import dev.morello.http.internal.ChunkFeeder.Unfinished;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Fuzzes {@link ChunkedDecoder} with arbitrary bytes. Without {@code JAZZER_FUZZ} it replays the
 * committed inputs in {@code ChunkedDecoderFuzzTestInputs/decodingDoesNotDependOnSplits}; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Input layout: byte 0 picks the settings (bit 0 bare LF, bits 1-2 a set of limits), byte 1
 * seeds the split points, byte 2 the output buffer size, the rest is the body as sent. Properties:
 * <ul>
 *   <li>nothing but {@code RequestException} escapes, and nothing is read or written outside the
 *       ranges given (see {@link ChunkFeeder});</li>
 *   <li>the outcome (body, input used, trailers; or status; or "need more") is the same whether
 *       the input comes at once or in pieces, into a large output buffer or a small one;</li>
 *   <li>memory stays bounded: never more body than input nor than maxBodySize, never more
 *       trailers than the limits;</li>
 *   <li>an accepted body holds exactly the chunk data, as a plain reading of the sizes finds it.</li>
 * </ul>
 */
class ChunkedDecoderFuzzTest {
    private static final Config[] LIMITS = {
        Config.STRICT,
        new Config(64, 32, 2, false),
        new Config(1 << 20, 256, 8, false),
        new Config(1, 8, 1, false),
    };
    private static final Set<Integer> STATUSES = Set.of(400, 413, 431);

    @FuzzTest(maxDuration = "5m")
    void decodingDoesNotDependOnSplits(byte[] data) {
        if (data.length < 3) {
            return;
        }
        int flags = data[0] & 0xff;
        Config limits = LIMITS[(flags >> 1) & 3];
        Config config = new Config(limits.maxBodySize(), limits.maxTrailerSize(), limits.maxTrailerCount(),
                (flags & 1) != 0);
        int seed = data[1] & 0xff;
        int outSize = 1 + (data[2] & 0xff) % 16;
        byte[] input = Arrays.copyOfRange(data, 3, data.length);

        Outcome whole = ChunkFeeder.whole(config, input);
        check(config, input, whole);
        int[] cuts = RequestHeadParserFuzzTest.cuts(seed, input.length);
        assertSame(whole, ChunkFeeder.feed(config, input, cuts, outSize),
                "cut at " + Arrays.toString(cuts) + " into " + outSize + " bytes", config, input);
        assertSame(whole, ChunkFeeder.byteByByte(config, input, 1), "one byte at a time into 1 byte", config, input);
    }

    private static void assertSame(Outcome expected, Outcome actual, String how, Config config, byte[] input) {
        if (!expected.equals(actual)) {
            fail("fed " + how + " (" + config + "): " + actual + " but all at once: " + expected
                    + "\ninput: " + HeadFeeder.show(input));
        }
    }

    private static void check(Config config, byte[] input, Outcome outcome) {
        switch (outcome) {
            case Rejected r -> assertTrue(STATUSES.contains(r.status()), "unexpected status " + r.status());
            case Unfinished u -> checkBodySize(config, input, u.bodySoFar().length());
            case Decoded d -> {
                assertTrue(d.consumed() > 0 && d.consumed() <= input.length, "consumed " + d.consumed());
                checkBodySize(config, input, d.body().length());
                assertTrue(d.trailers().size() / 2 <= config.maxTrailerCount(), "too many trailers");
                int trailerChars = d.trailers().stream().mapToInt(String::length).sum();
                assertTrue(trailerChars <= config.maxTrailerSize(), "trailers over the limit");
                byte[] expected = chunkData(input, d.consumed());
                assertNotNull(expected, () -> "accepted a body whose chunks do not add up: " + HeadFeeder.show(input));
                assertEquals(new String(expected, StandardCharsets.ISO_8859_1), d.body(),
                        () -> "decoded other bytes than the chunks hold: " + HeadFeeder.show(input));
            }
        }
    }

    private static void checkBodySize(Config config, byte[] input, int length) {
        assertTrue(length <= input.length, "more body than input");
        assertTrue(config.maxBodySize() == 0 || length <= config.maxBodySize(),
                "a body of " + length + " passed maxBodySize " + config.maxBodySize());
    }

    /**
     * The reference: the chunk data in {@code input[0, end)}, read the plain way — a hex size at the
     * start of a line, the rest of the line skipped, that many bytes, a line end — or null when the
     * input does not fit that shape. (Quoted strings and field values cannot hold LF, so the first
     * LF always ends a line of an accepted body.)
     */
    static byte[] chunkData(byte[] input, int end) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            long size = 0;
            int digits = 0;
            while (i < end && Ascii.hexValue(input[i]) >= 0) {
                size = size * 16 + Ascii.hexValue(input[i++]);
                if (++digits > 15) {
                    return null;
                }
            }
            if (digits == 0) {
                return null;
            }
            i = lineEnd(input, i, end);
            if (i < 0) {
                return null;
            }
            if (size == 0) {
                // Trailer lines up to the empty one.
                while (true) {
                    int next = lineEnd(input, i, end);
                    if (next < 0) {
                        return null;
                    }
                    boolean empty = next - i == 1 || (next - i == 2 && input[i] == '\r');
                    i = next;
                    if (empty) {
                        return i == end ? data.toByteArray() : null;
                    }
                }
            }
            if (end - i < size) {
                return null;
            }
            data.write(input, i, (int) size);
            i += (int) size;
            if (i < end && input[i] == '\r') {
                i++;
            }
            if (i >= end || input[i] != '\n') {
                return null;
            }
            i++;
        }
    }

    private static int lineEnd(byte[] input, int from, int end) {
        for (int i = from; i < end; i++) {
            if (input[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }
}
