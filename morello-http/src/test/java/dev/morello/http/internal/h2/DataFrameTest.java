package dev.morello.http.internal.h2;

import static dev.morello.http.internal.h2.Recorder.frame;
import static dev.morello.http.internal.h2.Recorder.read;
import static dev.morello.http.internal.h2.Recorder.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** DATA frames (RFC 9113 §6.1; h2spec 6.1). */
class DataFrameTest {
    private static final int DATA = 0x0;

    @Test
    void readsPlainData() throws H2Exception {
        assertEquals(List.of("data 1 abc fc=3"), read(frame(DATA, 0, 1, "616263")));
    }

    @Test
    void readsEndStream() throws H2Exception {
        assertEquals(List.of("data 1 end  fc=0"), read(frame(DATA, 0x1, 1, "")));
    }

    @Test
    void stripsPaddingAndCountsItForFlowControl() throws H2Exception {
        assertEquals(List.of("data 5 ab fc=6"), read(frame(DATA, 0x8, 5, "03 6162 000000")));
    }

    @Test
    void acceptsPaddingThatLeavesNoData() throws H2Exception {
        assertEquals(List.of("data 5  fc=4"), read(frame(DATA, 0x8, 5, "03 000000")));
        assertEquals(List.of("data 5  fc=1"), read(frame(DATA, 0x8, 5, "00")));
    }

    @Test
    void refusesDataOnStreamZero() {
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(DATA, 0, 0, "616263")).code());
    }

    @Test
    void refusesPaddingAsLongAsThePayload() {
        // Pad Length 3 in a payload of 3: the octet of Pad Length leaves room for 2.
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(DATA, 0x8, 1, "03 0000")).code());
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(DATA, 0x8, 1, "ff")).code());
    }

    @Test
    void refusesPaddedDataWithoutPadLength() {
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, refused(frame(DATA, 0x8, 1, "")).code());
    }
}
