package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host names as configured for SNI and as clients send them: one canonical form (RFC 6066 §3:
 * ASCII, case-insensitive) and one-label wildcards (RFC 6125 §6.4.3).
 */
class HostNamesTest {
    @ParameterizedTest
    @CsvSource({
        "a.test,            a.test",
        "WWW.Example.COM,   www.example.com",
        "example.com.,      example.com",
        "*.example.com,     *.example.com",
        "*.Example.Com.,    *.example.com",
        "bücher.example,    xn--bcher-kva.example",
        "*.bücher.example,  *.xn--bcher-kva.example",
        "localhost,         localhost",
        "_acme.example.com, _acme.example.com",
    })
    void normalizesConfiguredNames(String configured, String normal) {
        assertEquals(normal, HostNames.pattern(configured));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", "*", "*.", "w*.example.com", "www.*.com", "a.*", "**.example.com",
        "exa mple.com", "a/b.com", "a.test:443"})
    void refusesWhatIsNotAHostName(String configured) {
        assertThrows(IllegalArgumentException.class, () -> HostNames.pattern(configured));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a..b", "exa mple.com", "a.test:443", "1.2.3.4/5"})
    void aRequestedNameThatIsNotADnsNameIsNone(String requested) {
        assertNull(HostNames.requested(requested));
    }

    @ParameterizedTest
    @CsvSource({
        "A.Test,         a.test",
        "a.test.,        a.test",
    })
    void requestedNamesCompareWithoutCaseOrTrailingDot(String requested, String normal) {
        assertEquals(normal, HostNames.requested(requested));
    }

    @ParameterizedTest
    @CsvSource({
        "www.example.com,   example.com",
        "a.b.example.com,   b.example.com",
        "localhost,         ''",
    })
    void aWildcardCoversExactlyOneLabel(String requested, String parent) {
        String expected = parent.isEmpty() ? null : parent;
        assertEquals(expected, HostNames.parentDomain(requested));
    }

    @ParameterizedTest
    @CsvSource({"*.example.com, example.com", "*.a.test, a.test"})
    void aWildcardStandsOverItsDomain(String pattern, String domain) {
        assertEquals(domain, HostNames.wildcardDomain(pattern));
        assertTrue(HostNames.isWildcard(pattern));
    }
}
