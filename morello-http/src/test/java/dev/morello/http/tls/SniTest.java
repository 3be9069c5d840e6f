package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.tls.Handshakes.Client;
import dev.morello.http.tls.Handshakes.Outcome;
import dev.morello.http.tls.Handshakes.Transport;
import dev.morello.http.tls.TestPki.KeyType;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several certificates by host name (SNI, RFC 6066 §3), through real TLS 1.3 handshakes whose
 * client sends {@code a.test}, {@code b.test}, another name or none, and checks which
 * certificate it got; over a socket and over the context's own engines.
 */
@Timeout(120)
class SniTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static TlsContext server;

    @BeforeAll
    static void makeServer() throws Exception {
        pki = TestPki.create(dir);
        server = TlsContext.create(TlsConfig.builder()
                .certificate(pki.server("default", KeyType.RSA, "default.test").source())
                // host names from the certificate's subjectAltName
                .certificate(pki.server("a", KeyType.RSA, "a.test").source())
                // host names configured (the certificate also names b.test)
                .certificate(pki.server("b", KeyType.EC, "b.test").source(), "b.test", "alias-of-b.test")
                .certificate(pki.server("wild", KeyType.EC, "*.w.test").source())
                .build());
    }

    private static Client client() {
        return Client.trusting(pki.rootCertificate);
    }

    @ParameterizedTest(name = "{0}: SNI {1} gets {2}")
    @CsvSource({
        "SOCKET, a.test,            a.test",
        "ENGINE, a.test,            a.test",
        "SOCKET, b.test,            b.test",
        "ENGINE, b.test,            b.test",
        "ENGINE, alias-of-b.test,   b.test",
        "SOCKET, A.Test,            a.test",
        "ENGINE, x.w.test,          *.w.test",
        "SOCKET, x.w.test,          *.w.test",
        "ENGINE, w.test,            default.test",
        "ENGINE, x.y.w.test,        default.test",
        "SOCKET, c.test,            default.test",
        "ENGINE, c.test,            default.test",
    })
    void choosesTheCertificateByTheRequestedName(Transport transport, String sni, String served) throws Exception {
        Outcome outcome = transport.handshake(server, client().sni(sni));
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals(served, outcome.client().peerName());
        assertEquals("TLSv1.3", outcome.client().session().getProtocol());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void withoutSniTheDefaultCertificateIsServed(Transport transport) throws Exception {
        Outcome outcome = transport.handshake(server, client());
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals("default.test", outcome.client().peerName());
    }

    @Test
    void aClientCheckingTheHostNameRefusesTheDefaultCertificateForAnotherName() throws Exception {
        Outcome outcome = Transport.ENGINE.handshake(server, client().sni("c.test").checkingHostName());
        assertTrue(outcome.client().failedWith(CertificateException.class), () -> outcome.toString());
        Outcome named = Transport.ENGINE.handshake(server, client().sni("a.test").checkingHostName());
        assertTrue(named.succeeded(), () -> named.toString());
    }

    @Test
    void tellsWhichChainAHostNameGets() {
        assertEquals("CN=a.test", server.certificateChain("a.test").get(0).getSubjectX500Principal().getName());
        assertEquals("CN=*.w.test", server.certificateChain("q.w.test").get(0).getSubjectX500Principal().getName());
        assertEquals("CN=default.test", server.certificateChain("nowhere.test").get(0).getSubjectX500Principal().getName());
        assertEquals("CN=default.test", server.certificateChain().get(0).getSubjectX500Principal().getName());
    }
}
