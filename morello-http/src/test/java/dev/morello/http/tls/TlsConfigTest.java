package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings object: its defaults, what it refuses before any file is read, what it reveals. */
class TlsConfigTest {
    private static final KeySource KEYS = KeySource.pem(Path.of("cert.pem"), Path.of("key.pem"));

    @Test
    void defaultsToTls13And12JdkSuitesNoClientAuthAndHttp11() {
        TlsConfig c = TlsConfig.builder().certificate(KEYS).build();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), c.protocols());
        assertEquals(List.of(), c.cipherSuites());
        assertEquals(ClientAuth.NONE, c.clientAuth());
        assertEquals(List.of("http/1.1"), c.applicationProtocols());
        assertEquals(List.of(new TlsConfig.Identity(KEYS, List.of())), c.identities());
    }

    @Test
    void needsACertificate() {
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.1", "TLSv1", "SSLv3", "TLSv1.4"})
    void refusesProtocolsOtherThanTls13And12(String protocol) {
        assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().certificate(KEYS).protocols("TLSv1.3", protocol).build());
    }

    @Test
    void mayNarrowToOneProtocol() {
        assertEquals(List.of("TLSv1.3"), TlsConfig.builder().certificate(KEYS).protocols("TLSv1.3").build().protocols());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WANT", "NEED"})
    void clientAuthenticationNeedsATrustSource(ClientAuth auth) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().certificate(KEYS).clientAuth(auth).build());
        assertTrue(e.getMessage().contains("trust"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http 1.1", "h\u00e9"})
    void refusesBadAlpnNames(String name) {
        assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().certificate(KEYS).applicationProtocols("h2", name).build());
    }

    @Test
    void mayTurnAlpnOff() {
        assertEquals(List.of(), TlsConfig.builder().certificate(KEYS).applicationProtocols().build().applicationProtocols());
    }

    @Test
    void normalizesHostNamesAndRefusesBadOnes() {
        TlsConfig c = TlsConfig.builder().certificate(KEYS).certificate(KEYS, "WWW.B.Test.", "*.C.test").build();
        assertEquals(List.of("www.b.test", "*.c.test"), c.identities().get(1).hostNames());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().certificate(KEYS, "a.*.test"));
    }

    @Test
    void listsEveryFileItReadsOnce() {
        Path one = Path.of("one.pem");
        TlsConfig c = TlsConfig.builder()
                .certificate(KeySource.pem(one).withChain(Path.of("chain.pem")))
                .certificate(KeySource.pem(Path.of("b.pem"), Path.of("b.key")).withChain(Path.of("chain.pem")), "b.test")
                .certificate(KeySource.pkcs12(Path.of("c.p12"), "pw"), "c.test")
                .clientAuth(ClientAuth.NEED).trust(TrustSource.pem(Path.of("ca.pem")))
                .build();
        assertEquals(List.of(one, Path.of("chain.pem"), Path.of("b.pem"), Path.of("b.key"), Path.of("c.p12"), Path.of("ca.pem")),
                c.files());
    }

    @Test
    void neverShowsAPassword() {
        TlsConfig c = TlsConfig.builder()
                .certificate(KeySource.pem(Path.of("c.pem"), Path.of("k.pem")).withPassword(TestPki.PASSWORD))
                .certificate(KeySource.pkcs12(Path.of("s.p12"), TestPki.PASSWORD).withAlias("www"), "b.test")
                .clientAuth(ClientAuth.WANT).trust(TrustSource.pkcs12(Path.of("t.p12"), TestPki.PASSWORD))
                .build();
        assertFalse(c.toString().contains(TestPki.PASSWORD), c.toString());
        assertTrue(c.toString().contains("k.pem") && c.toString().contains("www"), c.toString());
    }

    @Test
    void toBuilderKeepsEverything() {
        TlsConfig c = TlsConfig.builder().certificate(KEYS).certificate(KEYS, "b.test").protocols("TLSv1.2")
                .cipherSuites("ECDHE-RSA-AES128-GCM-SHA256").clientAuth(ClientAuth.WANT)
                .trust(TrustSource.pem(Path.of("ca.pem"))).applicationProtocols("h2", "http/1.1").build();
        assertEquals(c, c.toBuilder().build());
    }
}
