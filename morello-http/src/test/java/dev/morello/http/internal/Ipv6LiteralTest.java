package dev.morello.http.internal;

import static dev.morello.http.internal.HeadFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The IPv6address of an IP literal in Host or a target ({@link RequestRules#isIpv6}), checked
 * against a regular expression written straight from the ABNF of RFC 3986 §3.2.2.
 */
class Ipv6LiteralTest {
    private static final String H16 = "[0-9A-Fa-f]{1,4}";
    private static final String DEC_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])";
    private static final String IPV4 = DEC_OCTET + "\\." + DEC_OCTET + "\\." + DEC_OCTET + "\\." + DEC_OCTET;
    private static final String LS32 = "(?:" + H16 + ":" + H16 + "|" + IPV4 + ")";
    private static final Pattern IPV6_ADDRESS = Pattern.compile(String.join("|",
            "(?:" + H16 + ":){6}" + LS32,
            "::(?:" + H16 + ":){5}" + LS32,
            "(?:" + H16 + ")?::(?:" + H16 + ":){4}" + LS32,
            "(?:(?:" + H16 + ":){0,1}" + H16 + ")?::(?:" + H16 + ":){3}" + LS32,
            "(?:(?:" + H16 + ":){0,2}" + H16 + ")?::(?:" + H16 + ":){2}" + LS32,
            "(?:(?:" + H16 + ":){0,3}" + H16 + ")?::" + H16 + ":" + LS32,
            "(?:(?:" + H16 + ":){0,4}" + H16 + ")?::" + LS32,
            "(?:(?:" + H16 + ":){0,5}" + H16 + ")?::" + H16,
            "(?:(?:" + H16 + ":){0,6}" + H16 + ")?::"));

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "1::8", "2001:db8::ff00:42:8329", "FFFF:ffff:FFFF:ffff:FFFF:ffff:FFFF:ffff", "::ffff:192.0.2.128",
        "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "64:ff9b::255.255.255.255", "0:0:0:0:0:0:0:0"})
    void acceptsIpv6Addresses(String address) {
        assertEquals(true, isIpv6(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1::2:",
        "12345::", "g::", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1.2.3.4", "::1.2.3", "::1.2.3.4.5",
        "::256.1.1.1", "::01.1.1.1", "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4", "::a.b.c.d", "[::1]", " ::1", "::1%1"})
    void refusesWhatIsNotAnIpv6Address(String text) {
        assertEquals(false, isIpv6(text), text);
    }

    @Test
    void agreesWithRfc3986OnManyCandidates() {
        SplittableRandom random = new SplittableRandom(3986);
        String alphabet = "0123456789abcdefABCDEFg:.";
        String[] pieces = {"::", ":", "0", "1", "ffff", "12345", "1.2.3.4", "255.255.255.255", "256.0.0.1", "01.2.3.4",
            "a", ".", "dead:beef", "0:0:0:0"};
        int valid = 0;
        for (int n = 0; n < 300_000; n++) {
            StringBuilder s = new StringBuilder();
            int mode = random.nextInt(3);
            if (mode == 0) {
                s.append(nearlyValid(random, alphabet));
            } else if (mode == 1) {
                int length = random.nextInt(42);
                for (int i = 0; i < length; i++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                int count = random.nextInt(12);
                for (int i = 0; i < count; i++) {
                    s.append(pieces[random.nextInt(pieces.length)]);
                    if (random.nextInt(3) > 0) {
                        s.append(':');
                    }
                }
            }
            String candidate = s.toString();
            boolean expected = IPV6_ADDRESS.matcher(candidate).matches();
            assertEquals(expected, isIpv6(candidate), candidate);
            valid += expected ? 1 : 0;
        }
        // The generator must hit both sides often enough for the comparison to mean something.
        assertTrue(valid > 30_000, valid + " valid candidates");
    }

    /** An address built to the grammar's shape (groups, maybe "::", maybe an IPv4 tail), maybe with one byte changed. */
    private static String nearlyValid(SplittableRandom random, String alphabet) {
        boolean ipv4 = random.nextInt(4) == 0;
        boolean compressed = random.nextBoolean();
        int groups = compressed ? random.nextInt(ipv4 ? 6 : 8) : (ipv4 ? 6 : 8);
        int gap = random.nextInt(groups + 1);
        StringBuilder s = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            if (compressed && g == gap) {
                s.append(g == 0 ? "::" : ":");
            } else if (g > 0) {
                s.append(':');
            }
            s.append(Integer.toHexString(random.nextInt(1 << (4 * (1 + random.nextInt(4))))));
        }
        if (compressed && gap == groups) {
            s.append("::");
        }
        if (ipv4) {
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(random.nextInt(256)).append('.').append(random.nextInt(256)).append('.')
                    .append(random.nextInt(256)).append('.').append(random.nextInt(256));
        }
        if (random.nextBoolean() && !s.isEmpty()) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> s.deleteCharAt(at);
                default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return s.toString();
    }

    @Test
    void readsOnlyTheRangeItIsGiven() {
        byte[] buf = bytes("[::1]:8080");
        assertEquals(true, RequestRules.isIpv6(buf, 1, 4));
        assertEquals(false, RequestRules.isIpv6(buf, 0, 5));
        assertEquals(false, RequestRules.isIpv6(buf, 1, 6));
    }

    private static boolean isIpv6(String text) {
        byte[] buf = bytes("[" + text + "]");
        return RequestRules.isIpv6(buf, 1, buf.length - 1);
    }
}
