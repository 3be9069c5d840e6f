package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CherryPy's {@code server.ssl_ciphers}, read as a list of suite names: the JDK's, or OpenSSL's
 * for the common suites; OpenSSL's selection language refused with a message that says what to
 * write instead.
 */
class CipherSuitesTest {
    private static final List<String> DEFAULTS = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    private static final Set<String> SUPPORTED = Set.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    private static final List<String> BOTH = List.of("TLSv1.3", "TLSv1.2");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 | TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256 | TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "ECDHE-ECDSA-CHACHA20-POLY1305 | TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "ECDHE-RSA-AES256-SHA384 | TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        "ECDHE-RSA-AES128-SHA | TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "DHE-RSA-AES256-GCM-SHA384 | TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256 | TLS_AES_128_GCM_SHA256",
    })
    void readsJdkAndOpenSslNames(String name, String jdkName) {
        assertEquals(List.of(jdkName), CipherSuites.parse(name));
    }

    @Test
    void readsAListInItsOrderWithAnySeparatorAndNoRepeats() {
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_AES_128_GCM_SHA256"),
                CipherSuites.parse("ECDHE-RSA-AES256-GCM-SHA384:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256"
                        + " ECDHE-RSA-AES256-GCM-SHA384:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HIGH:!aNULL:!MD5", "ECDH+AESGCM", "DEFAULT", "ALL:@STRENGTH", "-RC4", "aRSA", "EECDH+AESGCM:EDH+AESGCM"})
    void refusesOpenSslSelectionSyntax(String list) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CipherSuites.parse(list));
        assertTrue(e.getMessage().contains("OpenSSL's cipher selection syntax"), e.getMessage());
        assertTrue(e.getMessage().contains("ECDHE-RSA-AES128-GCM-SHA256"), "says what to write instead: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RC4-MD5", "ECDHE-RSA-AES128-GCM-SHA257", "", " : , "})
    void refusesNamesNotKnownAndEmptyLists(String list) {
        assertThrows(IllegalArgumentException.class, () -> CipherSuites.parse(list));
    }

    @Test
    void noListMeansTheProviderDefaults() throws Exception {
        assertEquals(DEFAULTS, CipherSuites.resolve(List.of(), BOTH, SUPPORTED, DEFAULTS));
    }

    @Test
    void noListKeepsOnlyTheDefaultsWithForwardSecrecyAndAnAeadCipher() throws Exception {
        List<String> withWeak = List.of("TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"), CipherSuites.resolve(List.of(), BOTH, SUPPORTED, withWeak));
        // and from the running JDK's own defaults: no CBC, no key exchange without forward secrecy
        List<String> real = List.of(javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
        for (String suite : CipherSuites.resolve(List.of(), BOTH, Set.copyOf(real), real)) {
            assertTrue(!suite.contains("_CBC_") && !suite.startsWith("TLS_RSA_"), suite);
        }
    }

    @Test
    void aListOfTls12SuitesKeepsTls13Defaults() throws Exception {
        // as OpenSSL's cipher string leaves TLS 1.3's suites to their own setting
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                CipherSuites.resolve(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), BOTH, SUPPORTED, DEFAULTS));
    }

    @Test
    void aListWithATls13SuiteIsTheWholeList() throws Exception {
        List<String> configured = List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertEquals(configured, CipherSuites.resolve(configured, BOTH, SUPPORTED, DEFAULTS));
    }

    @Test
    void withTls12AloneNoTls13SuiteIsAdded() throws Exception {
        List<String> configured = List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertEquals(configured, CipherSuites.resolve(configured, List.of("TLSv1.2"), SUPPORTED, DEFAULTS));
    }

    @Test
    void refusesASuiteTheProviderLacks() {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> CipherSuites.resolve(
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_NULL_SHA256"), BOTH, SUPPORTED, DEFAULTS));
        assertTrue(e.getMessage().contains("TLS_RSA_WITH_NULL_SHA256"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "TLS_AES_128_GCM_SHA256, true",
        "TLS_CHACHA20_POLY1305_SHA256, true",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false",
        "TLS_EMPTY_RENEGOTIATION_INFO_SCSV, false",
        "SSL_RSA_WITH_3DES_EDE_CBC_SHA, false",
    })
    void tellsTls13SuitesByTheirNames(String suite, boolean tls13) {
        assertEquals(tls13, CipherSuites.isTls13(suite));
    }
}
