package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.internal.h2.HpackEncoder.HuffmanUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoder's choices (its indexing policy, Huffman only when shorter, the peer's table size and
 * the updates it owes) each checked on the bytes and by decoding them back.
 */
class HpackEncoderTest {
    @Test
    void sendsAStaticMatchAsOneOctet() {
        assertEquals("88", encode(HpackEncoder.create(), List.of(f(":status", "200"))));
        assertEquals("8d", encode(HpackEncoder.create(), List.of(f(":status", "404"))));
    }

    @Test
    void indexesARepeatedFieldTheSecondTime() throws Exception {
        HpackEncoder encoder = HpackEncoder.create();
        List<HeaderField> fields = List.of(f("content-type", "text/html; charset=utf-8"));
        String first = encode(encoder, fields);
        assertTrue(first.startsWith("5f"), "literal with indexing, name 31: " + first);
        assertEquals("be", encode(encoder, fields));
    }

    @Test
    void neverIndexesSetCookie() throws Exception {
        HpackEncoder encoder = HpackEncoder.create();
        List<HeaderField> fields = List.of(f("set-cookie", "session=3b1f9a"));
        String first = encode(encoder, fields);
        // 0001 1111 + 40 (55 - 15): never indexed, name index 55.
        assertTrue(first.startsWith("1f28"), first);
        assertEquals(first, encode(encoder, fields), "sent the same way every time, never from the table");
        assertEquals(0, encoder.dynamicTableLength());
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        byte[] block = Hex.bytes(first);
        List<Boolean> sensitive = new ArrayList<>();
        decoder.decode(block, 0, block.length, (n, v, s) -> sensitive.add(s));
        assertEquals(List.of(true), sensitive);
    }

    @Test
    void sendsPerResponseValuesWithoutIndexing() {
        HpackEncoder encoder = HpackEncoder.create();
        String block = encode(encoder, List.of(f("content-length", "1234")));
        // 0000 1111 + 13 (28 - 15): without indexing, name index 28.
        assertTrue(block.startsWith("0f0d"), block);
        assertEquals(0, encoder.dynamicTableLength());
    }

    @Test
    void namesAFieldByItsDynamicEntryWhenNoStaticNameMatches() {
        HpackEncoder encoder = HpackEncoder.builder().huffman(HuffmanUse.NEVER).build();
        encode(encoder, List.of(f("x-trace", "a")));
        // 01 + 62: incremental, name from dynamic entry 62.
        assertEquals("7e0162", encode(encoder, List.of(f("x-trace", "b"))));
    }

    @Test
    void doesNotIndexAnEntryOverHalfTheTable() {
        HpackEncoder encoder = HpackEncoder.create();
        encode(encoder, List.of(f("x-big", "v".repeat(2100))));
        assertEquals(0, encoder.dynamicTableLength());
    }

    @Test
    void usesHuffmanOnlyWhenShorter() {
        // "307" is three octets either way: sent raw.
        assertEquals("48033330 37".replace(" ", ""), encode(HpackEncoder.create(), List.of(f(":status", "307"))));
        // "302" Huffman-codes to two octets.
        assertEquals("48826402", encode(HpackEncoder.create(), List.of(f(":status", "302"))));
    }

    @Test
    void announcesAShrunkTableAtTheNextBlock() throws Exception {
        HpackEncoder encoder = HpackEncoder.create();
        encode(encoder, List.of(f("x-a", "1")));
        encoder.peerMaxTableSize(0);
        // 001 00000: size 0, then the field as a literal it may not index.
        String block = encode(encoder, List.of(f("x-a", "1")));
        assertTrue(block.startsWith("20"), block);
        assertEquals(0, encoder.dynamicTableLength());
        assertEquals(block.substring(2), encode(encoder, List.of(f("x-a", "1"))), "owed once");
    }

    @Test
    void announcesTheLowestSizeFirstWhenItFellAndRose() {
        HpackEncoder encoder = HpackEncoder.create();
        encoder.peerMaxTableSize(100);
        encoder.peerMaxTableSize(4096);
        // 3f45: 100; 3fe11f: 4096; 88: :status 200.
        assertEquals("3f453fe11f88", encode(encoder, List.of(f(":status", "200"))));
        assertEquals("88", encode(encoder, List.of(f(":status", "200"))));
    }

    @Test
    void keepsItsOwnCapWhenThePeerAllowsMore() {
        HpackEncoder encoder = HpackEncoder.create();
        encoder.peerMaxTableSize(1L << 31);
        assertEquals("88", encode(encoder, List.of(f(":status", "200"))), "still 4096: nothing to announce");
        HpackEncoder small = HpackEncoder.builder().maxTableSize(512).build();
        assertEquals("3fe10388", encode(small, List.of(f(":status", "200"))), "512 announced at once");
    }

    @Test
    void sendsNamesInLowerCase() throws Exception {
        HpackEncoder encoder = HpackEncoder.create();
        WireBuffer out = new WireBuffer(64);
        encoder.beginBlock(out);
        encoder.field("Content-Type", "text/plain", out);
        encoder.field("X-Trace-ID", "1", out);
        assertEquals(List.of(f("content-type", "text/plain"), f("x-trace-id", "1")),
                HpackDecoder.create(4096, Long.MAX_VALUE).decode(out.array(), 0, out.length()));
    }

    @Test
    void refusesCharsAboveOneOctet() {
        WireBuffer out = new WireBuffer(16);
        HpackEncoder encoder = HpackEncoder.create();
        assertThrows(IllegalArgumentException.class, () -> encoder.field("x", "\u20ac", out));
    }

    @Test
    void randomListsRoundTripThroughOurDecoder() throws Exception {
        Random random = new Random(9113);
        HpackEncoder encoder = HpackEncoder.builder().maxTableSize(1024).build();
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        String[] names = {":status", "content-type", "set-cookie", "x-a", "x-b", "cache-control", "date", "content-length"};
        for (int round = 0; round < 300; round++) {
            if (round % 50 == 49) {
                int size = random.nextInt(2048);
                encoder.peerMaxTableSize(size);
                decoder.maxTableSize(size);
            }
            List<HeaderField> fields = new ArrayList<>();
            for (int i = random.nextInt(12); i >= 0; i--) {
                char[] v = new char[random.nextInt(40)];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (char) (random.nextInt(3) == 0 ? random.nextInt(256) : 'a' + random.nextInt(4));
                }
                fields.add(f(names[random.nextInt(names.length)], new String(v)));
            }
            WireBuffer out = new WireBuffer(64);
            encoder.encode(fields, out);
            assertEquals(fields, decoder.decode(out.array(), 0, out.length()), "round " + round);
        }
    }

    private static String encode(HpackEncoder encoder, List<HeaderField> fields) {
        WireBuffer out = new WireBuffer(64);
        encoder.encode(fields, out);
        return Hex.of(out);
    }

    private static HeaderField f(String name, String value) {
        return new HeaderField(name, value);
    }
}
