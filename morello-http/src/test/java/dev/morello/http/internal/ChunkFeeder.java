package dev.morello.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.morello.http.Headers;
import dev.morello.http.RequestException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds a chunked body to a {@link ChunkedDecoder} the way {@code BodyInput} does: the input
 * arrives in pieces, each piece is decoded into an output buffer of some size until the decoder
 * has taken all of it, and the decoded bytes are collected. Whatever the pieces and the output
 * size, the {@link Outcome} must be the same.
 *
 * <p>Each piece sits between {@link #PAD} guard bytes in its own array, and the output buffer has
 * guard bytes on both sides, so a decoder that reads or writes outside the ranges it was given is
 * caught.
 */
final class ChunkFeeder {
    static final int PAD = 3;
    private static final byte GUARD = (byte) '7';

    /** The decoder's settings. */
    record Config(long maxBodySize, int maxTrailerSize, int maxTrailerCount, boolean bareLf) {
        static final Config STRICT = new Config(0, 65536, 100, false);
        static final Config BARE_LF = new Config(0, 65536, 100, true);

        ChunkedDecoder decoder() {
            return new ChunkedDecoder(maxBodySize, maxTrailerSize, maxTrailerCount, bareLf);
        }

        @Override
        public String toString() {
            String s = (maxBodySize == 0 ? "" : "body<=" + maxBodySize + " ")
                    + (maxTrailerSize == 65536 ? "" : "trailers<=" + maxTrailerSize + " ")
                    + (maxTrailerCount == 100 ? "" : "trailer count<=" + maxTrailerCount + " ")
                    + (bareLf ? "BARE_LF" : "");
            return s.isBlank() ? "strict" : s.strip();
        }
    }

    sealed interface Outcome permits Decoded, Rejected, Unfinished {
    }

    /** The whole body was read: its bytes (as ISO-8859-1), how much input it took, its trailers. */
    record Decoded(String body, int consumed, List<String> trailers) implements Outcome {
    }

    record Rejected(int status) implements Outcome {
    }

    /** All the input was taken and more is needed; the body so far. */
    record Unfinished(String bodySoFar) implements Outcome {
    }

    private ChunkFeeder() {
    }

    static Outcome whole(Config config, byte[] input) {
        return feed(config, input, new int[] {input.length}, Math.max(1, input.length));
    }

    static Outcome splitAt(Config config, byte[] input, int outSize, int... cuts) {
        int[] all = Arrays.copyOf(cuts, cuts.length + 1);
        all[cuts.length] = input.length;
        return feed(config, input, all, outSize);
    }

    static Outcome byteByByte(Config config, byte[] input, int outSize) {
        int[] cuts = new int[input.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return feed(config, input, cuts, outSize);
    }

    /**
     * Reveals {@code input} up to each of {@code cuts} in turn and decodes each new piece into an
     * output buffer of {@code outSize} bytes, as often as it takes to use the piece up.
     */
    static Outcome feed(Config config, byte[] input, int[] cuts, int outSize) {
        ChunkedDecoder decoder = config.decoder();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] out = new byte[PAD + outSize + PAD];
        Arrays.fill(out, GUARD);
        int arrived = 0;
        try {
            for (int cut : cuts) {
                if (cut <= arrived) {
                    continue;
                }
                int length = cut - arrived;
                byte[] piece = new byte[PAD + length + PAD];
                Arrays.fill(piece, GUARD);
                System.arraycopy(input, arrived, piece, PAD, length);
                int off = PAD;
                while (off < PAD + length) {
                    decoder.decode(piece, off, PAD + length - off, out, PAD, outSize);
                    int consumed = decoder.consumed();
                    int produced = decoder.produced();
                    assertTrue(consumed >= 0 && consumed <= PAD + length - off, "consumed " + consumed);
                    assertTrue(produced >= 0 && produced <= outSize, "produced " + produced);
                    assertTrue(produced <= consumed, "produced " + produced + " bytes from " + consumed);
                    checkGuards(out, outSize);
                    body.write(out, PAD, produced);
                    off += consumed;
                    if (decoder.done()) {
                        byte[] bytes = body.toByteArray();
                        assertEquals(bytes.length, decoder.total(), "total()");
                        return new Decoded(new String(bytes, StandardCharsets.ISO_8859_1),
                                arrived + off - PAD, flatten(decoder.trailers()));
                    }
                    if (consumed == 0 && produced == 0) {
                        fail("the decoder made no progress with " + (PAD + length - off) + " bytes and "
                                + outSize + " bytes of room");
                    }
                }
                arrived = cut;
            }
            byte[] bytes = body.toByteArray();
            assertTrue(bytes.length <= input.length, "more body than input");
            return new Unfinished(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (RequestException e) {
            return new Rejected(e.status());
        }
    }

    private static void checkGuards(byte[] out, int outSize) {
        for (int i = 0; i < PAD; i++) {
            if (out[i] != GUARD || out[PAD + outSize + i] != GUARD) {
                fail("the decoder wrote outside the output range it was given");
            }
        }
    }

    private static List<String> flatten(Headers trailers) {
        List<String> flat = new ArrayList<>();
        trailers.forEach((name, value) -> {
            flat.add(name);
            flat.add(value);
        });
        return List.copyOf(flat);
    }
}
