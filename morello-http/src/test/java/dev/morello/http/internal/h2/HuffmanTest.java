package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Huffman code of RFC 7541 Appendix B: the transcribed table checked by the properties the
 * RFC states for it, then coding and the three decoding errors of §5.2.
 */
class HuffmanTest {
    private static final int SYMBOLS = 257;

    @Test
    void codeLengthsAreFiveToThirtyBitsAndEachCodeFitsItsLength() {
        for (int s = 0; s < SYMBOLS; s++) {
            int len = Huffman.length(s);
            assertTrue(len >= 5 && len <= 30, "length of " + s);
            assertTrue(Huffman.code(s) >>> len == 0, "code of " + s + " wider than " + len);
        }
    }

    @Test
    void endOfStringIsThirtyOnes() {
        assertEquals(30, Huffman.length(Huffman.EOS));
        assertEquals((1 << 30) - 1, Huffman.code(Huffman.EOS));
    }

    @Test
    void noCodeIsAPrefixOfAnother() {
        for (int a = 0; a < SYMBOLS; a++) {
            for (int b = 0; b < SYMBOLS; b++) {
                int la = Huffman.length(a);
                int lb = Huffman.length(b);
                if (a != b && la <= lb) {
                    assertTrue(Huffman.code(b) >>> (lb - la) != Huffman.code(a), a + " is a prefix of " + b);
                }
            }
        }
    }

    /** Sorted by (length, symbol), each code is the previous plus one, shifted to the new length. */
    @Test
    void codesAreCanonical() {
        List<Integer> order = new ArrayList<>();
        for (int s = 0; s < SYMBOLS; s++) {
            order.add(s);
        }
        order.sort(Comparator.comparingInt((Integer s) -> Huffman.length(s)).thenComparingInt(s -> s));
        int first = order.get(0);
        assertEquals(0, Huffman.code(first), "the first code is all zeros");
        for (int i = 1; i < SYMBOLS; i++) {
            int prev = order.get(i - 1);
            int cur = order.get(i);
            long expected = (long) (Huffman.code(prev) + 1) << (Huffman.length(cur) - Huffman.length(prev));
            assertEquals(expected, Huffman.code(cur), "code of " + cur + " after " + prev);
        }
    }

    /** Kraft's sum is exactly one: the code is complete, so every bit string starts with a code. */
    @Test
    void codeIsComplete() {
        long sum = 0;
        for (int s = 0; s < SYMBOLS; s++) {
            sum += 1L << (30 - Huffman.length(s));
        }
        assertEquals(1L << 30, sum);
    }

    @Test
    void sampleRowsMatchTheRfc() {
        assertEquals(0x18, Huffman.code('/'));
        assertEquals(6, Huffman.length('/'));
        assertEquals(0x1ff8, Huffman.code(0));
        assertEquals(0x3ffffee, Huffman.code(255));
        assertEquals(26, Huffman.length(255));
    }

    @Test
    void everyByteValueRoundTrips() throws H2Exception {
        for (int b = 0; b < 256; b++) {
            String s = String.valueOf((char) b);
            assertEquals(s, roundTrip(s), "byte " + b);
            String run = s.repeat(1 + b % 9);
            assertEquals(run, roundTrip(run), "run of " + b);
        }
        StringBuilder all = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            all.append((char) b);
        }
        assertEquals(all.toString(), roundTrip(all.toString()));
    }

    @Test
    void randomStringsRoundTrip() throws H2Exception {
        Random random = new Random(7541);
        for (int i = 0; i < 2000; i++) {
            char[] cs = new char[random.nextInt(64)];
            for (int j = 0; j < cs.length; j++) {
                cs[j] = (char) (i % 2 == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
            }
            String s = new String(cs);
            assertEquals(s, roundTrip(s));
        }
    }

    @Test
    void emptyStringIsNoOctets() throws H2Exception {
        assertEquals(0, Huffman.encodedLength(""));
        assertEquals("", roundTrip(""));
    }

    @Test
    void encodesRfcExample() {
        WireBuffer out = new WireBuffer(16);
        Huffman.encode("www.example.com", out);
        assertEquals("f1e3c2e5f23a6ba0ab90f4ff", Hex.of(out));
        assertEquals(12, Huffman.encodedLength("www.example.com"));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // '0' is 00000: three bits of padding that are zeros.
                Arguments.argumentSet("padding of zeros", "00"),
                // 'a' (00011) and then 11 one bits: padding longer than 7 bits.
                Arguments.argumentSet("padding of 11 ones", "1f ff"),
                Arguments.argumentSet("a whole octet of padding", "ff"),
                // 30 ones (EOS) and two more.
                Arguments.argumentSet("EOS then padding", "ff ff ff ff"),
                // '0' then EOS then padding: 5 + 30 + 5 = 40 bits.
                Arguments.argumentSet("EOS after a symbol", "07 ff ff ff ff"),
                // 5 bits of '0', then padding 101: not all ones.
                Arguments.argumentSet("padding with a zero in it", "05"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedStrings(String hex) {
        byte[] in = Hex.bytes(hex);
        H2Exception e = assertThrows(H2Exception.class, () -> Huffman.decode(in, 0, in.length, new byte[64]));
        assertEquals(ErrorCode.COMPRESSION_ERROR, e.code());
        assertTrue(e.connectionError());
    }

    @Test
    void acceptsPaddingOfSevenOnes() throws H2Exception {
        // '0' (00000) + '0' (00000) + '0' (00000) + 1 bit pad = 16 bits; and 'a' + 3 ones.
        assertEquals("000", decode(Hex.bytes("00 01")));
        assertEquals("a", decode(Hex.bytes("1f")));
        // 'i' is 00110: with 11 ones it is padding of 11 bits, refused above; 'e' (00101) + 3 ones ok.
        assertEquals("e", decode(Hex.bytes("2f")));
    }

    private static String roundTrip(String s) throws H2Exception {
        WireBuffer out = new WireBuffer(16);
        Huffman.encode(s, out);
        assertEquals(Huffman.encodedLength(s), out.length());
        return decode(out.toByteArray());
    }

    private static String decode(byte[] in) throws H2Exception {
        byte[] dst = new byte[Huffman.maxDecodedLength(in.length)];
        int n = Huffman.decode(in, 0, in.length, dst);
        return new String(dst, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodedLengthBoundHolds() throws H2Exception {
        byte[] zeros = new byte[40];
        // 40 octets of '0' codes (5 bits each, all zero) is 64 symbols: the bound is exact.
        assertEquals(64, Huffman.maxDecodedLength(40));
        assertArrayEquals("0".repeat(64).getBytes(StandardCharsets.ISO_8859_1), decode(zeros).getBytes(StandardCharsets.ISO_8859_1));
    }
}
