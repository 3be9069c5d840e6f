package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7468's textual encoding, as {@link Pem} reads it. */
class PemTest {
    /** "hello world" in base64. */
    private static final String HELLO = "aGVsbG8gd29ybGQ=";

    private static byte[] hello() {
        return "hello world".getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void readsABlockWithAnyLineEnding(String eol) throws Exception {
        String text = "-----BEGIN CERTIFICATE-----" + eol + HELLO + eol + "-----END CERTIFICATE-----" + eol;
        List<Pem.Block> blocks = Pem.parse(text);
        assertEquals(1, blocks.size());
        assertEquals("CERTIFICATE", blocks.get(0).label());
        assertArrayEquals(hello(), blocks.get(0).der());
        assertEquals(1, blocks.get(0).line());
    }

    @Test
    void readsBlocksInOrderIgnoringTextAroundThem() throws Exception {
        // What openssl pkcs12 -nodes writes: "Bag Attributes" before each block (RFC 7468 §5.2).
        String text = """
                Bag Attributes
                    friendlyName: www
                subject=CN = a.test
                -----BEGIN CERTIFICATE-----
                aGVsbG8g
                d29ybGQ=
                -----END CERTIFICATE-----
                Key Attributes: <No Attributes>
                -----BEGIN PRIVATE KEY-----
                aGVsbG8gd29ybGQ=
                -----END PRIVATE KEY-----
                trailing words""";
        List<Pem.Block> blocks = Pem.parse(text);
        assertEquals(List.of("CERTIFICATE", "PRIVATE KEY"), blocks.stream().map(Pem.Block::label).toList());
        assertArrayEquals(hello(), blocks.get(0).der());
        assertArrayEquals(hello(), blocks.get(1).der());
        assertEquals(4, blocks.get(0).line());
        assertEquals(9, blocks.get(1).line());
    }

    @Test
    void allowsWhitespaceInTheBase64AndAfterBoundaries() throws Exception {
        // RFC 7468 §3: lax parsers accept whitespace within the text and trailing the boundaries.
        String text = "-----BEGIN CERTIFICATE-----  \n aGVs bG8g\t\n  d29y bGQ=  \n-----END CERTIFICATE-----\t\n";
        assertArrayEquals(hello(), Pem.parse(text).get(0).der());
    }

    @Test
    void skipsAUtf8ByteOrderMark() throws Exception {
        String text = "\u00ef\u00bb\u00bf-----BEGIN CERTIFICATE-----\n" + HELLO + "\n-----END CERTIFICATE-----\n";
        assertEquals(1, Pem.parse(text).size());
    }

    @Test
    void collectsRfc1421HeadersOfLegacyEncryptedKeys() throws Exception {
        String text = """
                -----BEGIN RSA PRIVATE KEY-----
                Proc-Type: 4,ENCRYPTED
                DEK-Info: AES-256-CBC,11BF3C4DA216163ECFB53B7F46008FC3

                aGVsbG8gd29ybGQ=
                -----END RSA PRIVATE KEY-----
                """;
        Pem.Block block = Pem.parse(text).get(0);
        assertEquals(Map.of("Proc-Type", "4,ENCRYPTED", "DEK-Info", "AES-256-CBC,11BF3C4DA216163ECFB53B7F46008FC3"),
                block.headers());
        assertArrayEquals(hello(), block.der());
    }

    @Test
    void findsNoBlockInText() throws Exception {
        assertTrue(Pem.parse("just some words\nand more\n").isEmpty());
        assertTrue(Pem.parse("").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n",                                            // no END
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END PRIVATE KEY-----\n",                 // END of another label
        "-----BEGIN CERTIFICATE-----\naGVs\n-----BEGIN CERTIFICATE-----\n",                            // BEGIN within a block
        "-----BEGIN CERTIFICATE-----\naGVsbG8*d29ybGQ=\n-----END CERTIFICATE-----\n",                 // not base64
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=aGVs\n-----END CERTIFICATE-----\n",             // data after padding
        "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",                                   // empty
        "-----BEGIN CERTIFICATE----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",                  // four dashes
        "-----BEGIN CERTIFICATE  X-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE  X-----\n",           // two spaces in a label
        "-----BEGIN CERT\u00e9-----\naGVsbG8gd29ybGQ=\n-----END CERT\u00e9-----\n",                   // not ASCII
        "-----BEGIN CERTIFICATE-----\naGVsbG8g\u00e9d29ybGQ=\n-----END CERTIFICATE-----\n",           // not ASCII in base64
    })
    void refusesMalformedBlocks(String text) {
        Pem.MalformedException e = assertThrows(Pem.MalformedException.class, () -> Pem.parse(text));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
        assertFalse(e.getMessage().contains("aGVs"), "a message never holds the block's text: " + e.getMessage());
    }

    @Test
    void readsLabelsWithSpaces() throws Exception {
        String text = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + HELLO + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assertEquals("ENCRYPTED PRIVATE KEY", Pem.parse(text).get(0).label());
    }
}
