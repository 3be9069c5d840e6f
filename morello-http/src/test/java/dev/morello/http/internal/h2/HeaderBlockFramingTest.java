package dev.morello.http.internal.h2;

import static dev.morello.http.internal.h2.Recorder.concat;
import static dev.morello.http.internal.h2.Recorder.frame;
import static dev.morello.http.internal.h2.Recorder.read;
import static dev.morello.http.internal.h2.Recorder.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A header block is one HEADERS frame and its CONTINUATION frames, back to back on one stream
 * (RFC 9113 §4.3, §6.10; h2spec 4.3 and 6.10).
 */
class HeaderBlockFramingTest {
    private static final int HEADERS = 0x1;
    private static final int CONTINUATION = 0x9;
    private static final byte[] OPEN = frame(HEADERS, 0x0, 1, "82");

    @Test
    void readsABlockInSeveralFrames() throws H2Exception {
        byte[] bytes = concat(OPEN, frame(CONTINUATION, 0, 1, "86"), frame(CONTINUATION, 0x4, 1, "84"),
                frame(0x6, 0, 0, "0000000000000000"));
        assertEquals(List.of("headers 1 82", "continuation 1 86", "continuation 1 end-headers 84", "ping 0"), read(bytes));
    }

    @Test
    void knowsWhenABlockIsOpen() throws H2Exception {
        FrameReader reader = FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE);
        read(reader, OPEN);
        assertTrue(reader.inHeaderBlock());
        read(reader, frame(CONTINUATION, 0x4, 1, ""));
        assertFalse(reader.inHeaderBlock());
    }

    static Stream<Arguments> interruptions() {
        return Stream.of(
                Arguments.argumentSet("4.3/6.10: DATA inside a block", frame(0x0, 0, 1, "00")),
                Arguments.argumentSet("6.10: HEADERS of another stream inside a block", frame(HEADERS, 0x4, 3, "82")),
                Arguments.argumentSet("6.10: CONTINUATION of another stream", frame(CONTINUATION, 0x4, 3, "82")),
                Arguments.argumentSet("5.5: an unknown frame type inside a block", frame(0xbb, 0, 1, "")),
                Arguments.argumentSet("PING inside a block", frame(0x6, 0, 0, "0000000000000000")),
                Arguments.argumentSet("SETTINGS inside a block", frame(0x4, 0, 0, "")),
                Arguments.argumentSet("PRIORITY inside a block", frame(0x2, 0, 1, "0000000310")));
    }

    @ParameterizedTest
    @MethodSource("interruptions")
    void refusesAnyOtherFrameInsideABlock(byte[] next) {
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(concat(OPEN, next)).code());
    }

    @Test
    void refusesContinuationWithoutABlock() {
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(CONTINUATION, 0x4, 1, "82")).code());
    }

    @Test
    void refusesContinuationAfterTheBlockEnded() {
        byte[] bytes = concat(frame(HEADERS, 0x4, 1, "82"), frame(CONTINUATION, 0x4, 1, "82"));
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(bytes).code());
    }

    @Test
    void refusesContinuationOnStreamZero() {
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(concat(OPEN, frame(CONTINUATION, 0x4, 0, "82"))).code());
    }

    @Test
    void ignoresTheReservedBitOfAContinuation() throws H2Exception {
        byte[] cont = frame(CONTINUATION, 0x4, 1, "86");
        cont[5] |= (byte) 0x80;
        assertEquals(List.of("headers 1 82", "continuation 1 end-headers 86"), read(concat(OPEN, cont)));
    }
}
