package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link FrameReader} with arbitrary bytes. Without {@code JAZZER_FUZZ} it replays the
 * committed inputs in {@code FrameReaderFuzzTestInputs/readingDoesNotDependOnSplits}.
 *
 * <p>Input layout: byte 0 says where to cut, the rest is what a client sent after the preface.
 * Properties: nothing but {@link H2Exception} escapes; the frames reported, the error and the
 * bytes consumed are the same whether the input comes at once or in two pieces.
 */
class FrameReaderFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void readingDoesNotDependOnSplits(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int cut = 1 + (data[0] & 0xff) % data.length;
        assertEquals(outcome(data, data.length), outcome(data, cut), "cut at " + cut);
    }

    /** Everything reported, then how it ended: the error, or where reading stopped. */
    private static List<String> outcome(byte[] data, int firstEnd) {
        FrameReader reader = FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE);
        Recorder r = new Recorder();
        List<String> out = new ArrayList<>();
        int at = 1;
        try {
            int n;
            while ((n = reader.read(data, at, firstEnd, r)) > 0) {
                at += n;
            }
            while ((n = reader.read(data, at, data.length, r)) > 0) {
                at += n;
            }
            out.addAll(r.events);
            out.add("stopped at " + at);
        } catch (H2Exception e) {
            out.addAll(r.events);
            out.add("error " + e.code() + " " + e.connectionError());
        }
        return out;
    }
}
