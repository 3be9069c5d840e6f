package dev.morello.http.internal.h2;

import static dev.morello.http.internal.h2.Recorder.frame;
import static dev.morello.http.internal.h2.Recorder.read;
import static dev.morello.http.internal.h2.Recorder.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SETTINGS frames (RFC 9113 §6.5) and their values (§6.5.2); h2spec 6.5 and 6.5.2. */
class SettingsFrameTest {
    private static final int SETTINGS = 0x4;

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.argumentSet("6.5: ACK with a payload", frame(SETTINGS, 0x1, 0, "000100001000"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.5: on a stream", frame(SETTINGS, 0, 1, "000100001000"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.5: ACK on a stream", frame(SETTINGS, 0x1, 1, ""), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.5: length not a multiple of 6", frame(SETTINGS, 0, 0, "0001000010"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.5: 7 octets", frame(SETTINGS, 0, 0, "00010000100000"), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.argumentSet("6.5.2: ENABLE_PUSH 2", frame(SETTINGS, 0, 0, "000200000002"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.5.2: ENABLE_PUSH 2^32-1", frame(SETTINGS, 0, 0, "0002ffffffff"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.5.2: INITIAL_WINDOW_SIZE 2^31", frame(SETTINGS, 0, 0, "000480000000"),
                        ErrorCode.FLOW_CONTROL_ERROR),
                Arguments.argumentSet("6.5.2: MAX_FRAME_SIZE 2^14-1", frame(SETTINGS, 0, 0, "000500003fff"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.5.2: MAX_FRAME_SIZE 2^24", frame(SETTINGS, 0, 0, "000501000000"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("6.5.2: MAX_FRAME_SIZE 0", frame(SETTINGS, 0, 0, "000500000000"), ErrorCode.PROTOCOL_ERROR),
                Arguments.argumentSet("a bad value after a good one", frame(SETTINGS, 0, 0, "000100000000 000200000005"),
                        ErrorCode.PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesAsConnectionError(byte[] frame, ErrorCode code) {
        assertEquals(code, refused(frame).code());
    }

    @Test
    void readsEveryParameterInOrder() throws H2Exception {
        byte[] f = frame(SETTINGS, 0, 0, "000100001000 000200000000 000300000064 00040000ffff 000500004000 000600010000");
        assertEquals(List.of("settings HEADER_TABLE_SIZE=4096 ENABLE_PUSH=0 MAX_CONCURRENT_STREAMS=100"
                + " INITIAL_WINDOW_SIZE=65535 MAX_FRAME_SIZE=16384 MAX_HEADER_LIST_SIZE=65536"), read(f));
    }

    @Test
    void acceptsTheEdgesOfEachRange() throws H2Exception {
        byte[] f = frame(SETTINGS, 0, 0, "000200000001 00047fffffff 000500ffffff 0001ffffffff 0003ffffffff");
        assertEquals(List.of("settings ENABLE_PUSH=1 INITIAL_WINDOW_SIZE=2147483647 MAX_FRAME_SIZE=16777215"
                + " HEADER_TABLE_SIZE=4294967295 MAX_CONCURRENT_STREAMS=4294967295"), read(f));
    }

    @Test
    void ignoresUnknownParameters() throws H2Exception {
        // 0x8 (RFC 8441), 0x9 (RFC 9218), 0xff00: dropped; and any value is fine for them.
        byte[] f = frame(SETTINGS, 0, 0, "000800000001 0009ffffffff ff00ffffffff 000300000001");
        assertEquals(List.of("settings MAX_CONCURRENT_STREAMS=1"), read(f));
    }

    @Test
    void readsAnEmptySettingsAndAnAck() throws H2Exception {
        assertEquals(List.of("settings"), read(frame(SETTINGS, 0, 0, "")));
        assertEquals(List.of("settings ack"), read(frame(SETTINGS, 0x1, 0, "")));
    }

    @Test
    void appliesParametersOverTheInitialValues() {
        Settings s = Settings.INITIAL.apply(List.of(new Setting(SettingId.MAX_FRAME_SIZE, 32_768),
                new Setting(SettingId.ENABLE_PUSH, 0), new Setting(SettingId.MAX_FRAME_SIZE, 20_000)));
        assertEquals(20_000, s.maxFrameSize(), "the last of a repeated parameter wins");
        assertFalse(s.enablePush());
        assertEquals(65_535, s.initialWindowSize());
        assertEquals(4096, s.headerTableSize());
        assertEquals(Long.MAX_VALUE, s.maxHeaderListSize());
    }
}
