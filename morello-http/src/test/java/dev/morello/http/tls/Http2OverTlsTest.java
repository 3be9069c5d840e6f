package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9113 §3.2: {@code h2} chosen by ALPN (RFC 7301) over TLS when the setting is on, with the
 * JDK's HTTP/2 client and curl; {@code http/1.1} still chosen by clients that offer only it, and
 * no {@code h2} offered when the setting is off.
 */
@Timeout(120)
class Http2OverTlsTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static Leaf server;

    private final List<HttpServer> started = new ArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
        server = pki.server("server", KeyType.EC, "server.test", "127.0.0.1");
    }

    @AfterEach
    void stop() {
        started.forEach(s -> s.stop(Duration.ZERO));
    }

    private static final HttpHandler SITE = ex -> {
        byte[] body = ex.body().readAllBytes();
        String text = ex.method() + " " + ex.target() + " " + ex.version() + " secure=" + ex.secure() + " body=" + body.length;
        ex.send(200, text.getBytes(StandardCharsets.UTF_8));
    };

    private HttpServer start(boolean http2) {
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).http2(http2)
                .tls(TlsConfig.builder().certificate(server.source()).build()).build();
        HttpServer s = HttpServer.create(config, SITE).start();
        started.add(s);
        return s;
    }

    private static HttpClient client() throws Exception {
        SSLContext context = Handshakes.Client.trusting(pki.rootCertificate).context();
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_2).build();
    }

    private static HttpRequest.Builder request(HttpServer s, String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port() + path)).timeout(Duration.ofSeconds(30));
    }

    @Test
    void theJdkClientSpeaksHttp2ByAlpn() throws Exception {
        HttpServer s = start(true);
        HttpClient c = client();
        HttpResponse<String> r = c.send(request(s, "/a?b=1").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals("GET /a?b=1 HTTP/2.0 secure=true body=0", r.body());
    }

    @Test
    void theJdkClientMultiplexesRequestsOnOneConnection() throws Exception {
        HttpServer s = start(true);
        HttpClient c = client();
        byte[] upload = new byte[3 << 20];
        new Random(11).nextBytes(upload);
        // one request first: requests sent together before any connection exists may each open one
        assertEquals(HttpClient.Version.HTTP_2, c.send(request(s, "/first").build(), HttpResponse.BodyHandlers.ofString()).version());
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpRequest.Builder b = request(s, "/n/" + i);
            if (i % 5 == 0) {
                b.POST(HttpRequest.BodyPublishers.ofByteArray(upload));
            }
            all.add(c.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = all.get(i).get(60, TimeUnit.SECONDS);
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            String method = i % 5 == 0 ? "POST" : "GET";
            assertEquals(method + " /n/" + i + " HTTP/2.0 secure=true body=" + (i % 5 == 0 ? upload.length : 0), r.body());
        }
        assertEquals(1, s.connectionCount(), "one connection carried every stream");
    }

    @Test
    void aLargeResponseArrivesWhole() throws Exception {
        byte[] big = new byte[(2 << 20) + 7];
        new Random(5).nextBytes(big);
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).http2(true)
                .tls(TlsConfig.builder().certificate(server.source()).build()).build();
        HttpServer s = HttpServer.create(config, ex -> ex.send(200, big)).start();
        started.add(s);
        HttpResponse<byte[]> r = client().send(request(s, "/").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertArrayEquals(big, r.body());
    }

    @Test
    void aClientOfferingOnlyHttp11IsServedHttp11() throws Exception {
        HttpServer s = start(true);
        assertEquals("http/1.1", negotiate(s, "http/1.1"));
    }

    @Test
    void withoutTheSettingH2IsNotChosen() throws Exception {
        HttpServer s = start(false);
        HttpResponse<String> r = client().send(request(s, "/").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals("GET / HTTP/1.1 secure=true body=0", r.body());
    }

    @Test
    void curlSpeaksHttp2ByAlpn() throws Exception {
        HttpServer s = start(true);
        String base = "https://server.test:" + s.port();
        Process p = new ProcessBuilder("curl", "-sS", "--http2", "--max-time", "30", "--cacert", pki.rootCertificate.toString(),
                "--resolve", "server.test:" + s.port() + ":127.0.0.1", "-w", "\\n%{http_version}\\n", base + "/c")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("GET /c HTTP/2.0 secure=true body=0\n2\n", out);
    }

    /** The protocol ALPN picks when a client offers {@code offered}. */
    private static String negotiate(HttpServer s, String... offered) throws Exception {
        SSLContext context = Handshakes.Client.trusting(pki.rootCertificate).context();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", s.port())) {
            SSLParameters p = socket.getSSLParameters();
            p.setApplicationProtocols(offered);
            socket.setSSLParameters(p);
            socket.startHandshake();
            return socket.getApplicationProtocol();
        }
    }
}
