package dev.morello.http.internal.h2;

import static dev.morello.http.internal.h2.Recorder.frame;
import static dev.morello.http.internal.h2.Recorder.read;
import static dev.morello.http.internal.h2.Recorder.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HEADERS (RFC 9113 §6.2) and PRIORITY (§6.3) frames, and a stream's dependency on itself
 * (§5.3.1); h2spec 5.3.1, 6.2 and 6.3.
 */
class HeadersAndPriorityFrameTest {
    private static final int HEADERS = 0x1;
    private static final int PRIORITY = 0x2;

    @Test
    void readsAFragment() throws H2Exception {
        assertEquals(List.of("headers 1 end-stream end-headers 828684"), read(frame(HEADERS, 0x5, 1, "828684")));
    }

    @Test
    void stripsPadding() throws H2Exception {
        assertEquals(List.of("headers 3 end-headers 8286"), read(frame(HEADERS, 0xc, 3, "02 8286 0000")));
    }

    @Test
    void reportsPriorityFieldsBeforeTheFragment() throws H2Exception {
        // E=1, dependency 1, weight octet 15 (weight 16)
        assertEquals(List.of("priority 3 exclusive 1 weight=16", "headers 3 end-headers 82"),
                read(frame(HEADERS, 0x24, 3, "80000001 0f 82")));
    }

    @Test
    void readsPaddingAndPriorityTogether() throws H2Exception {
        assertEquals(List.of("priority 5 0 weight=256", "headers 5 end-headers 82"),
                read(frame(HEADERS, 0x2c, 5, "01 00000000 ff 82 00")));
    }

    @Test
    void refusesHeadersOnStreamZero() {
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(HEADERS, 0x4, 0, "82")).code());
    }

    @Test
    void refusesPaddingLongerThanTheFragmentRoom() {
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(HEADERS, 0xc, 1, "03 8282")).code());
        // With priority fields the room is 5 octets smaller.
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(HEADERS, 0x2c, 1, "02 00000000 0f 82")).code());
    }

    @Test
    void acceptsPaddingThatLeavesAnEmptyFragment() throws H2Exception {
        assertEquals(List.of("headers 1 end-headers "), read(frame(HEADERS, 0xc, 1, "02 0000")));
    }

    @Test
    void refusesHeadersTooShortForTheirFixedFields() {
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, refused(frame(HEADERS, 0xc, 1, "")).code());
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, refused(frame(HEADERS, 0x24, 1, "00000000")).code());
    }

    @Test
    void headersDependingOnItselfIsAStreamErrorAfterTheFragment() throws H2Exception {
        assertEquals(List.of("headers 3 end-headers 82", "stream-error 3 PROTOCOL_ERROR"),
                read(frame(HEADERS, 0x24, 3, "00000003 0f 82")));
    }

    @Test
    void readsPriority() throws H2Exception {
        assertEquals(List.of("priority 7 5 weight=1"), read(frame(PRIORITY, 0, 7, "00000005 00")));
    }

    @Test
    void refusesPriorityOnStreamZero() {
        assertEquals(ErrorCode.PROTOCOL_ERROR, refused(frame(PRIORITY, 0, 0, "00000001 0f")).code());
    }

    @Test
    void priorityOfAnotherLengthIsAStreamFrameSizeError() throws H2Exception {
        assertEquals(List.of("stream-error 1 FRAME_SIZE_ERROR"), read(frame(PRIORITY, 0, 1, "00000003")));
        assertEquals(List.of("stream-error 1 FRAME_SIZE_ERROR"), read(frame(PRIORITY, 0, 1, "00000003 0f 00")));
    }

    @Test
    void priorityDependingOnItselfIsAStreamError() throws H2Exception {
        assertEquals(List.of("stream-error 9 PROTOCOL_ERROR"), read(frame(PRIORITY, 0, 9, "80000009 0f")));
    }
}
