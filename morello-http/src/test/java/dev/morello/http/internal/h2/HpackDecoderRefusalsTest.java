package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Header blocks the decoder must refuse as a connection error of type COMPRESSION_ERROR (RFC 9113
 * §4.3), one vector per rule of RFC 7541, and their legal neighbours.
 */
class HpackDecoderRefusalsTest {
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.argumentSet("§6.1 indexed field with index 0", "80"),
                Arguments.argumentSet("§2.3.3 index 62 with an empty dynamic table", "be"),
                Arguments.argumentSet("§2.3.3 index far past both tables", "ff ff 7f"),
                Arguments.argumentSet("§6.2.1 literal with a name index past the tables", "7e 00"),
                Arguments.argumentSet("§6.2.2 literal without indexing, name index past the tables", "0f 30 00"),
                Arguments.argumentSet("§6.3 size update after a field", "82 20"),
                Arguments.argumentSet("§6.3 size update above the advertised 4096", "3f e2 1f"),
                Arguments.argumentSet("§5.1 integer overflowing an int", "ff e1 ff ff ff 07"),
                Arguments.argumentSet("§5.1 integer with six continuation octets", "ff 80 80 80 80 80 00"),
                Arguments.argumentSet("§5.2 string longer than the block", "40 05 61 62"),
                Arguments.argumentSet("§5.2 string length missing", "40"),
                Arguments.argumentSet("§5.2 value missing after the name", "40 01 61"),
                Arguments.argumentSet("§5.2 Huffman padding of zeros", "40 81 00 00"),
                Arguments.argumentSet("§5.2 Huffman padding longer than 7 bits", "40 82 1f ff 00"),
                Arguments.argumentSet("§5.2 Huffman EOS inside a string", "40 84 ff ff ff ff 00"),
                Arguments.argumentSet("a block ending inside an integer", "ff"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesAsCompressionError(String hex) {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        byte[] block = Hex.bytes(hex);
        H2Exception e = assertThrows(H2Exception.class, () -> decoder.decode(block, 0, block.length));
        assertEquals(ErrorCode.COMPRESSION_ERROR, e.code());
        assertTrue(e.connectionError());
    }

    @Test
    void acceptsIndex62OnceTheDynamicTableHasAnEntry() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        decode(decoder, "40 01 61 01 62");
        assertEquals(List.of(new HeaderField("a", "b")), decode(decoder, "be"));
        assertThrows(H2Exception.class, () -> decode(decoder, "bf"));
    }

    @Test
    void acceptsSizeUpdatesOnlyAtTheStart() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        // Two updates in a row (RFC 7541 §4.2 allows the lowest then the final size), then a field.
        assertEquals(List.of(new HeaderField(":method", "GET")), decode(decoder, "20 3f e1 1f 82"));
        assertThrows(H2Exception.class, () -> decode(decoder, "82 3f e1 1f"));
    }

    @Test
    void acceptsASizeUpdateToExactlyTheLimit() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        decode(decoder, "3f e1 1f");
        assertThrows(H2Exception.class, () -> decode(decoder, "3f e2 1f"));
    }

    @Test
    void sizeUpdateEvicts() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        decode(decoder, "40 01 61 01 62 40 01 63 01 64");
        assertEquals(2, decoder.dynamicTableLength());
        // Down to 34 octets: only the newest entry (c: d, 34 octets) stays.
        decode(decoder, "3f 03");
        assertEquals(1, decoder.dynamicTableLength());
        assertEquals(new HeaderField("c", "d"), decoder.dynamicEntry(1));
        decode(decoder, "20");
        assertEquals(0, decoder.dynamicTableLength());
    }

    /** RFC 7541 §4.2: after our SETTINGS lowered the limit, the peer's next block must begin with an update. */
    @Test
    void requiresAnUpdateAfterTheLimitWasLowered() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        decoder.maxTableSize(100);
        H2Exception e = assertThrows(H2Exception.class, () -> decode(decoder, "82"));
        assertEquals(ErrorCode.COMPRESSION_ERROR, e.code());
        HpackDecoder other = HpackDecoder.create(4096, Long.MAX_VALUE);
        other.maxTableSize(100);
        assertThrows(H2Exception.class, () -> decode(other, "3f 46 82"), "101 is above the new limit");
        HpackDecoder good = HpackDecoder.create(4096, Long.MAX_VALUE);
        good.maxTableSize(100);
        assertEquals(List.of(new HeaderField(":method", "GET")), decode(good, "3f 45 82"));
        assertEquals(List.of(new HeaderField(":method", "GET")), decode(good, "82"), "only the first block owes it");
    }

    @Test
    void raisingTheLimitAsksForNoUpdate() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        decoder.maxTableSize(8192);
        assertEquals(List.of(new HeaderField(":method", "GET")), decode(decoder, "82"));
        decode(decoder, "3f e1 3f");
    }

    @Test
    void anEntryLargerThanTheTableEmptiesIt() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(64, Long.MAX_VALUE);
        decode(decoder, "40 01 61 01 62");
        assertEquals(1, decoder.dynamicTableLength());
        // 1 + 40 + 32 = 73 > 64
        decode(decoder, "40 01 63 28" + "78".repeat(40));
        assertEquals(0, decoder.dynamicTableLength());
        assertEquals(0, decoder.dynamicTableSize());
    }

    @Test
    void emptyBlockIsAnEmptyList() throws Exception {
        assertEquals(List.of(), HpackDecoder.create(4096, 100).decode(new byte[0], 0, 0));
    }

    private static List<HeaderField> decode(HpackDecoder decoder, String hex) throws Exception {
        byte[] block = Hex.bytes(hex);
        return decoder.decode(block, 0, block.length);
    }
}
