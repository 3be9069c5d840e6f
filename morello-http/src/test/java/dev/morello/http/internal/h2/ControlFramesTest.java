package dev.morello.http.internal.h2;

import static dev.morello.http.internal.h2.Recorder.frame;
import static dev.morello.http.internal.h2.Recorder.read;
import static dev.morello.http.internal.h2.Recorder.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RST_STREAM (RFC 9113 §6.4), PUSH_PROMISE (§6.6), PING (§6.7), GOAWAY (§6.8) and WINDOW_UPDATE
 * (§6.9); h2spec 6.4 and 6.6 to 6.9.
 */
class ControlFramesTest {
    private static final int RST_STREAM = 0x3;
    private static final int PUSH_PROMISE = 0x5;
    private static final int PING = 0x6;
    private static final int GOAWAY = 0x7;
    private static final int WINDOW_UPDATE = 0x8;

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.argumentSet("6.4: RST_STREAM on stream 0", frame(RST_STREAM, 0, 0, "00000008"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.4: RST_STREAM of 3 octets", frame(RST_STREAM, 0, 1, "000008"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.4: RST_STREAM of 5 octets", frame(RST_STREAM, 0, 1, "0000000800"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("8.4: PUSH_PROMISE sent to a server", frame(PUSH_PROMISE, 0x4, 1, "00000002 82"),
                        ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.7: PING on a stream", frame(PING, 0, 1, "0000000000000000"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.7: PING of 7 octets", frame(PING, 0, 0, "00000000000000"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.7: PING of 9 octets", frame(PING, 0, 0, "000000000000000000"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.8: GOAWAY on a stream", frame(GOAWAY, 0, 1, "0000000000000000"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.8: GOAWAY of 7 octets", frame(GOAWAY, 0, 0, "00000000000000"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.9: WINDOW_UPDATE of 0 on the connection", frame(WINDOW_UPDATE, 0, 0, "00000000"),
                        ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.9: WINDOW_UPDATE of 3 octets", frame(WINDOW_UPDATE, 0, 0, "000001"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.9: WINDOW_UPDATE of 5 octets on a stream", frame(WINDOW_UPDATE, 0, 1, "0000000100"),
                        ErrorCode.FRAME_SIZE_ERROR));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesAsConnectionError(byte[] frame, ErrorCode code) {
        assertEquals(code, refused(frame).code());
    }

    @Test
    void readsRstStreamWithAnyCode() throws H2Exception {
        assertEquals(List.of("rst 1 8"), read(frame(RST_STREAM, 0, 1, "00000008")));
        // An unknown code is passed on, not refused (§7).
        assertEquals(List.of("rst 3 4294967295"), read(frame(RST_STREAM, 0, 3, "ffffffff")));
        assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.of(4294967295L));
        assertEquals(ErrorCode.CANCEL, ErrorCode.of(8));
    }

    @Test
    void readsPingAndItsAnswer() throws H2Exception {
        assertEquals(List.of("ping 1122334455667788"), read(frame(PING, 0, 0, "1122334455667788")));
        assertEquals(List.of("ping ack ffffffffffffffff"), read(frame(PING, 0x1, 0, "ffffffffffffffff")));
    }

    @Test
    void readsGoAwayWithDebugData() throws H2Exception {
        assertEquals(List.of("goaway 5 1 bye"), read(frame(GOAWAY, 0, 0, "80000005 00000001 627965")));
        assertEquals(List.of("goaway 0 0 "), read(frame(GOAWAY, 0, 0, "00000000 00000000")));
    }

    @Test
    void readsWindowUpdatesIgnoringTheReservedBit() throws H2Exception {
        assertEquals(List.of("window 0 1"), read(frame(WINDOW_UPDATE, 0, 0, "80000001")));
        assertEquals(List.of("window 3 2147483647"), read(frame(WINDOW_UPDATE, 0, 3, "7fffffff")));
    }

    @Test
    void windowUpdateOfZeroOnAStreamIsAStreamError() throws H2Exception {
        assertEquals(List.of("stream-error 1 PROTOCOL_ERROR"), read(frame(WINDOW_UPDATE, 0, 1, "00000000")));
        // The reserved bit alone is still an increment of 0.
        assertEquals(List.of("stream-error 1 PROTOCOL_ERROR"), read(frame(WINDOW_UPDATE, 0, 1, "80000000")));
    }
}
