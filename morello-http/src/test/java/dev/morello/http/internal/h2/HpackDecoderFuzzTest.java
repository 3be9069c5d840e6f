package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link HpackDecoder} with arbitrary header blocks. Without {@code JAZZER_FUZZ} it replays
 * the committed inputs in {@code HpackDecoderFuzzTestInputs/decodingIsBoundedAndRoundTrips}.
 *
 * <p>Input layout: byte 0 sets the header list limit (1 + 64 × byte), the rest is two header
 * blocks cut where byte 1 says. Properties: nothing but {@link H2Exception} (always a
 * COMPRESSION_ERROR connection error) and {@link HeaderListTooLargeException} escapes; the
 * fields handed on never add up past the limit; a list that decodes re-encodes with our encoder
 * and decodes back equal.
 */
class HpackDecoderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void decodingIsBoundedAndRoundTrips(byte[] data) throws Exception {
        if (data.length < 2) {
            return;
        }
        long limit = 1 + 64L * (data[0] & 0xff);
        int cut = 2 + (data[1] & 0xff) % Math.max(1, data.length - 1);
        cut = Math.min(cut, data.length);
        HpackDecoder decoder = HpackDecoder.create(4096, limit);
        decodeOne(decoder, limit, data, 2, cut);
        decodeOne(decoder, limit, data, cut, data.length);
    }

    private static void decodeOne(HpackDecoder decoder, long limit, byte[] data, int from, int to) throws Exception {
        List<HeaderField> fields = new ArrayList<>();
        boolean complete = false;
        try {
            decoder.decode(data, from, to - from, (n, v, s) -> fields.add(new HeaderField(n, v)));
            complete = true;
        } catch (H2Exception e) {
            assertEquals(ErrorCode.COMPRESSION_ERROR, e.code());
            assertTrue(e.connectionError());
        } catch (HeaderListTooLargeException e) {
            assertEquals(limit, e.limit());
        }
        long total = 0;
        for (HeaderField f : fields) {
            total += f.size();
        }
        assertTrue(total <= limit, "handed on " + total + " octets past a limit of " + limit);
        assertTrue(decoder.dynamicTableSize() <= 4096);
        if (complete) {
            WireBuffer out = new WireBuffer(64);
            HpackEncoder.create().encode(fields, out);
            assertEquals(fields, HpackDecoder.create(4096, Long.MAX_VALUE).decode(out.array(), 0, out.length()));
        }
    }
}
