package dev.morello.http.internal;

import static dev.morello.http.internal.HeadFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte classes of RFC 9110 / RFC 3986 and the digit loop that reads Content-Length. */
class AsciiTest {
    private static final String ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String DIGIT = "0123456789";
    /** RFC 9110 §5.6.2. */
    private static final String TCHAR = "!#$%&'*+-.^_`|~" + DIGIT + ALPHA;
    /** RFC 3986 §2.3. */
    private static final String UNRESERVED = ALPHA + DIGIT + "-._~";
    /** RFC 3986 §2.2. */
    private static final String SUB_DELIMS = "!$&'()*+,;=";

    // ---- parseDigits -------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "7|7",
        "0042|42",
        "1000000|1000000",
        "9223372036854775806|9223372036854775806",
        "9223372036854775807|9223372036854775807",
        "00000000000000000000009223372036854775807|9223372036854775807",
    })
    void readsAsciiDigits(String digits, long expected) {
        assertEquals(expected, parse(digits));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "9223372036854775808", "9223372036854775809", "9223372036854775810", "9223372036854775817",
        "18446744073709551615", "18446744073709551616", "99999999999999999999",
        "1000000000000000000000000000000000000000000000"})
    void refusesANumberPastLongMaxValue(String digits) {
        assertEquals(-1, parse(digits));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+1", "-1", " 1", "1 ", "1a", "a1", "0x10", "1.0", "1,0", "1_0", "1e3"})
    void refusesAnythingButDigits(String text) {
        assertEquals(-1, parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\u0661", "\u0663\u0664", // ARABIC-INDIC DIGIT ONE, THREE FOUR
        "\u06f1", // EXTENDED ARABIC-INDIC DIGIT ONE
        "\u0967", // DEVANAGARI DIGIT ONE
        "\uff11", // FULLWIDTH DIGIT ONE
        "\u00b9", "\u00b2", // SUPERSCRIPT ONE, TWO
        "1\u0660"})
    void refusesNonAsciiDigits(String text) {
        // Integer.parseInt would read some of these; on the wire they come as UTF-8 or Latin-1 bytes.
        assertEquals(-1, Ascii.parseDigits(text.getBytes(StandardCharsets.UTF_8), 0,
                text.getBytes(StandardCharsets.UTF_8).length));
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(-1, Ascii.parseDigits(latin1, 0, latin1.length));
    }

    @Test
    void readsOnlyTheRangeItIsGiven() {
        byte[] buf = bytes("x+12345-y");
        assertEquals(234, Ascii.parseDigits(buf, 3, 3));
        assertEquals(12345, Ascii.parseDigits(buf, 2, 5));
        assertEquals(-1, Ascii.parseDigits(buf, 1, 6));
        assertEquals(-1, Ascii.parseDigits(buf, 2, 0));
        assertEquals(-1, Ascii.parseDigits(buf, 2, -1));
    }

    @Test
    void everySingleByteIsADigitOrRefused() {
        for (int b = 0; b < 256; b++) {
            long expected = b >= '0' && b <= '9' ? b - '0' : -1;
            assertEquals(expected, Ascii.parseDigits(new byte[] {(byte) b}, 0, 1), "byte " + b);
        }
    }

    @Test
    void agreesWithBigIntegerAroundLongMaxValue() {
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        for (int delta = -1000; delta <= 1000; delta++) {
            checkAgainstBigInteger(max.add(BigInteger.valueOf(delta)).toString(), max);
        }
        for (int k = 1; k < 10; k++) {
            // Long.MAX_VALUE with one digit raised or lowered: the overflow check must look at every position.
            char[] digits = max.toString().toCharArray();
            for (int i = 0; i < digits.length; i++) {
                char[] copy = digits.clone();
                copy[i] = (char) ('0' + (copy[i] - '0' + k) % 10);
                checkAgainstBigInteger(new String(copy), max);
            }
        }
        SplittableRandom random = new SplittableRandom(20261125);
        for (int n = 0; n < 20000; n++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(22);
            for (int i = 0; i < length; i++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            checkAgainstBigInteger(s.toString(), max);
        }
    }

    private static void checkAgainstBigInteger(String digits, BigInteger max) {
        BigInteger value = new BigInteger(digits);
        long expected = value.compareTo(max) <= 0 ? value.longValueExact() : -1;
        assertEquals(expected, parse(digits), digits);
    }

    private static long parse(String digits) {
        byte[] b = bytes(digits);
        return Ascii.parseDigits(b, 0, b.length);
    }

    // ---- byte classes ------------------------------------------------------------------------

    @Test
    void tcharIsTheTokenAlphabetOfRfc9110() {
        for (int c = 0; c < 256; c++) {
            boolean expected = c < 128 && TCHAR.indexOf(c) >= 0;
            assertEquals(expected, Ascii.is((byte) c, Ascii.TCHAR), String.format("byte 0x%02x", c));
            assertEquals(expected, Ascii.isTchar((byte) c), String.format("byte 0x%02x", c));
        }
    }

    @Test
    void fieldVcharIsVisibleAsciiObsTextSpaceAndTab() {
        for (int c = 0; c < 256; c++) {
            boolean expected = (c >= 0x21 && c <= 0x7e) || c >= 0x80 || c == ' ' || c == '\t';
            assertEquals(expected, Ascii.is((byte) c, Ascii.FIELD_VCHAR), String.format("byte 0x%02x", c));
        }
    }

    @Test
    void targetIsPcharSlashQuestionMarkAndBrackets() {
        // RFC 3986 §3.3/§3.4: pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; query adds
        // "/" "?"; the brackets of an IP literal (§3.2.2) may appear in an absolute- or authority-form
        // target, and RequestRules refuses them anywhere else.
        String target = UNRESERVED + SUB_DELIMS + ":@/?%[]";
        for (int c = 0; c < 256; c++) {
            boolean expected = c < 128 && target.indexOf(c) >= 0;
            assertEquals(expected, Ascii.is((byte) c, Ascii.TARGET), String.format("byte 0x%02x", c));
        }
    }

    @Test
    void hostIsRegNameAlphabet() {
        // RFC 3986 §3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ).
        String host = UNRESERVED + SUB_DELIMS + "%";
        for (int c = 0; c < 256; c++) {
            boolean expected = c < 128 && host.indexOf(c) >= 0;
            assertEquals(expected, Ascii.is((byte) c, Ascii.HOST), String.format("byte 0x%02x", c));
        }
    }

    @Test
    void hexDigitsHaveTheirValues() {
        for (int c = 0; c < 256; c++) {
            int expected = c < 128 ? Character.digit(c, 16) : -1;
            assertEquals(expected, Ascii.hexValue((byte) c), String.format("byte 0x%02x", c));
            assertEquals(expected >= 0, Ascii.is((byte) c, Ascii.HEX), String.format("byte 0x%02x", c));
        }
    }

    @Test
    void classesCanBeTestedTogether() {
        assertTrue(Ascii.is((byte) 'a', Ascii.TCHAR | Ascii.HEX));
        assertTrue(Ascii.is((byte) 'g', Ascii.TCHAR | Ascii.HEX));
        assertFalse(Ascii.is((byte) ' ', Ascii.TCHAR | Ascii.HEX | Ascii.TARGET | Ascii.HOST));
    }

    // ---- case-insensitive comparison ---------------------------------------------------------

    @Test
    void equalsLowerFoldsAsciiLettersOnly() {
        byte[] buf = bytes("xContent-LENGTHx");
        assertTrue(Ascii.equalsLower(buf, 1, 14, bytes("content-length")));
        assertFalse(Ascii.equalsLower(buf, 1, 13, bytes("content-length")));
        assertFalse(Ascii.equalsLower(buf, 1, 14, bytes("content-lengtx")));
        // Bytes 0x20 apart that are not letters are different bytes.
        assertFalse(Ascii.equalsLower(bytes("@[\\]^"), 0, 5, bytes("`{|}~")));
        assertFalse(Ascii.equalsLower(bytes("\u00c9"), 0, 1, bytes("\u00e9")));
        assertFalse(Ascii.equalsLower(bytes("\r"), 0, 1, bytes("-")));
    }

    @Test
    void equalsIgnoreCaseFoldsAsciiLettersOnly() {
        byte[] buf = bytes("[Transfer-ENCODING]");
        assertTrue(Ascii.equalsIgnoreCase(buf, 1, 17, "transfer-encoding"));
        assertTrue(Ascii.equalsIgnoreCase(buf, 1, 17, "TRANSFER-encoding"));
        assertFalse(Ascii.equalsIgnoreCase(buf, 1, 16, "transfer-encoding"));
        assertFalse(Ascii.equalsIgnoreCase(bytes("@[\\]^"), 0, 5, "`{|}~"));
        assertFalse(Ascii.equalsIgnoreCase(bytes("`{|}~"), 0, 5, "@[\\]^"));
        assertFalse(Ascii.equalsIgnoreCase(bytes("\u00c9"), 0, 1, "\u00e9"));
        // KELVIN SIGN folds to 'k' in Unicode; on the wire it is not a letter of a token.
        assertFalse(Ascii.equalsIgnoreCase(bytes("k"), 0, 1, "\u212a"));
        assertTrue(Ascii.equalsIgnoreCase(bytes("\u00e9"), 0, 1, "\u00e9"));
    }
}
