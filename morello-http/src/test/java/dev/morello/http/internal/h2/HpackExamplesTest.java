package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.internal.h2.HpackEncoder.HuffmanUse;
import dev.morello.http.internal.h2.HpackEncoder.Indexing;
import dev.morello.http.internal.h2.HpackEncoder.IndexingPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every example of RFC 7541 Appendix C, byte for byte: each block decoded (with the dynamic table
 * compared after it) and each block encoded from its header list.
 */
class HpackExamplesTest {
    /** One step of a sequence: the header list, its encoding, and the table after it, newest first. */
    record Step(List<HeaderField> fields, String hex, List<HeaderField> table, long tableSize) {
    }

    private static final HeaderField AUTHORITY = f(":authority", "www.example.com");
    private static final HeaderField NO_CACHE = f("cache-control", "no-cache");
    private static final HeaderField CUSTOM = f("custom-key", "custom-value");

    private static final List<Step> REQUESTS_RAW = List.of(
            new Step(List.of(f(":method", "GET"), f(":scheme", "http"), f(":path", "/"), AUTHORITY),
                    "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", List.of(AUTHORITY), 57),
            new Step(List.of(f(":method", "GET"), f(":scheme", "http"), f(":path", "/"), AUTHORITY, NO_CACHE),
                    "8286 84be 5808 6e6f 2d63 6163 6865", List.of(NO_CACHE, AUTHORITY), 110),
            new Step(List.of(f(":method", "GET"), f(":scheme", "https"), f(":path", "/index.html"), AUTHORITY, CUSTOM),
                    "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
                    List.of(CUSTOM, NO_CACHE, AUTHORITY), 164));

    private static final List<Step> REQUESTS_HUFFMAN = List.of(
            new Step(REQUESTS_RAW.get(0).fields(), "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", List.of(AUTHORITY), 57),
            new Step(REQUESTS_RAW.get(1).fields(), "8286 84be 5886 a8eb 1064 9cbf", List.of(NO_CACHE, AUTHORITY), 110),
            new Step(REQUESTS_RAW.get(2).fields(),
                    "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf", List.of(CUSTOM, NO_CACHE, AUTHORITY), 164));

    private static final HeaderField STATUS_302 = f(":status", "302");
    private static final HeaderField STATUS_307 = f(":status", "307");
    private static final HeaderField PRIVATE = f("cache-control", "private");
    private static final HeaderField DATE_21 = f("date", "Mon, 21 Oct 2013 20:13:21 GMT");
    private static final HeaderField DATE_22 = f("date", "Mon, 21 Oct 2013 20:13:22 GMT");
    private static final HeaderField LOCATION = f("location", "https://www.example.com");
    private static final HeaderField GZIP = f("content-encoding", "gzip");
    private static final HeaderField COOKIE = f("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1");

    private static final List<Step> RESPONSES_RAW = List.of(
            new Step(List.of(STATUS_302, PRIVATE, DATE_21, LOCATION),
                    "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
                            + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
                            + "6c65 2e63 6f6d",
                    List.of(LOCATION, DATE_21, PRIVATE, STATUS_302), 222),
            new Step(List.of(STATUS_307, PRIVATE, DATE_21, LOCATION), "4803 3330 37c1 c0bf",
                    List.of(STATUS_307, LOCATION, DATE_21, PRIVATE), 222),
            new Step(List.of(f(":status", "200"), PRIVATE, DATE_22, LOCATION, GZIP, COOKIE),
                    "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
                            + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
                            + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e"
                            + "3d31",
                    List.of(COOKIE, GZIP, DATE_22), 215));

    private static final List<Step> RESPONSES_HUFFMAN = List.of(
            new Step(RESPONSES_RAW.get(0).fields(),
                    "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
                            + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
                    List.of(LOCATION, DATE_21, PRIVATE, STATUS_302), 222),
            new Step(RESPONSES_RAW.get(1).fields(), "4883 640e ffc1 c0bf",
                    List.of(STATUS_307, LOCATION, DATE_21, PRIVATE), 222),
            new Step(RESPONSES_RAW.get(2).fields(),
                    "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
                            + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
                            + "9587 3160 65c0 03ed 4ee5 b106 3d50 07",
                    List.of(COOKIE, GZIP, DATE_22), 215));

    /** RFC 7541 C.5 and C.6 run with SETTINGS_HEADER_TABLE_SIZE at 256. */
    private static final int RESPONSE_TABLE = 256;

    // C.2: single representations, each on fresh tables.

    @Test
    void c21LiteralWithIndexing() throws Exception {
        String hex = "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572";
        HeaderField field = f("custom-key", "custom-header");
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        assertEquals(List.of(field), decode(decoder, hex));
        assertEquals(field, decoder.dynamicEntry(1));
        assertEquals(55, decoder.dynamicTableSize());
        assertEquals(Hex.normalize(hex), encodeOne(field, Indexing.INCREMENTAL));
    }

    @Test
    void c22LiteralWithoutIndexing() throws Exception {
        String hex = "040c 2f73 616d 706c 652f 7061 7468";
        HeaderField field = f(":path", "/sample/path");
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        assertEquals(List.of(field), decode(decoder, hex));
        assertEquals(0, decoder.dynamicTableLength());
        assertEquals(Hex.normalize(hex), encodeOne(field, Indexing.WITHOUT));
    }

    @Test
    void c23LiteralNeverIndexed() throws Exception {
        String hex = "1008 7061 7373 776f 7264 0673 6563 7265 74";
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        byte[] block = Hex.bytes(hex);
        List<String> seen = new ArrayList<>();
        decoder.decode(block, 0, block.length, (name, value, sensitive) -> seen.add(name + ": " + value + " " + sensitive));
        assertEquals(List.of("password: secret true"), seen);
        assertEquals(0, decoder.dynamicTableLength());
        assertEquals(Hex.normalize(hex), encodeOne(f("password", "secret"), Indexing.NEVER));
    }

    @Test
    void c24IndexedField() throws Exception {
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        assertEquals(List.of(f(":method", "GET")), decode(decoder, "82"));
        assertEquals(0, decoder.dynamicTableLength());
        assertEquals("82", encodeOne(f(":method", "GET"), Indexing.INCREMENTAL));
    }

    // C.3 to C.6: sequences on one connection.

    @Test
    void c3RequestsWithoutHuffmanDecode() throws Exception {
        decodeAll(HpackDecoder.create(4096, Long.MAX_VALUE), REQUESTS_RAW);
    }

    @Test
    void c3RequestsWithoutHuffmanEncode() {
        encodeAll(HpackEncoder.builder().huffman(HuffmanUse.NEVER).indexing(IndexingPolicy.ALWAYS).build(), REQUESTS_RAW, "");
    }

    @Test
    void c4RequestsWithHuffmanDecode() throws Exception {
        decodeAll(HpackDecoder.create(4096, Long.MAX_VALUE), REQUESTS_HUFFMAN);
    }

    @Test
    void c4RequestsWithHuffmanEncode() {
        encodeAll(HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build(), REQUESTS_HUFFMAN, "");
    }

    @Test
    void c5ResponsesWithoutHuffmanDecode() throws Exception {
        decodeAll(HpackDecoder.create(RESPONSE_TABLE, Long.MAX_VALUE), RESPONSES_RAW);
    }

    /**
     * HTTP/2 starts every table at 4096 octets, so our encoder, told the peer allows 256, says so
     * first: a size update to 256 ({@code 3fe101}) before C.5.1's bytes. The rest is the RFC's.
     */
    @Test
    void c5ResponsesWithoutHuffmanEncode() {
        HpackEncoder encoder = HpackEncoder.builder().huffman(HuffmanUse.NEVER).indexing(IndexingPolicy.ALWAYS).build();
        encoder.peerMaxTableSize(RESPONSE_TABLE);
        encodeAll(encoder, RESPONSES_RAW, "3fe101");
    }

    @Test
    void c6ResponsesWithHuffmanDecode() throws Exception {
        decodeAll(HpackDecoder.create(RESPONSE_TABLE, Long.MAX_VALUE), RESPONSES_HUFFMAN);
    }

    /**
     * As C.5, and Huffman always: C.6.2 codes "307" in three octets, no shorter than raw, so the
     * default (Huffman only when shorter) would send it raw.
     */
    @Test
    void c6ResponsesWithHuffmanEncode() {
        HpackEncoder encoder = HpackEncoder.builder().huffman(HuffmanUse.ALWAYS).indexing(IndexingPolicy.ALWAYS).build();
        encoder.peerMaxTableSize(RESPONSE_TABLE);
        encodeAll(encoder, RESPONSES_HUFFMAN, "3fe101");
    }

    private static void decodeAll(HpackDecoder decoder, List<Step> steps) throws Exception {
        for (Step step : steps) {
            assertEquals(step.fields(), decode(decoder, step.hex()));
            List<HeaderField> table = new ArrayList<>();
            for (int i = 1; i <= decoder.dynamicTableLength(); i++) {
                table.add(decoder.dynamicEntry(i));
            }
            assertEquals(step.table(), table);
            assertEquals(step.tableSize(), decoder.dynamicTableSize());
        }
    }

    private static void encodeAll(HpackEncoder encoder, List<Step> steps, String firstPrefix) {
        String prefix = firstPrefix;
        for (Step step : steps) {
            WireBuffer out = new WireBuffer(64);
            encoder.encode(step.fields(), out);
            assertEquals(prefix + Hex.normalize(step.hex()), Hex.of(out));
            assertEquals(step.tableSize(), encoder.dynamicTableSize());
            prefix = "";
        }
    }

    private static List<HeaderField> decode(HpackDecoder decoder, String hex) throws Exception {
        byte[] block = Hex.bytes(hex);
        return decoder.decode(block, 0, block.length);
    }

    private static String encodeOne(HeaderField field, Indexing indexing) {
        HpackEncoder encoder = HpackEncoder.builder().huffman(HuffmanUse.NEVER).build();
        WireBuffer out = new WireBuffer(64);
        encoder.beginBlock(out);
        encoder.field(field.name(), field.value(), indexing, out);
        return Hex.of(out);
    }

    private static HeaderField f(String name, String value) {
        return new HeaderField(name, value);
    }
}
