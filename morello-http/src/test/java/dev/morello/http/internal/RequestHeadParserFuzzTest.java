package dev.morello.http.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.morello.http.internal.HeadFeeder.Config;
import dev.morello.http.internal.HeadFeeder.Incomplete;
import dev.morello.http.internal.HeadFeeder.Outcome;
import dev.morello.http.internal.HeadFeeder.Parsed;
import dev.morello.http.internal.HeadFeeder.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link RequestHeadParser} with arbitrary bytes. Without {@code JAZZER_FUZZ} it replays the
 * committed inputs in {@code RequestHeadParserFuzzTestInputs/headParsingDoesNotDependOnSplits};
 * with {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Input layout: byte 0 picks the settings (bits 0-2 the leniencies, bits 3-4 a set of limits),
 * byte 1 seeds the split points, the rest is what the client sent. Properties checked:
 * <ul>
 *   <li>nothing but {@code RequestException} escapes;</li>
 *   <li>the outcome (length and fields, or status, or "need more") is the same whether the bytes
 *       come all at once, one at a time, or in pieces cut where byte 1 says, at any base;</li>
 *   <li>memory stays bounded: a complete head fits the limits, and the parser never asks for more
 *       bytes once it holds more than the limits allow;</li>
 *   <li>what it accepts is well-formed: token method and names, values without controls or
 *       surrounding whitespace, a target without spaces;</li>
 *   <li>with the strict settings, it agrees with {@link StrictGrammar}, the grammar of RFC 9112
 *       written as regular expressions, wherever the input holds an empty line.</li>
 * </ul>
 */
class RequestHeadParserFuzzTest {
    private static final Config[] LIMITS = {
        Config.STRICT,
        Config.STRICT.withLimits(32, 64, 4),
        Config.STRICT.withLimits(64, 256, 8),
        Config.STRICT.withLimits(16, 16, 1),
    };
    private static final Set<Integer> STATUSES = Set.of(400, 414, 431, 505);

    @FuzzTest(maxDuration = "5m")
    void headParsingDoesNotDependOnSplits(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int flags = data[0] & 0xff;
        Config config = LIMITS[(flags >> 3) & 3].withLeniencies(
                (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0).withLowerCaseMethods((flags & 0x20) != 0);
        int seed = data[1] & 0xff;
        byte[] input = Arrays.copyOfRange(data, 2, data.length);

        Outcome whole = HeadFeeder.whole(config, input, 0);
        check(config, input, whole);
        if (config.equals(Config.STRICT)) {
            Outcome reference = StrictGrammar.outcome(input);
            if (reference != null && !reference.equals(whole)) {
                fail("parsed " + whole + " but RFC 9112 says " + reference + "\ninput: " + HeadFeeder.show(input));
            }
        }
        assertSame(whole, HeadFeeder.byteByByte(config, input, 1 + seed % 5), "one byte at a time", config, input);
        int[] cuts = cuts(seed, input.length);
        assertSame(whole, HeadFeeder.feed(config.parser(), input, seed % 3, cuts),
                "cut at " + Arrays.toString(cuts), config, input);
    }

    /**
     * The reference: RFC 9112's request head grammar written as regular expressions, for the strict
     * settings and inputs far below the size limits. Returns null where it cannot tell (no empty
     * line yet: the head may be incomplete or refused early).
     */
    static final class StrictGrammar {
        private static final String TCHAR = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]";
        /** RFC 3986 pchar, "/", "?", and the brackets of an IP literal (RequestRules places them). */
        private static final String TARGET = "[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%\\[\\]]";
        private static final Pattern REQUEST_LINE =
                Pattern.compile("(" + TCHAR + "+) (" + TARGET + "+) HTTP/([0-9])\\.([0-9])");
        /** field-name ":" OWS field-value OWS, field-value of VCHAR / obs-text / SP / HTAB. */
        private static final Pattern FIELD_LINE =
                Pattern.compile("(" + TCHAR + "+):[ \\t]*((?:[\\x21-\\x7e\\x80-\\xff](?:[ \\t\\x21-\\x7e\\x80-\\xff]*[\\x21-\\x7e\\x80-\\xff])?)?)[ \\t]*");

        static Outcome outcome(byte[] input) {
            String text = new String(input, StandardCharsets.ISO_8859_1);
            // RFC 9112 §2.2: at least one empty line before the request line SHOULD be ignored; we skip one.
            int lineStart = text.startsWith("\r\n") ? 2 : 0;
            int end = text.indexOf("\r\n\r\n", lineStart);
            if (end < 0) {
                return null;
            }
            String[] lines = text.substring(lineStart, end).split("\r\n", -1);
            Matcher line = REQUEST_LINE.matcher(lines[0]);
            if (!line.matches()) {
                return new Rejected(400);
            }
            if (!line.group(3).equals("1")) {
                return new Rejected(505);
            }
            // Cheroot's rule, which the server follows: a method with a lower-case letter is a 400
            if (!line.group(1).equals(line.group(1).toUpperCase(Locale.ROOT))) {
                return new Rejected(400);
            }
            List<String> fields = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                Matcher field = FIELD_LINE.matcher(lines[i]);
                if (!field.matches()) {
                    return new Rejected(400);
                }
                if (i > Config.STRICT.maxHeaderCount()) {
                    return new Rejected(431);
                }
                fields.add(field.group(1));
                fields.add(field.group(2));
            }
            return new Parsed(end + 4, line.group(1), line.group(2), line.group(4).equals("0") ? 0 : 1,
                    List.copyOf(fields));
        }
    }

    /** Split points from the seed: pieces of 1 to 16 bytes, the sizes cycling through the seed's bits. */
    static int[] cuts(int seed, int length) {
        int[] cuts = new int[length + 1];
        int n = 0;
        int at = 0;
        int state = seed | 0x100;
        while (at < length) {
            state = state * 1103515245 + 12345;
            at = Math.min(length, at + 1 + ((state >>> 16) & (seed & 0xf)));
            cuts[n++] = at;
        }
        return Arrays.copyOf(cuts, n);
    }

    private static void assertSame(Outcome expected, Outcome actual, String how, Config config, byte[] input) {
        if (!expected.equals(actual)) {
            fail("fed " + how + " (" + config + "): " + actual + " but all at once: " + expected
                    + "\ninput: " + HeadFeeder.show(input));
        }
    }

    private static void check(Config config, byte[] input, Outcome outcome) {
        // The longest head the limits allow: one leading empty line, the request line and its
        // terminator, the header section (which counts its final empty line).
        int bound = 2 + config.maxRequestLine() + 2 + config.maxHeaderSize();
        switch (outcome) {
            case Rejected r -> assertTrue(STATUSES.contains(r.status()), "unexpected status " + r.status());
            case Incomplete i -> assertTrue(input.length <= bound,
                    "still waiting for bytes after " + input.length + " bytes, more than the limits allow ("
                            + bound + ") (" + config + "): " + HeadFeeder.show(input));
            case Parsed p -> {
                assertTrue(p.length() > 0 && p.length() <= input.length, "length " + p.length());
                assertTrue(p.length() <= bound, "a head of " + p.length() + " bytes passed limits of " + config);
                int requestLine = p.method().length() + 1 + p.target().length() + 1 + 8;
                assertTrue(requestLine <= config.maxRequestLine(),
                        "a request line of " + requestLine + " bytes passed " + config);
                assertTrue(p.fields().size() / 2 <= config.maxHeaderCount(), "too many fields passed");
                assertTrue(p.minorVersion() == 0 || p.minorVersion() == 1, "minor " + p.minorVersion());
                assertToken(p.method(), input);
                assertTrue(!p.target().isEmpty() && p.target().chars().allMatch(c -> c > 0x20 && c < 0x7f),
                        "target " + p.target());
                for (int f = 0; f < p.fields().size(); f += 2) {
                    assertToken(p.fields().get(f), input);
                    String value = p.fields().get(f + 1);
                    assertTrue(value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f)),
                            "control byte in value " + value);
                    if (!value.isEmpty()) {
                        assertTrue(value.charAt(0) != ' ' && value.charAt(0) != '\t'
                                        && value.charAt(value.length() - 1) != ' '
                                        && value.charAt(value.length() - 1) != '\t',
                                "value with surrounding whitespace \"" + value + "\" (" + config + ") from "
                                        + HeadFeeder.show(input));
                    }
                }
            }
        }
    }

    private static void assertToken(String s, byte[] input) {
        assertTrue(!s.isEmpty(), "empty token from " + HeadFeeder.show(input));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            assertTrue(c < 0x80 && Ascii.isTchar((byte) c), "not a token: " + s);
        }
    }
}
