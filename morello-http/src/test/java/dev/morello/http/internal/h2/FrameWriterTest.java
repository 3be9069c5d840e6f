package dev.morello.http.internal.h2;

import static dev.morello.http.internal.h2.Recorder.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every frame the writer makes, byte for byte, and read back by the reader. */
class FrameWriterTest {
    @Test
    void writesData() throws H2Exception {
        WireBuffer out = new WireBuffer(16);
        FrameWriter.data(out, 1, true, "xhiy".getBytes(StandardCharsets.US_ASCII), 1, 2);
        assertEquals("000002 00 01 00000001 6869", spaced(out, 3, 1, 1, 4));
        assertEquals(List.of("data 1 end hi fc=2"), read(out.toByteArray()));
    }

    @Test
    void writesSettingsAndAck() throws H2Exception {
        WireBuffer out = new WireBuffer(16);
        FrameWriter.settings(out, List.of(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                new Setting(SettingId.HEADER_TABLE_SIZE, 0xffffffffL)));
        FrameWriter.settingsAck(out);
        assertEquals("00000c0400000000000003000000640001ffffffff" + "000000040100000000", Hex.of(out));
        assertEquals(List.of("settings MAX_CONCURRENT_STREAMS=100 HEADER_TABLE_SIZE=4294967295", "settings ack"),
                read(out.toByteArray()));
    }

    @Test
    void writesControlFrames() throws H2Exception {
        WireBuffer out = new WireBuffer(16);
        FrameWriter.ping(out, true, 0x0102030405060708L);
        FrameWriter.goAway(out, 7, ErrorCode.ENHANCE_YOUR_CALM, "slow".getBytes(StandardCharsets.US_ASCII));
        FrameWriter.rstStream(out, 3, ErrorCode.REFUSED_STREAM);
        FrameWriter.windowUpdate(out, 0, 65_535);
        FrameWriter.priority(out, 5, true, 3, 256);
        assertEquals("000008060100000000" + "0102030405060708"
                + "00000c070000000000" + "00000007" + "0000000b" + "736c6f77"
                + "000004030000000003" + "00000007"
                + "000004080000000000" + "0000ffff"
                + "000005020000000005" + "80000003" + "ff", Hex.of(out));
        assertEquals(List.of("ping ack 102030405060708", "goaway 7 11 slow", "rst 3 7", "window 0 65535",
                "priority 5 exclusive 3 weight=256"), read(out.toByteArray()));
    }

    @Test
    void splitsAHeaderBlockAtMaxFrameSize() throws H2Exception {
        byte[] block = new byte[40_000];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        WireBuffer out = new WireBuffer(16);
        FrameWriter.headerBlock(out, 3, true, block, 0, block.length, 16_384);
        List<String> events = read(out.toByteArray());
        assertEquals(3, events.size());
        assertEquals(true, events.get(0).startsWith("headers 3 end-stream "), events.get(0).substring(0, 30));
        assertEquals(true, events.get(1).startsWith("continuation 3 "));
        assertEquals(true, events.get(2).startsWith("continuation 3 end-headers "));
        assertEquals(40_000 + 3 * 9, out.length());
        // The fragments put together are the block.
        List<String> hex = new ArrayList<>();
        for (String e : events) {
            hex.add(e.substring(e.lastIndexOf(' ') + 1));
        }
        assertEquals(Hex.of(block), String.join("", hex));
    }

    @Test
    void writesASmallBlockAsOneHeadersFrame() throws H2Exception {
        WireBuffer out = new WireBuffer(16);
        FrameWriter.headerBlock(out, 1, false, new byte[] {(byte) 0x88}, 0, 1, 16_384);
        assertEquals(List.of("headers 1 end-headers 88"), read(out.toByteArray()));
    }

    @Test
    void refusesFramesThePeerWouldRefuse() {
        WireBuffer out = new WireBuffer(16);
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.data(out, 0, false, new byte[0], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.rstStream(out, 0, ErrorCode.CANCEL));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.windowUpdate(out, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.priority(out, 1, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.frameHeader(out, 1 << 24, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> FrameWriter.headerBlock(out, 1, false, new byte[1], 0, 1, 100));
    }

    /** The hex of {@code out}, split into groups of the given octet counts. */
    private static String spaced(WireBuffer out, int... groups) {
        String hex = Hex.of(out);
        StringBuilder b = new StringBuilder();
        int at = 0;
        for (int g : groups) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(hex, at, at + 2 * g);
            at += 2 * g;
        }
        return b.append(hex.substring(at).isEmpty() ? "" : " " + hex.substring(at)).toString();
    }
}
