package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2, §10.5.1) against blocks that expand: the decoder
 * stops handing fields on at the limit, ends with its own outcome, and keeps its table in step.
 */
class HeaderListLimitTest {
    /** A 4000-octet value entered once, then referenced 10,000 times: 10 KB that decode to 40 MB. */
    @Test
    void stopsAnHpackBombWithoutHandingItOn() throws Exception {
        WireBuffer block = new WireBuffer(16_384);
        block.write(Hex.bytes("40 01 78"));
        HpackEncoder.writeInteger(block, 0, 7, 4000);
        block.writeLatin1("y".repeat(4000));
        for (int i = 0; i < 10_000; i++) {
            block.writeByte(0xbe);
        }
        HpackDecoder decoder = HpackDecoder.create(4096, 16_384);
        List<String> handedOn = new ArrayList<>();
        HeaderListTooLargeException e = assertThrows(HeaderListTooLargeException.class,
                () -> decoder.decode(block.array(), 0, block.length(), (n, v, s) -> handedOn.add(n)));
        assertEquals(16_384, e.limit());
        // Each field counts 1 + 4000 + 32 = 4033 octets: four fit in 16,384, the fifth does not.
        assertEquals(4, handedOn.size());
        assertEquals(1, decoder.dynamicTableLength());
    }

    @Test
    void countsNameValueAndThirtyTwo() throws Exception {
        // "a: b" is 34 octets: two of them are exactly 68.
        byte[] block = Hex.bytes("00 01 61 01 62 00 01 61 01 62");
        assertEquals(2, HpackDecoder.create(4096, 68).decode(block, 0, block.length).size());
        assertThrows(HeaderListTooLargeException.class, () -> HpackDecoder.create(4096, 67).decode(block, 0, block.length));
    }

    /** After the refusal the connection may go on: later blocks see the entries the refused block added. */
    @Test
    void keepsTheTableInStepPastTheLimit() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, 40);
        // Field 1 (a: b, 34) fits; field 2 (c: d, indexed) passes the limit; field 3 is still added.
        byte[] block = Hex.bytes("40 01 61 01 62 40 01 63 01 64 40 01 65 01 66");
        List<String> seen = new ArrayList<>();
        assertThrows(HeaderListTooLargeException.class, () -> decoder.decode(block, 0, block.length, (n, v, s) -> seen.add(n)));
        assertEquals(List.of("a"), seen);
        assertEquals(3, decoder.dynamicTableLength());
        byte[] next = Hex.bytes("be");
        assertEquals(List.of(new HeaderField("e", "f")), decoder.decode(next, 0, next.length));
    }

    @Test
    void aBrokenBlockPastTheLimitIsStillACompressionError() {
        HpackDecoder decoder = HpackDecoder.create(4096, 34);
        byte[] block = Hex.bytes("00 01 61 01 62 00 01 61 01 62 80");
        H2Exception e = assertThrows(H2Exception.class, () -> decoder.decode(block, 0, block.length));
        assertEquals(ErrorCode.COMPRESSION_ERROR, e.code());
        assertTrue(e.connectionError());
    }

    @Test
    void limitCanChangeBetweenBlocks() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, 10);
        byte[] block = Hex.bytes("82");
        assertThrows(HeaderListTooLargeException.class, () -> decoder.decode(block, 0, block.length));
        decoder.maxHeaderListSize(1000);
        assertEquals(1, decoder.decode(block, 0, block.length).size());
    }
}
