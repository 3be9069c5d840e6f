package dev.morello.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS lines' servers (Morello's raw server, Jetty and Netty) over HTTPS with the same key
 * store: the plaintext endpoint, and a 1 MiB file of the static directory coming back whole.
 */
@Timeout(60)
class TlsBenchServersTest {
    @TempDir
    static Path dir;

    static BenchTls tls;
    static Path staticDir;
    static byte[] file;

    @BeforeAll
    static void keysAndFiles() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path store = dir.resolve("bench.p12");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "3", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1");
        run("openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-passout", "pass:bench",
                "-out", store.toString());
        tls = new BenchTls(store, "bench");
        staticDir = Files.createDirectories(dir.resolve("static"));
        file = new byte[1 << 20];
        new Random(3).nextBytes(file);
        Files.write(staticDir.resolve("static-1m.bin"), file);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, List.of(command) + ": " + out);
    }

    private static BenchServer server(String name) {
        return switch (name) {
            case "morello" -> new MorelloServer(tls, staticDir);
            case "jetty" -> new JettyServer(staticDir, tls);
            case "netty" -> new NettyServer(tls, staticDir);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bench", (X509Certificate) tls.load().getCertificate(tls.load().aliases().nextElement()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"morello", "jetty", "netty"})
    void servesPlaintextAndAWholeFileOverTls(String name) throws Exception {
        FreePorts.Started started = FreePorts.start(() -> server(name));
        int port = started.port();
        try (BenchServer server = started.server()) {
            HttpClient c = client();
            HttpResponse<String> plain = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/plaintext"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, plain.statusCode());
            assertEquals("Hello, World!", plain.body());
            for (int i = 0; i < 2; i++) {
                HttpResponse<byte[]> big = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/static/static-1m.bin"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, big.statusCode(), name);
                assertArrayEquals(file, big.body(), name + ": the file comes back whole");
            }
        }
    }
}
