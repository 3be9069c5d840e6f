package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Integer representation (RFC 7541 §5.1) and its examples (Appendix C.1), both ways. */
class HpackIntegerTest {
    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.argumentSet("C.1.1: 10 on a 5-bit prefix", 5, 10, "0a"),
                Arguments.argumentSet("C.1.2: 1337 on a 5-bit prefix", 5, 1337, "1f9a0a"),
                Arguments.argumentSet("C.1.3: 42 at an octet boundary", 8, 42, "2a"),
                Arguments.argumentSet("prefix filled exactly", 5, 31, "1f00"),
                Arguments.argumentSet("zero", 7, 0, "00"),
                Arguments.argumentSet("largest int on a 1-bit prefix", 1, Integer.MAX_VALUE, "01feffffff07"),
                Arguments.argumentSet("largest int on a 5-bit prefix", 5, Integer.MAX_VALUE, "1fe0ffffff07"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void encodes(int prefix, int value, String hex) {
        WireBuffer out = new WireBuffer(8);
        HpackEncoder.writeInteger(out, 0, prefix, value);
        assertEquals(hex, Hex.of(out));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void decodes(int prefix, int value, String hex) throws H2Exception {
        assertEquals(value, read(prefix, Hex.bytes(hex)));
    }

    @Test
    void ignoresTheBitsAboveThePrefix() throws H2Exception {
        // 0xea = 111 01010: the 5-bit prefix holds 10.
        assertEquals(10, read(5, Hex.bytes("ea")));
    }

    @Test
    void keepsTheFlagBitsWhenEncoding() {
        WireBuffer out = new WireBuffer(8);
        HpackEncoder.writeInteger(out, 0x80, 7, 62);
        assertEquals("be", Hex.of(out));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.argumentSet("2^31 overflows an int", "1fe1ffffff07"),
                Arguments.argumentSet("far past an int", "1fffffffff0f"),
                Arguments.argumentSet("six continuation octets of zero padding", "1f808080808000"),
                Arguments.argumentSet("ends inside the continuation", "1f9a"),
                Arguments.argumentSet("nothing at all", ""));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refuses(String hex) {
        H2Exception e = assertThrows(H2Exception.class, () -> read(5, Hex.bytes(hex)));
        assertEquals(ErrorCode.COMPRESSION_ERROR, e.code());
    }

    @Test
    void acceptsFiveContinuationOctetsOfPadding() throws H2Exception {
        HpackInput in = new HpackInput();
        byte[] b = Hex.bytes("1f8080808000");
        in.reset(b, 0, b.length);
        assertEquals(31, in.readInteger(5));
        assertFalse(in.hasMore());
    }

    private static int read(int prefix, byte[] bytes) throws H2Exception {
        HpackInput in = new HpackInput();
        in.reset(bytes, 0, bytes.length);
        int v = in.readInteger(prefix);
        assertFalse(in.hasMore(), "consumed it all");
        return v;
    }
}
