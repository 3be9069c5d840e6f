package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The DER reader and writer the key wrappers use (X.690 §8, §10). */
class DerTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @ParameterizedTest
    @CsvSource({
        // the OIDs the key formats use, with their encodings from RFC 8017, RFC 5480 and RFC 8410
        "1.2.840.113549.1.1.1, 06 09 2a864886f70d010101",
        "1.2.840.10045.2.1,    06 07 2a8648ce3d0201",
        "1.2.840.10045.3.1.7,  06 08 2a8648ce3d030107",
        "1.3.132.0.34,         06 05 2b81040022",
        "1.3.101.112,          06 03 2b6570",
        "2.999.3,              06 03 883703",
    })
    void writesAndReadsObjectIdentifiers(String dotted, String encoded) throws Exception {
        assertArrayEquals(hex(encoded), Der.objectIdentifier(dotted));
        assertEquals(dotted, Der.reader(hex(encoded)).next(Der.OBJECT_IDENTIFIER).objectIdentifier());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "06 00",                 // empty
        "06 02 2a 86",           // last arc cut short
        "06 03 2a 80 01",        // an arc padded with a leading 0x80 group
    })
    void refusesMalformedObjectIdentifiers(String encoded) {
        assertThrows(Der.MalformedException.class, () -> Der.reader(hex(encoded)).next().objectIdentifier());
    }

    @ParameterizedTest
    @CsvSource({
        "0,     04 00",
        "127,   04 7f",
        "128,   04 81 80",
        "255,   04 81 ff",
        "256,   04 82 0100",
        "70000, 04 83 011170",
    })
    void writesShortAndLongLengths(int length, String header) throws Exception {
        byte[] encoded = Der.octetString(new byte[length]);
        byte[] expected = hex(header);
        assertArrayEquals(expected, java.util.Arrays.copyOf(encoded, expected.length));
        assertEquals(expected.length + length, encoded.length);
        Der.Element read = Der.reader(encoded).next(Der.OCTET_STRING);
        assertEquals(length, read.contents().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                      // nothing
        "04",                    // no length
        "04 05 0102",            // longer than what holds it
        "04 80 0000",            // indefinite length (BER, not DER)
        "04 84 00000001 00",     // four length octets: beyond any key file
        "1f 01 00",              // a multi-byte tag
    })
    void refusesMalformedElements(String encoded) {
        assertThrows(Der.MalformedException.class, () -> Der.reader(hex(encoded)).next());
    }

    @Test
    void readsNestedStructures() throws Exception {
        byte[] der = Der.sequence(Der.integer(1), Der.sequence(Der.objectIdentifier("1.3.101.112"), Der.nullValue()),
                Der.octetString(new byte[] {7}));
        Der.Reader fields = Der.reader(der).next(Der.SEQUENCE).reader();
        assertEquals(1, fields.next(Der.INTEGER).smallInteger());
        Der.Reader algorithm = fields.next(Der.SEQUENCE).reader();
        assertEquals("1.3.101.112", algorithm.next().objectIdentifier());
        assertEquals(Der.NULL, algorithm.next().tag());
        assertFalse(algorithm.hasMore());
        assertArrayEquals(new byte[] {7}, fields.next(Der.OCTET_STRING).contents());
        fields.expectEnd();
    }

    @Test
    void refusesAnUnexpectedTag() {
        assertThrows(Der.MalformedException.class, () -> Der.reader(Der.integer(0)).next(Der.SEQUENCE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"02 00", "02 01 80", "02 05 0100000000"})
    void smallIntegersAreNonNegativeAndShort(String encoded) {
        assertThrows(Der.MalformedException.class, () -> Der.reader(hex(encoded)).next(Der.INTEGER).smallInteger());
    }
}
