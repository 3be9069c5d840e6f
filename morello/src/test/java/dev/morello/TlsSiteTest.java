package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.ChannelFailures;
import dev.morello.engine.Refusal;
import dev.morello.testing.Site;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site served over HTTPS by CherryPy's {@code server.ssl_*} keys: a CherryPy config file
 * loads unchanged, the request knows it came over TLS (scheme, base, URLs, the client's
 * certificate as CherryPy's {@code SSL_CLIENT_*} entries), HTTP and HTTPS serve side by side,
 * {@code https_redirect} and {@code hsts} work, and TLS settings that cannot be served stop the
 * start. Keys and certificates are made by {@code openssl} for each run.
 */
@Timeout(120)
class TlsSiteTest {
    @TempDir
    static Path dir;

    static Path cert;
    static Path key;
    static Path clientStore;
    static Path clientCert;

    public static class Root {
        @Expose
        public String index() {
            Request r = Morello.request();
            return r.scheme() + " " + r.base() + " " + Morello.url("x");
        }

        @Expose
        public String proto() {
            Request r = Morello.request();
            return r.protocol().text() + " " + r.scheme() + " " + r.requestLine();
        }

        @Expose
        public String who() {
            Map<String, String> env = Morello.request().tlsEnviron();
            return env.get("HTTPS") + " " + env.get("SSL_CLIENT_VERIFY") + " " + env.get("SSL_CLIENT_S_DN");
        }

        @Expose
        public String count() {
            dev.morello.sessions.Session s = Morello.session();
            int n = s.getInt("n", 0) + 1;
            s.put("n", n);
            return Integer.toString(n);
        }
    }

    @BeforeAll
    static void makeKeys() throws Exception {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("privkey.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "3", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Path clientKey = dir.resolve("client.key");
        clientCert = dir.resolve("client.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", clientKey.toString(),
                "-out", clientCert.toString(), "-days", "3", "-subj", "/CN=alice",
                "-addext", "extendedKeyUsage=clientAuth");
        clientStore = dir.resolve("client.p12");
        openssl("pkcs12", "-export", "-inkey", clientKey.toString(), "-in", clientCert.toString(), "-passout", "pass:secret",
                "-out", clientStore.toString());
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + command + ": " + out);
    }

    @AfterEach
    void stop() {
        Site.stop();
        Morello.reset();
    }

    private static HttpClient client(boolean withCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("site", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientStore)) {
                ks.load(in, "secret".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "secret".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient c, String url) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** CherryPy's own example (its deployment guide), as a config file, with this run's files. */
    private static String cherryPyTlsConfig() {
        return """
                [global]
                server.socket_host = "127.0.0.1"
                server.socket_port = 0
                server.ssl_module = 'builtin'
                server.ssl_certificate = "%s"
                server.ssl_private_key = "%s"
                """.formatted(cert, key);
    }

    @Test
    void cherryPysTlsConfigLoadsUnchangedAndTheSiteKnowsItIsHttps() throws Exception {
        Site.start(() -> {
            Morello.config().update(new StringReader(cherryPyTlsConfig()), "site.conf");
            Morello.tree().mount(new Root());
        });
        int port = Site.port();
        assertTrue(Morello.server().base().startsWith("https://"), Morello.server().base());
        HttpResponse<String> r = get(client(false), "https://127.0.0.1:" + port + "/");
        assertEquals(200, r.statusCode());
        assertEquals("https https://127.0.0.1:" + port + " https://127.0.0.1:" + port + "/x", r.body());
        HttpResponse<String> who = get(client(false), "https://127.0.0.1:" + port + "/who");
        assertEquals("on NONE null", who.body());
    }

    @Test
    void httpAndHttpsServeTogetherAndRedirectAndHstsWork() throws Exception {
        Site.start(() -> {
            Morello.config().update(new StringReader("""
                    [global]
                    server.https.socket_host = "127.0.0.1"
                    server.https.socket_port = 0
                    server.https.ssl_certificate = "%s"
                    server.https.ssl_private_key = "%s"
                    """.formatted(cert, key)), "site.conf");
            Morello.tree().mount(new Root(), "", Map.of("/", Map.of("tools.hsts.on", true),
                    "/secure", Map.of("tools.https_redirect.on", true, "tools.https_redirect.port", 8443)));
        });
        int http = Site.port();
        int https = Morello.server("https").port();
        assertTrue(https > 0 && https != http);
        HttpClient c = client(false);
        HttpResponse<String> plain = get(c, "http://127.0.0.1:" + http + "/");
        assertEquals("http http://127.0.0.1:" + http + " http://127.0.0.1:" + http + "/x", plain.body());
        assertTrue(plain.headers().firstValue("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP (RFC 6797 §7.2)");
        HttpResponse<String> secure = get(c, "https://127.0.0.1:" + https + "/");
        assertEquals("https https://127.0.0.1:" + https + " https://127.0.0.1:" + https + "/x", secure.body());
        assertEquals("max-age=31536000", secure.headers().firstValue("Strict-Transport-Security").orElse(null));
        HttpResponse<String> moved = get(c, "http://127.0.0.1:" + http + "/secure/page?q=1");
        assertEquals(301, moved.statusCode());
        assertEquals("https://127.0.0.1:8443/secure/page?q=1", moved.headers().firstValue("Location").orElse(null));
        HttpResponse<String> posted = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/secure/x"))
                .POST(HttpRequest.BodyPublishers.ofString("a=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(308, posted.statusCode(), "a POST keeps its method and body");
        // over HTTPS the same path is served, not redirected
        assertEquals(404, get(c, "https://127.0.0.1:" + https + "/secure/page").statusCode());
    }

    @Test
    void secureSessionCookiesWorkOverHttps() throws Exception {
        Site.start(() -> {
            Morello.config().update(new StringReader(cherryPyTlsConfig()), "site.conf");
            Morello.tree().mount(new Root(), "", Map.of("/", Map.of("tools.sessions.on", true, "tools.sessions.secure", true)));
        });
        HttpClient c = client(false);
        String url = "https://127.0.0.1:" + Site.port() + "/count";
        HttpResponse<String> first = get(c, url);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("Secure"), cookie);
        HttpResponse<String> second = c.send(HttpRequest.newBuilder(URI.create(url))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("2", second.body());
    }

    @Test
    void aClientCertificateReachesTheRequestAsCherryPysEnvironEntries() throws Exception {
        Site.start(() -> {
            Morello.config().update(new StringReader(cherryPyTlsConfig() + """
                    server.ssl_client_auth = "want"
                    server.ssl_client_ca = "%s"
                    """.formatted(clientCert)), "site.conf");
            Morello.tree().mount(new Root());
        });
        String url = "https://127.0.0.1:" + Site.port() + "/who";
        assertEquals("on SUCCESS CN=alice", get(client(true), url).body());
        assertEquals("on NONE null", get(client(false), url).body(), "want: a client without one is served too");
    }

    @Test
    void aKeyStoreServesToo() throws Exception {
        Path store = dir.resolve("server.p12");
        if (!Files.exists(store)) {
            openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-passout", "pass:store-pass",
                    "-out", store.toString());
        }
        Site.start(() -> {
            Morello.config().update(Map.of("server.ssl_keystore", store.toString(), "server.ssl_keystore_password", "store-pass"));
            Morello.tree().mount(new Root());
        });
        assertEquals(200, get(client(false), "https://127.0.0.1:" + Site.port() + "/").statusCode());
    }

    @Test
    void theLauncherServesHttpAndHttpsTogether() throws Exception {
        Path conf = dir.resolve("morellod.conf");
        Files.writeString(conf, """
                [global]
                server.socket_host = '127.0.0.1'
                server.socket_port = 0
                server.https.socket_host = '127.0.0.1'
                server.https.socket_port = 0
                server.https.ssl_module = 'builtin'
                server.https.ssl_certificate = "%s"
                server.https.ssl_private_key = "%s"
                """.formatted(cert, key));
        Morellod.prepare(new String[] {"-c", conf.toString(), "-i", Root.class.getName()});
        Morello.engine().start();
        try {
            HttpClient c = client(false);
            int http = Morello.server().port();
            int https = Morello.server("https").port();
            assertTrue(get(c, "http://127.0.0.1:" + http + "/").body().startsWith("http http://"));
            assertTrue(get(c, "https://127.0.0.1:" + https + "/").body().startsWith("https https://"));
        } finally {
            Morello.engine().exit();
        }
    }

    @Test
    void renewedKeysAreServedAfterGracefulAndWhenTheFilesChange() throws Exception {
        Path liveKey = dir.resolve("live.key");
        Path liveCert = dir.resolve("live.pem");
        Files.copy(key, liveKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(cert, liveCert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Site.start(() -> {
            Morello.config().update(Map.of("server.ssl_certificate", liveCert.toString(), "server.ssl_private_key", liveKey.toString()));
            Morello.tree().mount(new Root());
        });
        int port = Site.port();
        java.math.BigInteger first = servedSerial(port);
        // a renewal: a new key and certificate in the same files
        Path newKey = dir.resolve("renewed.key");
        Path newCert = dir.resolve("renewed.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", newKey.toString(),
                "-out", newCert.toString(), "-days", "3", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Files.copy(newKey, liveKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(newCert, liveCert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Morello.engine().graceful();
        java.math.BigInteger second = servedSerial(port);
        assertTrue(!second.equals(first), "graceful reloaded the keys");
        // and again by the file watch on the engine's main loop, without graceful
        Files.copy(key, liveKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(cert, liveCert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(liveCert, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(liveCert).toMillis() + 10_000));
        java.math.BigInteger third = second;
        for (int i = 0; i < 300 && third.equals(second); i++) {
            Morello.engine().publish(dev.morello.engine.Bus.MAIN);
            Thread.sleep(100);
            third = servedSerial(port);
        }
        assertEquals(first, third, "the file watch reloaded the keys");
    }

    /** The serial number of the certificate a new connection is served. */
    private static java.math.BigInteger servedSerial(int port) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                // this probe only reads which certificate is served
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    @Test
    void http2IsSpokenWhenSwitchedOnOverTlsAndInPlainText() throws Exception {
        Site.start(() -> {
            Morello.config().update(new StringReader(cherryPyTlsConfig() + """
                    server.http2 = True
                    server.plain.socket_host = "127.0.0.1"
                    server.plain.socket_port = 0
                    server.plain.http2 = True
                    """), "site.conf");
            Morello.tree().mount(new Root());
        });
        // h2 by ALPN: the JDK client asks for HTTP/2 and gets it
        HttpClient h2 = HttpClient.newBuilder().sslContext(tlsContextTrustingTheSite()).version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get(h2, "https://127.0.0.1:" + Site.port() + "/proto");
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals("HTTP/2.0 https GET /proto HTTP/2.0", r.body());
        }
        // h2c by prior knowledge, from curl, on the plain server
        int plain = Morello.server("plain").port();
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "30", "--http2-prior-knowledge",
                "http://127.0.0.1:" + plain + "/proto").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("HTTP/2.0 http GET /proto HTTP/2.0", out);
        // and HTTP/1.1 is still served there
        assertEquals("HTTP/1.1 http GET /proto HTTP/1.1", get(client(false), "http://127.0.0.1:" + plain + "/proto").body());
    }

    private static SSLContext tlsContextTrustingTheSite() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("site", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void anotherSslModuleStopsTheStart() {
        IllegalArgumentException e = refused(Map.of("server.ssl_module", "pyopenssl", "server.ssl_certificate", cert.toString(),
                "server.ssl_private_key", key.toString()), IllegalArgumentException.class);
        assertTrue(e.getMessage().contains("server.ssl_module is 'pyopenssl'"), e.getMessage());
    }

    @Test
    void aPrivateKeyWithoutACertificateStopsTheStart() {
        IllegalArgumentException e = refused(Map.of("server.ssl_private_key", key.toString()), IllegalArgumentException.class);
        assertTrue(e.getMessage().contains("server.ssl_private_key is set without a certificate"), e.getMessage());
    }

    @Test
    void clientAuthWithoutAuthoritiesStopsTheStart() {
        IllegalArgumentException e = refused(Map.of("server.ssl_certificate", cert.toString(), "server.ssl_private_key",
                key.toString(), "server.ssl_client_auth", "need"), IllegalArgumentException.class);
        assertTrue(e.getMessage().contains("server.ssl_client_ca"), e.getMessage());
    }

    @Test
    void aKeyFileThatDoesNotLoadStopsTheStartNamingIt() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.key"), "not a key\n");
        Refusal r = refused(Map.of("server.ssl_certificate", cert.toString(), "server.ssl_private_key", broken.toString()),
                Refusal.class);
        assertTrue(r.getMessage().contains(broken.toString()), r.getMessage());
        assertNull(Morello.server().httpServer(), "nothing serves in clear text instead");
    }

    private static <T extends Throwable> T refused(Map<String, Object> settings, Class<T> type) {
        ChannelFailures failed = assertThrows(ChannelFailures.class, () -> Site.start(() -> {
            Morello.config().update(settings);
            Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
            Morello.tree().mount(new Root());
        }));
        Throwable last = failed.failures().get(failed.failures().size() - 1);
        if (type.isInstance(last)) {
            return type.cast(last);
        }
        Throwable cause = last;
        while (cause != null && !type.isInstance(cause)) {
            cause = cause.getCause();
        }
        return assertInstanceOf(type, cause == null ? last : cause, () -> failed.toString());
    }
}
