package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.internal.h2.FieldRules.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9113 §8.2's rules for received fields (h2spec's 8.1.2 cases), one vector each. */
class FieldRulesTest {
    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.argumentSet("plain field", "content-type", "text/plain", Verdict.VALID),
                Arguments.argumentSet("empty value", "x-empty", "", Verdict.VALID),
                Arguments.argumentSet("inner space and tab", "x-a", "a b\tc", Verdict.VALID),
                Arguments.argumentSet("obs-text in a value", "x-a", "caf\u00e9", Verdict.VALID),
                Arguments.argumentSet("every tchar in a name", "!#$%&'*+-.^_`|~09az", "v", Verdict.VALID),
                Arguments.argumentSet("request pseudo-header", ":path", "/", Verdict.VALID),
                Arguments.argumentSet("RFC 8441 :protocol", ":protocol", "websocket", Verdict.VALID),
                Arguments.argumentSet("te: trailers", "te", "trailers", Verdict.VALID),
                Arguments.argumentSet("§8.2 upper-case name", "Content-Type", "x", Verdict.UPPER_CASE_NAME),
                Arguments.argumentSet("§8.2 empty name", "", "x", Verdict.EMPTY_NAME),
                Arguments.argumentSet("§8.2.1 space in a name", "x a", "x", Verdict.NAME_NOT_TOKEN),
                Arguments.argumentSet("§8.2.1 colon inside a name", "x:a", "x", Verdict.NAME_NOT_TOKEN),
                Arguments.argumentSet("§8.2.1 non-ASCII name", "x\u00e9", "x", Verdict.NAME_NOT_TOKEN),
                Arguments.argumentSet("§8.2.1 DEL in a name", "x\u007f", "x", Verdict.NAME_NOT_TOKEN),
                Arguments.argumentSet("§8.3 unknown pseudo-header", ":foo", "x", Verdict.UNKNOWN_PSEUDO_HEADER),
                Arguments.argumentSet("§8.3 response pseudo-header in a request", ":status", "200", Verdict.UNKNOWN_PSEUDO_HEADER),
                Arguments.argumentSet("§8.2.1 NUL in a value", "x-a", "a\u0000b", Verdict.VALUE_NUL_CR_LF),
                Arguments.argumentSet("§8.2.1 CR in a value", "x-a", "a\rb", Verdict.VALUE_NUL_CR_LF),
                Arguments.argumentSet("§8.2.1 LF in a value", "x-a", "a\nb", Verdict.VALUE_NUL_CR_LF),
                Arguments.argumentSet("other control in a value", "x-a", "a\u0001b", Verdict.VALUE_CONTROL),
                Arguments.argumentSet("DEL in a value", "x-a", "a\u007fb", Verdict.VALUE_CONTROL),
                Arguments.argumentSet("§8.2.1 leading space", "x-a", " a", Verdict.VALUE_EDGE_WHITESPACE),
                Arguments.argumentSet("§8.2.1 trailing tab", "x-a", "a\t", Verdict.VALUE_EDGE_WHITESPACE),
                Arguments.argumentSet("§8.2.2 connection", "connection", "keep-alive", Verdict.CONNECTION_SPECIFIC),
                Arguments.argumentSet("§8.2.2 keep-alive", "keep-alive", "timeout=5", Verdict.CONNECTION_SPECIFIC),
                Arguments.argumentSet("§8.2.2 proxy-connection", "proxy-connection", "x", Verdict.CONNECTION_SPECIFIC),
                Arguments.argumentSet("§8.2.2 transfer-encoding", "transfer-encoding", "chunked", Verdict.CONNECTION_SPECIFIC),
                Arguments.argumentSet("§8.2.2 upgrade", "upgrade", "h2c", Verdict.CONNECTION_SPECIFIC),
                Arguments.argumentSet("§8.2.2 te other than trailers", "te", "gzip", Verdict.CONNECTION_SPECIFIC));
    }

    @ParameterizedTest
    @MethodSource("fields")
    void judges(String name, String value, Verdict expected) {
        assertEquals(expected, FieldRules.check(name, value));
    }

    @Test
    void tellsPseudoHeadersApart() {
        assertTrue(FieldRules.isPseudoHeader(":method"));
        assertFalse(FieldRules.isPseudoHeader("method"));
        assertFalse(FieldRules.isPseudoHeader(""));
    }

    @Test
    void everyVerdictHasAReason() {
        for (Verdict v : Verdict.values()) {
            assertFalse(v.reason().isBlank(), v.name());
        }
    }
}
