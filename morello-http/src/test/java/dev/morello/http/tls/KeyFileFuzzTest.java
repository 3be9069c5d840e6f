package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzzes the key file readers (PEM, DER, the PKCS#1 and SEC1 wrappers, PKCS#8 and its
 * encrypted form through the JDK) with arbitrary bytes. Without {@code JAZZER_FUZZ} it replays
 * the committed inputs in {@code KeyFileFuzzTestInputs/refusesOnlyWithItsOwnExceptions}, none of
 * which is a real key; with {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Input layout: byte 0 picks the entry (its low two bits: 0 PEM text, 1 PKCS#8 DER, 2 PKCS#1
 * DER, 3 SEC1 DER; bit 2: a password is set), the rest is the file. Properties:
 * <ul>
 *   <li>nothing escapes but the readers' own refusals: no runtime exception, from our code or
 *       from the JDK's decoders behind it;</li>
 *   <li>every refusal names the file first;</li>
 *   <li>every OBJECT IDENTIFIER the DER reader accepts encodes back to the same bytes.</li>
 * </ul>
 */
class KeyFileFuzzTest {
    private static final Path FILE = Path.of("fuzzed.pem");

    @FuzzTest(maxDuration = "5m")
    void refusesOnlyWithItsOwnExceptions(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int flags = data[0] & 0xff;
        String password = (flags & 4) != 0 ? "password" : null;
        byte[] input = Arrays.copyOfRange(data, 1, data.length);
        try {
            switch (flags & 3) {
                case 0 -> {
                    for (Pem.Block block : Pem.parse(new String(input, StandardCharsets.ISO_8859_1))) {
                        if (PrivateKeys.isPrivateKey(block)) {
                            PrivateKeys.decode(block, FILE, password);
                        }
                        checkObjectIdentifiers(block.der(), 0);
                    }
                }
                case 1 -> PrivateKeys.pkcs8(input, FILE);
                case 2 -> PrivateKeys.pkcs8(PrivateKeys.wrapPkcs1(input), FILE);
                default -> PrivateKeys.pkcs8(PrivateKeys.wrapSec1(input, FILE), FILE);
            }
        } catch (TlsConfigException e) {
            assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        } catch (Pem.MalformedException | Der.MalformedException e) {
            // refused, as it should be
        }
        checkObjectIdentifiers(input, 0);
    }

    /** Walks the DER elements that parse, re-encoding each OBJECT IDENTIFIER. */
    private static void checkObjectIdentifiers(byte[] der, int depth) {
        walk(Der.reader(der), depth);
    }

    private static void walk(Der.Reader reader, int depth) {
        if (depth > 8) {
            return;
        }
        try {
            while (reader.hasMore()) {
                Der.Element e = reader.next();
                if (e.tag() == Der.OBJECT_IDENTIFIER) {
                    String dotted;
                    try {
                        dotted = e.objectIdentifier();
                    } catch (Der.MalformedException refused) {
                        continue;
                    }
                    byte[] again = Der.reader(Der.objectIdentifier(dotted)).next().contents();
                    assertArrayEquals(e.contents(), again, dotted);
                } else if ((e.tag() & 0x20) != 0) {
                    walk(e.reader(), depth + 1);
                }
            }
        } catch (Der.MalformedException refused) {
            // the rest does not parse; what did was checked
        }
    }
}
