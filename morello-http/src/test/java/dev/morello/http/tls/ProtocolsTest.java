package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.tls.Handshakes.Client;
import dev.morello.http.tls.Handshakes.OneConnection;
import dev.morello.http.tls.Handshakes.Outcome;
import dev.morello.http.tls.Handshakes.Side;
import dev.morello.http.tls.Handshakes.Transport;
import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a connection negotiates: TLS 1.3 or 1.2 and nothing older (RFC 8996), the configured
 * cipher suites in the server's order, and ALPN ({@code http/1.1}). Older versions are offered
 * by openssl's client, since the JDK's own refuses to offer them.
 */
@Timeout(120)
class ProtocolsTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static Leaf rsa;
    static TlsContext server;

    @BeforeAll
    static void makeServer() throws Exception {
        pki = TestPki.create(dir);
        rsa = pki.server("rsa", KeyType.RSA, "rsa.test");
        server = TlsContext.create(TlsConfig.builder().certificate(rsa.source()).build());
    }

    private static Client client() {
        return Client.trusting(pki.rootCertificate).sni("rsa.test");
    }

    @Test
    void enginesAreServerSideWithTheConfiguredParameters() {
        SSLEngine engine = server.newEngine();
        assertFalse(engine.getUseClientMode());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(engine.getEnabledProtocols()));
        assertEquals(server.cipherSuites(), List.of(engine.getEnabledCipherSuites()));
        assertEquals(List.of("http/1.1"), List.of(engine.getSSLParameters().getApplicationProtocols()));
        assertTrue(engine.getSSLParameters().getUseCipherSuitesOrder());
        assertFalse(engine.getNeedClientAuth() || engine.getWantClientAuth());
        SSLEngine withPeer = server.newEngine("192.0.2.1", 50000);
        assertEquals("192.0.2.1", withPeer.getPeerHost());
        assertFalse(withPeer.getUseClientMode());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void negotiatesTls13ByDefault(Transport transport) throws Exception {
        Outcome outcome = transport.handshake(server, client());
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals("TLSv1.3", outcome.server().session().getProtocol());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void negotiatesTls12WithAClientOfTls12(Transport transport) throws Exception {
        Outcome outcome = transport.handshake(server, client().protocols("TLSv1.2"));
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals("TLSv1.2", outcome.server().session().getProtocol());
    }

    /** The server's side of a connection from openssl s_client, and what the client printed. */
    private record OpenSslClient(Side server, String output) {
    }

    private static OpenSslClient openSslClient(TlsContext context, String... options) throws Exception {
        try (OneConnection connection = OneConnection.serve(context, false)) {
            List<String> args = new ArrayList<>(List.of("s_client", "-connect", connection.authority(),
                    "-servername", "rsa.test"));
            args.addAll(List.of(options));
            TestPki.Run run = pki.opensslRun(args.toArray(String[]::new));
            return new OpenSslClient(connection.await(), run.output());
        }
    }

    @Test
    void refusesTls11() throws Exception {
        // Security level 0: OpenSSL 3 will not offer TLS 1.1 otherwise.
        OpenSslClient refused = openSslClient(server, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertTrue(refused.server().failedWith(SSLHandshakeException.class), () -> "the server took TLS 1.1:\n" + refused);
        // the server's protocol_version alert (RFC 8446 §D.2) reached the client: it refused the version
        assertTrue(refused.output().contains("alert protocol version"), refused.output());
        // the same client, at TLS 1.2, is served: the refusal was the version's
        OpenSslClient served = openSslClient(server, "-tls1_2", "-cipher", "DEFAULT@SECLEVEL=0");
        assertTrue(served.server().succeeded(), () -> served.toString());
        assertEquals("TLSv1.2", served.server().session().getProtocol());
    }

    @Test
    void openSslNegotiatesTls13AndAlpn() throws Exception {
        OpenSslClient served = openSslClient(server, "-alpn", "h2,http/1.1");
        assertTrue(served.server().succeeded(), () -> served.toString());
        assertEquals("TLSv1.3", served.server().session().getProtocol());
        assertEquals("http/1.1", served.server().applicationProtocol());
        assertTrue(served.output().contains("ALPN protocol: http/1.1"), served.output());
    }

    @Test
    void aServerOfTls13AloneRefusesTls12() throws Exception {
        TlsContext only13 = TlsContext.create(TlsConfig.builder().certificate(rsa.source()).protocols("TLSv1.3").build());
        Outcome outcome = Transport.ENGINE.handshake(only13, client().protocols("TLSv1.2"));
        assertTrue(outcome.server().failedWith(SSLHandshakeException.class), () -> outcome.toString());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void negotiatesHttp11ByAlpn(Transport transport) throws Exception {
        Outcome outcome = transport.handshake(server, client().alpn("h2", "http/1.1"));
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals("http/1.1", outcome.server().applicationProtocol());
        assertEquals("http/1.1", outcome.client().applicationProtocol());
    }

    @Test
    void aClientWithoutAlpnNegotiatesNone() throws Exception {
        Outcome outcome = Transport.ENGINE.handshake(server, client());
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        assertEquals("", outcome.server().applicationProtocol());
    }

    @Test
    void aClientOfferingOnlyOtherProtocolsIsRefused() throws Exception {
        // RFC 7301 §3.2: no protocol in common is a no_application_protocol alert
        Outcome outcome = Transport.ENGINE.handshake(server, client().alpn("h2"));
        assertTrue(outcome.server().failedWith(SSLHandshakeException.class), () -> outcome.toString());
    }

    @Test
    void theConfiguredAlpnListIsOffered() throws Exception {
        TlsContext h2 = TlsContext.create(TlsConfig.builder().certificate(rsa.source()).applicationProtocols("h2", "http/1.1").build());
        assertEquals(List.of("h2", "http/1.1"), h2.applicationProtocols());
        Outcome outcome = Transport.ENGINE.handshake(h2, client().alpn("http/1.1", "h2"));
        assertEquals("h2", outcome.server().applicationProtocol(), "the server's preference decides");
    }

    @Test
    void usesTheConfiguredSuitesInTheServersOrder() throws Exception {
        TlsContext ordered = TlsContext.create(TlsConfig.builder().certificate(rsa.source())
                .cipherSuites("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384").build());
        // the JDK client prefers AES-256; the server's order puts AES-128 first
        Outcome tls12 = Transport.ENGINE.handshake(ordered, client().protocols("TLSv1.2"));
        assertTrue(tls12.succeeded(), () -> tls12.toString());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", tls12.server().session().getCipherSuite());
        // TLS 1.3's suites were not named, so they stay the JDK's
        Outcome tls13 = Transport.ENGINE.handshake(ordered, client());
        assertTrue(tls13.succeeded(), () -> tls13.toString());
        assertTrue(CipherSuites.isTls13(tls13.server().session().getCipherSuite()));
    }
}
