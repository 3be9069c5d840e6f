package dev.morello.http.internal.h2;

import static dev.morello.http.internal.h2.Recorder.concat;
import static dev.morello.http.internal.h2.Recorder.frame;
import static dev.morello.http.internal.h2.Recorder.read;
import static dev.morello.http.internal.h2.Recorder.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §3.4 (the preface), §4.1 (frame format), §4.2 (frame size) and §5.5 (extensions), as
 * h2spec's sections of the same numbers test them, plus the reader's "not yet a whole frame"
 * answer at every split.
 */
class FrameFormatTest {
    // §3.4

    @Test
    void prefaceIsTheTwentyFourOctetsOfTheRfc() {
        assertArrayEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Frames.CONNECTION_PREFACE);
        assertEquals(24, Frames.CONNECTION_PREFACE.length);
    }

    @Test
    void prefaceCheckWaitsForMoreAndRefusesAnythingElse() {
        byte[] p = Frames.CONNECTION_PREFACE;
        for (int n = 0; n <= p.length; n++) {
            assertTrue(Frames.prefaceSoFar(p, 0, n), "first " + n + " octets");
        }
        byte[] http1 = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertFalse(Frames.prefaceSoFar(http1, 0, http1.length));
        byte[] almost = p.clone();
        almost[23] = 'x';
        assertFalse(Frames.prefaceSoFar(almost, 0, almost.length));
    }

    // §4.1

    @Test
    void readsTheHeaderFields() throws H2Exception {
        assertEquals(List.of("data 3 end hello fc=5"), read(Hex.bytes("000005 00 01 00000003 68656c6c6f")));
    }

    @Test
    void ignoresTheReservedBit() throws H2Exception {
        assertEquals(List.of("data 3 hello fc=5"), read(Hex.bytes("000005 00 00 80000003 68656c6c6f")));
    }

    @Test
    void ignoresUndefinedFlags() throws H2Exception {
        // DATA with every flag but END_STREAM and PADDED set; PING with all but ACK.
        assertEquals(List.of("data 1 x fc=1"), read(frame(0x0, 0xf6, 1, "78")));
        assertEquals(List.of("ping 102030405060708"), read(frame(0x6, 0xfe, 0, "0102030405060708")));
    }

    @Test
    void writesTheReservedBitAsZero() {
        WireBuffer out = new WireBuffer(16);
        FrameWriter.frameHeader(out, 0x123456, 0x9, 0x4, 0x7fffffff);
        assertEquals("123456" + "09" + "04" + "7fffffff", Hex.of(out));
    }

    // §4.2

    @Test
    void refusesAFrameOverMaxFrameSizeFromItsHeaderAlone() {
        byte[] header = Hex.bytes("004001 00 00 00000001");
        H2Exception e = assertThrows(H2Exception.class,
                () -> FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE).read(header, 0, header.length, new Recorder()));
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, e.code());
        assertTrue(e.connectionError());
    }

    @Test
    void refusesOversizedHeadersAndSettingsToo() {
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, refused(frame(0x1, 0x4, 1, new byte[16_385])).code());
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, refused(frame(0x4, 0, 0, new byte[16_386])).code());
    }

    @Test
    void acceptsAFrameOfExactlyMaxFrameSize() throws H2Exception {
        List<String> events = read(frame(0x0, 0, 1, new byte[16_384]));
        assertEquals(1, events.size());
        assertTrue(events.get(0).endsWith("fc=16384"));
    }

    @Test
    void followsARaisedMaxFrameSize() throws H2Exception {
        FrameReader reader = FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE);
        reader.maxFrameSize(1 << 20);
        assertEquals(1, read(reader, frame(0x0, 0, 1, new byte[100_000])).size());
        assertThrows(IllegalArgumentException.class, () -> reader.maxFrameSize(16_383));
        assertThrows(IllegalArgumentException.class, () -> reader.maxFrameSize(1 << 24));
    }

    // §5.5

    @Test
    void skipsUnknownFrameTypes() throws H2Exception {
        byte[] bytes = concat(frame(0xfa, 0xff, 0, "0102"), frame(0x20, 0, 7, ""), frame(0x6, 0, 0, "0000000000000001"));
        assertEquals(List.of("ping 1"), read(bytes));
    }

    // Incomplete input

    @Test
    void answersZeroUntilTheWholeFrameIsThere() throws H2Exception {
        byte[] bytes = concat(frame(0x0, 0x8, 1, "02 6869 0000"), frame(0x8, 0, 0, "00000400"));
        FrameReader reader = FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE);
        for (int split = 0; split < bytes.length; split++) {
            Recorder r = new Recorder();
            int at = 0;
            int n;
            while ((n = reader.read(bytes, at, split, r)) > 0) {
                at += n;
            }
            while ((n = reader.read(bytes, at, bytes.length, r)) > 0) {
                at += n;
            }
            assertEquals(bytes.length, at, "split at " + split);
            assertEquals(List.of("data 1 hi fc=5", "window 0 1024"), r.events, "split at " + split);
        }
    }
}
