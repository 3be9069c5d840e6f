package dev.morello.internal.body;

import static dev.morello.internal.body.MultipartVectors.BOUNDARY;
import static dev.morello.internal.body.MultipartVectors.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser must not care where reads cut the body: every well-formed vector is fed one byte per
 * read, in random small pieces, and cut in two at every offset, and must parse the same each time.
 */
class MultipartChunkingTest {
    private static final MultipartLimits DEFAULTS = MultipartLimits.defaults();

    @ParameterizedTest
    @MethodSource("dev.morello.internal.body.MultipartVectors#validBodies")
    void parsesBodyFedOneByteAtATime(String body, String expected) throws IOException {
        assertEquals(expected, parse(Feed.oneByteAtATime(bytes(body))));
    }

    @ParameterizedTest
    @MethodSource("dev.morello.internal.body.MultipartVectors#validBodies")
    void parsesBodyFedInRandomPieces(String body, String expected) throws IOException {
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(expected, parse(Feed.randomPieces(bytes(body), seed, 7)), "seed " + seed);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.morello.internal.body.MultipartVectors#validBodies")
    void parsesBodyCutAtEveryOffset(String body, String expected) throws IOException {
        byte[] data = bytes(body);
        for (int offset = 1; offset < data.length; offset++) {
            assertEquals(expected, parse(Feed.splitAt(data, offset)), "cut at " + offset);
        }
    }

    @Test
    void parsesContentLargerThanBufferWithNearDelimitersAnywhere() throws IOException {
        // Near-misses of the delimiter at many offsets, so some straddle every buffer refill.
        Random random = new Random(42);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        // No near-miss starts with '-' and the noise has no LF, '-' or 'Z', so none completes another.
        String[] nearMisses = {"\r\n--XyZ-x", "\r\n--Xy", "\r\n--XyZa", "\r", "\r\n", "\n--XyZ!", "x--XyZ"};
        while (content.size() < 50_000) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            for (int i = 0; i < noise.length; i++) {
                if (noise[i] == '\n' || noise[i] == '-' || noise[i] == 'Z') {
                    noise[i] = 'n';
                }
            }
            content.writeBytes(noise);
            content.writeBytes(nearMisses[random.nextInt(nearMisses.length)].getBytes(StandardCharsets.US_ASCII));
        }
        byte[] expected = content.toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes("--XyZ\r\nContent-Disposition: form-data; name=f; filename=big\r\n\r\n"));
        body.writeBytes(expected);
        body.writeBytes(bytes("\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nafter\r\n--XyZ--\r\n"));

        for (int maxPiece : new int[] {1, 5, 100, 3000, 20_000}) {
            MultipartResult result = Multipart.parse(Feed.randomPieces(body.toByteArray(), maxPiece, maxPiece),
                    BOUNDARY, DEFAULTS);
            try {
                assertArrayEquals(expected, ((Part) result.params().get("f")).bytes(), "pieces up to " + maxPiece);
                assertEquals("after", result.params().get("a"));
            } finally {
                result.delete();
            }
        }
    }

    private static String parse(InputStream in) throws IOException {
        MultipartResult result = Multipart.parse(in, BOUNDARY, DEFAULTS);
        try {
            return MultipartVectors.describe(result);
        } finally {
            result.delete();
        }
    }
}
