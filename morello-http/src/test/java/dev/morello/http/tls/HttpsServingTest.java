package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpExchange;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server serving HTTPS: real clients (the JDK's HTTP client, an {@code SSLSocket}, curl,
 * {@code openssl s_client}) against certificates made for the test, the handshake under the
 * header deadline, plain HTTP sent to the TLS port, client certificates, and a reload.
 */
@Timeout(120)
class HttpsServingTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static Leaf server;
    static Path file;
    static byte[] fileBytes;

    private final List<HttpServer> started = new ArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
        server = pki.server("server", KeyType.EC, "server.test", "127.0.0.1");
        fileBytes = new byte[(1 << 20) + 12345];
        new Random(7).nextBytes(fileBytes);
        file = Files.write(dir.resolve("big.bin"), fileBytes);
    }

    @AfterEach
    void stop() {
        started.forEach(s -> s.stop(Duration.ZERO));
    }

    /** Answers: /file the test file; /echo the SHA-256 of the body; anything else what it saw. */
    private static final HttpHandler SITE = exchange -> {
        switch (exchange.path()) {
            case "/file" -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    exchange.sendFile(200, ch, 0, ch.size());
                }
            }
            case "/echo" -> {
                byte[] body = exchange.body().readAllBytes();
                String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
                exchange.send(200, (body.length + " " + digest).getBytes(StandardCharsets.US_ASCII));
            }
            case "/who" -> {
                String who;
                try {
                    who = ((X509Certificate) exchange.tlsSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    who = "nobody";
                }
                exchange.send(200, who.getBytes(StandardCharsets.UTF_8));
            }
            default -> exchange.send(200, describe(exchange).getBytes(StandardCharsets.UTF_8));
        }
    };

    private static String describe(HttpExchange exchange) {
        return exchange.method() + " " + exchange.target() + " secure=" + exchange.secure() + " "
                + exchange.tlsSession().getProtocol();
    }

    private HttpServer start(TlsConfig tls) {
        return start(tls, b -> { });
    }

    private HttpServer start(TlsConfig tls, java.util.function.Consumer<ServerConfig.Builder> more) {
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0).tls(tls);
        more.accept(b);
        HttpServer s = HttpServer.create(b.build(), SITE).start();
        started.add(s);
        return s;
    }

    private static TlsConfig tls() {
        return TlsConfig.builder().certificate(server.source()).build();
    }

    private static HttpClient client() throws Exception {
        SSLContext context = Handshakes.Client.trusting(pki.rootCertificate).context();
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** An https URI naming server.test that still reaches the test's port (no resolver needed). */
    private static HttpRequest.Builder request(HttpServer s, String path, HttpClient unused) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port() + path)).timeout(Duration.ofSeconds(30));
    }

    @Test
    void theJdkClientGetsPagesOverOneConnection() throws Exception {
        HttpServer s = start(tls());
        HttpClient c = client();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = c.send(request(s, "/page/" + i, c).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().startsWith("GET /page/" + i + " secure=true TLSv1."), r.body());
        }
        assertEquals(1, s.connectionCount(), "the client kept its one connection");
    }

    @Test
    void theClientRefusesACertificateForAnotherName() throws Exception {
        Leaf other = pki.server("other", KeyType.EC, "other.test");
        HttpServer s = start(TlsConfig.builder().certificate(other.source()).build());
        HttpClient c = client(); // checks that the certificate names 127.0.0.1: it names other.test
        IOException e = assertThrows(IOException.class,
                () -> c.send(request(s, "/", c).build(), HttpResponse.BodyHandlers.ofString()));
        assertTrue(e instanceof SSLHandshakeException || e.getCause() instanceof javax.net.ssl.SSLException, e.toString());
        // and the server goes on serving
        try (SSLSocket socket = connect(s, "other.test")) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200 OK"));
        }
    }

    @Test
    void aLargeBodyArrivesWhole() throws Exception {
        HttpServer s = start(tls());
        HttpClient c = client();
        HttpResponse<String> r = c.send(request(s, "/echo", c).POST(HttpRequest.BodyPublishers.ofByteArray(fileBytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fileBytes));
        assertEquals(fileBytes.length + " " + digest, r.body());
    }

    @Test
    void aFileIsSentWhole() throws Exception {
        HttpServer s = start(tls());
        HttpClient c = client();
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = c.send(request(s, "/file", c).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertArrayEquals(fileBytes, r.body());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        HttpServer s = start(tls());
        try (SSLSocket socket = connect(s, "server.test")) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /1 HTTP/1.1\r\nHost: server.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: server.test\r\n\r\n"
                    + "GET /3 HTTP/1.1\r\nHost: server.test\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int one = all.indexOf("GET /1 secure=true");
            int two = all.indexOf("GET /2 secure=true");
            int three = all.indexOf("GET /3 secure=true");
            assertTrue(one > 0 && two > one && three > two, all);
        }
    }

    @Test
    void theSocketClientChecksTheHostNameAndItMatches() throws Exception {
        HttpServer s = start(tls());
        try (SSLSocket socket = connect(s, "server.test")) {
            socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: server.test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply);
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsAPlainTextAnswer() throws Exception {
        HttpServer s = start(tls());
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: server.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request\r\n"), reply);
            assertTrue(reply.endsWith("\r\n\r\nThe plain HTTP request was sent to HTTPS port"), reply);
        }
        // the server goes on serving TLS
        HttpClient c = client();
        assertEquals(200, c.send(request(s, "/", c).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void garbageInsteadOfAHandshakeIsClosed() throws Exception {
        HttpServer s = start(tls());
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void aClientThatNeverSendsItsHelloIsClosedAtTheHeaderTimeout() throws Exception {
        HttpServer s = start(tls(), b -> b.headerTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofHours(1)));
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            // the idle timeout is an hour: only the header timeout can end this before the read's own
            socket.setSoTimeout(20_000);
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void aHandshakeThatStopsHalfwayIsClosedAtTheHeaderTimeout() throws Exception {
        HttpServer s = start(tls(), b -> b.headerTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofHours(1))
                .idleTimeout(Duration.ofHours(1)));
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(20_000);
            // a handshake record's header announcing 512 bytes, and only a few of them
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});
            assertEquals(-1, socket.getInputStream().read());
        }
    }

    @Test
    void aClientCertificateIsRequiredAndReachesTheHandler() throws Exception {
        HttpServer s = start(TlsConfig.builder().certificate(server.source()).clientAuth(ClientAuth.NEED)
                .trust(TrustSource.pem(pki.rootCertificate)).build());
        Path store = pki.client("alice");
        SSLContext withCertificate = Handshakes.Client.trusting(pki.rootCertificate).certificate(store).context();
        try (SSLSocket socket = connect(s, "server.test", withCertificate)) {
            socket.getOutputStream().write("GET /who HTTP/1.1\r\nHost: server.test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.endsWith("\r\n\r\nCN=alice"), reply);
        }
        // without one, no request is served; in TLS 1.3 the client learns it after its Finished,
        // so the server's alert and close may come before the request is written (a broken pipe)
        try (SSLSocket socket = connect(s, "server.test")) {
            IOException e = assertThrows(IOException.class, () -> {
                socket.getOutputStream().write("GET /who HTTP/1.1\r\nHost: server.test\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] got = socket.getInputStream().readAllBytes();
                if (got.length == 0) {
                    throw new IOException("closed without an answer");
                }
            });
            assertTrue(e instanceof javax.net.ssl.SSLException || e instanceof SocketException
                    || e.getMessage().contains("closed"), e.toString());
        }
    }

    @Test
    void aReloadServesTheNewCertificateToNewConnectionsOnly() throws Exception {
        Path key = dir.resolve("live.key");
        Path cert = dir.resolve("live.pem");
        Leaf first = pki.server("first", KeyType.EC, "server.test");
        Files.copy(first.key(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(first.certificate(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        HttpServer s = start(TlsConfig.builder().certificate(KeySource.pem(cert, key).withChain(first.chain())).build());
        try (SSLSocket before = connect(s, "server.test")) {
            X509Certificate old = (X509Certificate) before.getSession().getPeerCertificates()[0];
            Leaf second = pki.server("second", KeyType.RSA, "server.test");
            Files.copy(second.key(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(second.certificate(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            s.reloadTls();
            try (SSLSocket after = connect(s, "server.test")) {
                X509Certificate fresh = (X509Certificate) after.getSession().getPeerCertificates()[0];
                assertTrue(!fresh.getSerialNumber().equals(old.getSerialNumber()), "the new certificate is served");
                assertEquals("RSA", fresh.getPublicKey().getAlgorithm());
            }
            // the connection opened before goes on with the old keys
            before.getOutputStream().write("GET /still HTTP/1.1\r\nHost: server.test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(before.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.contains("GET /still secure=true"), reply);
        }
        // a broken file now: the reload fails, naming it, and the server keeps the keys it has
        Files.writeString(key, "not a key");
        TlsConfigException e = assertThrows(TlsConfigException.class, s::reloadTls);
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        try (SSLSocket still = connect(s, "server.test")) {
            assertEquals("RSA", still.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm());
        }
    }

    @Test
    void keysThatCannotBeLoadedRefuseToStartNamingTheFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0)
                .tls(TlsConfig.builder().certificate(KeySource.pem(server.certificate(), bad)).build()).build();
        HttpServer s = HttpServer.create(config, SITE);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::start);
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    @Test
    void curlGetsPagesOverOneConnection() throws Exception {
        HttpServer s = start(tls());
        String base = "https://server.test:" + s.port();
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "30", "--cacert", pki.rootCertificate.toString(),
                "--resolve", "server.test:" + s.port() + ":127.0.0.1", "-w", "\\n%{http_code} %{num_connects}\\n",
                base + "/a", base + "/b").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("GET /a secure=true TLSv1.3\n200 1\n"), out);
        assertTrue(out.contains("GET /b secure=true TLSv1.3\n200 0\n"), "the second request reuses the connection: " + out);
    }

    @Test
    void opensslSClientIsServed() throws Exception {
        for (String version : List.of("-tls1_2", "-tls1_3")) {
            HttpServer s = start(tls());
            Process p = new ProcessBuilder(TestPki.opensslBinary().toString(), "s_client", version, "-quiet",
                    "-connect", "127.0.0.1:" + s.port(), "-servername", "server.test",
                    "-CAfile", pki.rootCertificate.toString(), "-verify_return_error")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().write("GET /o HTTP/1.1\r\nHost: server.test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            p.getOutputStream().close();
            String expected = "GET /o secure=true " + (version.equals("-tls1_2") ? "TLSv1.2" : "TLSv1.3");
            assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n") && out.endsWith(expected), version + ": " + out);
        }
    }

    @Test
    void tlsOverAUnixSocketIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().unixSocket(dir.resolve("s.sock")).tls(tls()).build());
        assertTrue(e.getMessage().contains("Unix domain socket"), e.getMessage());
    }

    private static SSLSocket connect(HttpServer s, String name) throws Exception {
        return connect(s, name, Handshakes.Client.trusting(pki.rootCertificate).context());
    }

    private static SSLSocket connect(HttpServer s, String name, SSLContext context) throws Exception {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 10_000);
        socket.setSoTimeout(20_000);
        SSLParameters p = socket.getSSLParameters();
        p.setServerNames(List.of(new javax.net.ssl.SNIHostName(name)));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(p);
        socket.startHandshake();
        return socket;
    }
}
