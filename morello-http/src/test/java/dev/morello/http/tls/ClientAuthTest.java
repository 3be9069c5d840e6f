package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.tls.Handshakes.Client;
import dev.morello.http.tls.Handshakes.Outcome;
import dev.morello.http.tls.Handshakes.Transport;
import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client certificates (CherryPy's {@code server.ssl_client_auth}): with {@code NEED} a client
 * without a certificate the trusted CA signed is refused, with {@code WANT} it still connects,
 * and a certificate it sends is checked and reachable from the session.
 */
@Timeout(120)
class ClientAuthTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static Leaf server;
    static Path alice;
    static Path stranger;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
        server = pki.server("server", KeyType.RSA, "server.test");
        alice = pki.client("alice");
        Leaf selfSigned = pki.selfSigned("stranger", KeyType.EC);
        stranger = pki.pkcs12("stranger", selfSigned.key(), selfSigned.certificate(), null);
    }

    private static TlsContext context(ClientAuth auth, TrustSource trust) throws TlsConfigException {
        return TlsContext.create(TlsConfig.builder().certificate(server.source()).clientAuth(auth).trust(trust).build());
    }

    private static Client client() {
        return Client.trusting(pki.rootCertificate).sni("server.test");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void needRefusesAClientWithoutACertificate(Transport transport) throws Exception {
        Outcome outcome = transport.handshake(context(ClientAuth.NEED, TrustSource.pem(pki.rootCertificate)), client());
        assertTrue(outcome.server().failedWith(SSLHandshakeException.class), () -> outcome.toString());
        assertFalse(outcome.client().succeeded(), () -> outcome.toString());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void needAcceptsACertificateTheTrustedCaSigned(Transport transport) throws Exception {
        Outcome outcome = transport.handshake(context(ClientAuth.NEED, TrustSource.pem(pki.rootCertificate)),
                client().certificate(alice));
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals("alice", outcome.server().peerName());
    }

    @Test
    void needRefusesACertificateNoTrustedCaSigned() throws Exception {
        Outcome outcome = Transport.ENGINE.handshake(context(ClientAuth.NEED, TrustSource.pem(pki.rootCertificate)),
                client().certificate(stranger));
        assertTrue(outcome.server().failedWith(CertPathBuilderException.class), () -> outcome.toString());
    }

    @Test
    void aTrustStoreFromKeytoolServesAsWell() throws Exception {
        Path store = dir.resolve("trust.p12");
        pki.keytool("-importcert", "-noprompt", "-alias", "root", "-file", pki.rootCertificate.toString(),
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", TestPki.PASSWORD);
        TlsContext context = context(ClientAuth.NEED, TrustSource.pkcs12(store, TestPki.PASSWORD));
        Outcome outcome = Transport.SOCKET.handshake(context, client().certificate(alice));
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals("alice", outcome.server().peerName());
        assertFalse(Transport.SOCKET.handshake(context, client()).server().succeeded());
    }

    @Test
    void wantLetsAClientWithoutACertificateIn() throws Exception {
        TlsContext context = context(ClientAuth.WANT, TrustSource.pem(pki.rootCertificate));
        Outcome without = Transport.SOCKET.handshake(context, client());
        assertTrue(without.succeeded(), () -> without.toString());
        assertNull(without.server().peerCertificate());
        Outcome with = Transport.SOCKET.handshake(context, client().certificate(alice));
        assertTrue(with.succeeded(), () -> with.toString());
        assertEquals("alice", with.server().peerName());
    }

    @Test
    void wantStillRefusesACertificateNoTrustedCaSigned() throws Exception {
        // A certificate that is sent is checked: WANT only forgives sending none.
        Outcome outcome = Transport.ENGINE.handshake(context(ClientAuth.WANT, TrustSource.pem(pki.rootCertificate)),
                client().certificate(stranger));
        assertTrue(outcome.server().failedWith(CertPathBuilderException.class), () -> outcome.toString());
    }

    @Test
    void noneAsksForNoCertificate() throws Exception {
        TlsContext context = TlsContext.create(TlsConfig.builder().certificate(server.source()).build());
        Outcome outcome = Transport.ENGINE.handshake(context, client().certificate(alice));
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertNull(outcome.server().peerCertificate(), "the client was not asked, so it sent none");
    }

    @Test
    void enginesCarryTheSetting() throws Exception {
        SSLEngine need = context(ClientAuth.NEED, TrustSource.pem(pki.rootCertificate)).newEngine();
        assertTrue(need.getNeedClientAuth());
        SSLEngine want = context(ClientAuth.WANT, TrustSource.pem(pki.rootCertificate)).newEngine();
        assertTrue(want.getWantClientAuth());
        assertFalse(want.getNeedClientAuth());
    }
}
