package dev.morello.http.testing;

import dev.morello.http.tls.KeySource;
import dev.morello.http.tls.TlsConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made by the
 * installed {@code openssl} the first time a test asks for it and shared by every test of the
 * JVM: the servers that {@link TestServers} starts over TLS present it, and the clients it
 * connects trust it and nothing else.
 *
 * <pre>{@code
 * ServerConfig.builder().tls(TestCertificate.get().serverTls());
 * RawClient.connect(address, TestCertificate.get().clientContext());
 * }</pre>
 *
 * <p>OpenSSL runs with a configuration of its own ({@code OPENSSL_CONF}), so the system's does
 * not change what it makes. The certificate is valid from now for a few days; its files live in
 * a temporary directory removed when the JVM exits.
 */
public final class TestCertificate {
    /** A leaf certificate: signing only, for a server, naming both ways a test reaches it. */
    private static final String OPENSSL_CNF = """
            [req]
            distinguished_name = dn
            prompt = no
            x509_extensions = leaf
            [dn]
            CN = localhost
            [leaf]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:localhost,IP:127.0.0.1
            """;

    private final Path certificate;
    private final Path key;
    private final SSLContext clientContext;

    private TestCertificate(Path certificate, Path key, SSLContext clientContext) {
        this.certificate = certificate;
        this.key = key;
        this.clientContext = clientContext;
    }

    /** Made on first use, by whichever test needs it first. */
    private static final class Holder {
        static final TestCertificate INSTANCE = make();
    }

    /** The JVM's test certificate, made now if no test has asked for it yet. */
    public static TestCertificate get() {
        return Holder.INSTANCE;
    }

    /** A server's TLS configuration presenting the certificate. */
    public TlsConfig serverTls() {
        return TlsConfig.builder().certificate(KeySource.pem(certificate, key)).build();
    }

    /** A client context that trusts this certificate alone. */
    public SSLContext clientContext() {
        return clientContext;
    }

    private static TestCertificate make() {
        try {
            Path dir = Files.createTempDirectory("morello-test-tls-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            Path config = Files.writeString(dir.resolve("openssl.cnf"), OPENSSL_CNF);
            Path key = dir.resolve("localhost.key");
            Path certificate = dir.resolve("localhost.pem");
            openssl(dir, config, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-config", config.toString(), "-days", "3", "-keyout", key.toString(), "-out", certificate.toString());
            return new TestCertificate(certificate, key, trusting(certificate));
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError("cannot make the test certificate", e);
        }
    }

    private static SSLContext trusting(Path certificate) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("localhost", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void openssl(Path dir, Path config, String... args) throws IOException {
        List<String> command = Stream.concat(Stream.of(opensslBinary().toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("OPENSSL_CONF", config.toString());
        builder.environment().put("LC_ALL", "C");
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("openssl did not finish: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while openssl ran", e);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n" + output);
        }
    }

    /** The openssl on the PATH; without one the TLS runs fail, saying what to install. */
    public static Path opensslBinary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                Path candidate = Path.of(d.isEmpty() ? "." : d, "openssl");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("the tests over TLS make their certificate with the openssl command, which is not on"
                + " the PATH: install it (Debian: apt-get install openssl)");
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind: nothing else to do at exit
        }
    }
}
