package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.tls.Handshakes.Client;
import dev.morello.http.tls.Handshakes.Outcome;
import dev.morello.http.tls.Handshakes.Transport;
import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expired certificates, made valid from ten days ago for five days (relative to now, so the
 * tests never depend on the date). An expired server certificate still loads and is served, as
 * OpenSSL-based servers do, and a client refuses it; an expired client certificate is refused.
 */
@Timeout(120)
class ExpiredCertificateTest {
    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
    }

    @Test
    void anExpiredServerCertificateLoadsAndTheClientRefusesIt() throws Exception {
        Leaf expired = pki.expired("expired", "expired.test", false);
        TlsContext context = TlsContext.create(TlsConfig.builder().certificate(KeySource.pem(expired.certificate(), expired.key())).build());
        // the context serves the certificate made valid for five days, ten days back (the
        // client's CertificateExpiredException below says it has run out; no clock read here)
        var served = context.certificateChain().get(0);
        assertEquals(java.time.Duration.ofDays(5),
                java.time.Duration.between(served.getNotBefore().toInstant(), served.getNotAfter().toInstant()));
        Outcome outcome = Transport.ENGINE.handshake(context, Client.trusting(pki.rootCertificate).sni("expired.test"));
        assertTrue(outcome.client().failedWith(CertificateExpiredException.class), () -> outcome.toString());
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        Leaf expired = pki.expired("late", "late", true);
        Path store = pki.pkcs12("late", expired.key(), expired.certificate(), null);
        Leaf server = pki.server("server", KeyType.EC, "server.test");
        TlsContext context = TlsContext.create(TlsConfig.builder().certificate(server.source())
                .clientAuth(ClientAuth.NEED).trust(TrustSource.pem(pki.rootCertificate)).build());
        Client client = Client.trusting(pki.rootCertificate).sni("server.test");
        Outcome outcome = Transport.ENGINE.handshake(context, client.certificate(store));
        assertTrue(outcome.server().failedWith(CertificateExpiredException.class), () -> outcome.toString());
        // the same server takes a client whose certificate is current
        Outcome current = Transport.ENGINE.handshake(context, client.certificate(pki.client("current")));
        assertTrue(current.succeeded(), () -> current.toString());
        assertEquals("current", current.server().peerName());
    }
}
