package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real keys and certificates for the TLS tests, made by the installed {@code openssl} and the
 * running JDK's {@code keytool} in a temporary directory: a root CA, an intermediate CA it signed,
 * and server and client certificates the intermediate (or the root) signed. Every certificate is
 * valid from now for a few days, except those made expired on purpose; nothing depends on the
 * date, the time zone or the locale.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(dir);
 * TestPki.Leaf a = pki.server("a", KeyType.RSA, "a.test");   // a.key (PKCS#8), a.pem, chain: intermediate
 * }</pre>
 *
 * <p>OpenSSL runs with a configuration of its own ({@code OPENSSL_CONF}), so that the system's
 * (its security level, its default extensions) does not change what it makes.
 */
final class TestPki {
    /** What a test password is; no message may ever hold it. */
    static final String PASSWORD = "Tr0ub4dor-and-3";

    private static final String OPENSSL_CNF = """
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = placeholder
            [root]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            """;

    enum KeyType {
        RSA("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"),
        EC("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"),
        ED25519("-algorithm", "ED25519");

        private final String[] genpkey;

        KeyType(String... genpkey) {
            this.genpkey = genpkey;
        }
    }

    /** A certificate (alone in its file), its key (PKCS#8) and the file of the chain above it. */
    record Leaf(String name, Path key, Path certificate, Path chain) {
        /** The certificate file followed by the chain, in one file. */
        Path certificateWithChain() throws IOException {
            Path both = certificate.resolveSibling(name + "-fullchain.pem");
            if (!Files.exists(both)) {
                Files.writeString(both, Files.readString(certificate) + Files.readString(chain));
            }
            return both;
        }

        KeySource.PemFiles source() {
            return KeySource.pem(certificate, key).withChain(chain);
        }
    }

    private final Path dir;
    private final Path config;
    private final SecureRandom random = new SecureRandom();
    final Path rootKey;
    final Path rootCertificate;
    final Path intermediateKey;
    final Path intermediateCertificate;

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("openssl.cnf");
        Files.writeString(config, OPENSSL_CNF);
        this.rootKey = dir.resolve("root.key");
        this.rootCertificate = dir.resolve("root.pem");
        this.intermediateKey = dir.resolve("intermediate.key");
        this.intermediateCertificate = dir.resolve("intermediate.pem");
    }

    /** A root CA and an intermediate CA in {@code dir}. */
    static TestPki create(Path dir) throws IOException {
        TestPki pki = new TestPki(dir);
        pki.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pki.rootKey.toString());
        pki.openssl("req", "-config", pki.config.toString(), "-x509", "-new", "-key", pki.rootKey.toString(),
                "-subj", "/CN=Morello Test Root", "-extensions", "root", "-days", "3",
                "-out", pki.rootCertificate.toString());
        pki.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pki.intermediateKey.toString());
        pki.sign("intermediate", pki.intermediateKey, "/CN=Morello Test Intermediate", pki.rootCertificate, pki.rootKey,
                pki.intermediateCertificate, """
                        basicConstraints = critical,CA:TRUE,pathlen:0
                        keyUsage = critical,keyCertSign,cRLSign
                        subjectKeyIdentifier = hash
                        authorityKeyIdentifier = keyid
                        """);
        return pki;
    }

    /** A new key of that type, PKCS#8 in PEM. */
    Path key(String name, KeyType type) {
        Path key = dir.resolve(name + ".key");
        List<String> args = new ArrayList<>(List.of("genpkey"));
        args.addAll(List.of(type.genpkey));
        args.addAll(List.of("-out", key.toString()));
        openssl(args.toArray(String[]::new));
        return key;
    }

    /** A server certificate for the DNS names, signed by the intermediate CA. */
    Leaf server(String name, KeyType type, String... dnsNames) {
        return server(name, key(name, type), dnsNames);
    }

    /** A server certificate of an existing key. */
    Leaf server(String name, Path key, String... dnsNames) {
        Path certificate = dir.resolve(name + ".pem");
        sign(name, key, "/CN=" + (dnsNames.length > 0 ? dnsNames[0] : name), intermediateCertificate, intermediateKey,
                certificate, leafExtensions("serverAuth", dnsNames));
        return new Leaf(name, key, certificate, intermediateCertificate);
    }

    /** A client certificate signed by the root CA, and a PKCS#12 store of it for a client. */
    Path client(String name) {
        Path key = key(name, KeyType.EC);
        Path certificate = dir.resolve(name + ".pem");
        sign(name, key, "/CN=" + name, rootCertificate, rootKey, certificate, leafExtensions("clientAuth"));
        return pkcs12(name, key, certificate, null);
    }

    /** A self-signed certificate, signed by nobody the tests trust. */
    Leaf selfSigned(String name, KeyType type, String... dnsNames) {
        Path key = key(name, type);
        Path certificate = dir.resolve(name + ".pem");
        // openssl req takes extensions from its configuration only (-extfile came in OpenSSL 3.2)
        Path withExtensions = write(name + ".cnf", OPENSSL_CNF + "[ext]\n" + leafExtensions("serverAuth clientAuth", dnsNames));
        openssl("req", "-config", withExtensions.toString(), "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name,
                "-days", "3", "-extensions", "ext", "-out", certificate.toString());
        return new Leaf(name, key, certificate, null);
    }

    /** A PKCS#12 store of a key and its certificate (and chain), as {@code openssl pkcs12 -export} writes it. */
    Path pkcs12(String name, Path key, Path certificate, Path chain) {
        Path store = dir.resolve(name + ".p12");
        List<String> args = new ArrayList<>(List.of("pkcs12", "-export", "-inkey", key.toString(), "-in", certificate.toString(),
                "-name", name, "-passout", "pass:" + PASSWORD, "-out", store.toString()));
        if (chain != null) {
            args.addAll(List.of("-certfile", chain.toString()));
        }
        openssl(args.toArray(String[]::new));
        return store;
    }

    /**
     * A certificate that expired: valid from ten days ago for five days, signed by the root CA
     * with keytool's relative start date (OpenSSL before 3.4 has no {@code -not_before}). A
     * server certificate for {@code dnsName}, or a client certificate.
     */
    Leaf expired(String name, String dnsName, boolean client) {
        Path key = key(name, KeyType.EC);
        Path request = dir.resolve(name + ".csr");
        openssl("req", "-config", config.toString(), "-new", "-key", key.toString(), "-subj", "/CN=" + dnsName,
                "-out", request.toString());
        Path caStore = dir.resolve("root-ca.p12");
        if (!Files.exists(caStore)) {
            pkcs12("root-ca", rootKey, rootCertificate, null);
        }
        Path certificate = dir.resolve(name + ".pem");
        keytool("-gencert", "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-alias", "root-ca", "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc",
                "-startdate", "-10d", "-validity", "5", "-ext", "SAN=dns:" + dnsName,
                "-ext", "EKU=" + (client ? "clientAuth" : "serverAuth"), "-ext", "KU=digitalSignature");
        return new Leaf(name, key, certificate, null);
    }

    private void sign(String name, Path key, String subject, Path caCertificate, Path caKey, Path out, String extensions) {
        Path request = dir.resolve(name + ".csr");
        openssl("req", "-config", config.toString(), "-new", "-key", key.toString(), "-subj", subject, "-out", request.toString());
        Path extensionFile = write(name + ".ext", "[ext]\n" + extensions);
        openssl("x509", "-req", "-in", request.toString(), "-CA", caCertificate.toString(), "-CAkey", caKey.toString(),
                "-set_serial", "0x" + Long.toHexString(random.nextLong() & Long.MAX_VALUE), "-days", "3",
                "-extfile", extensionFile.toString(), "-extensions", "ext", "-out", out.toString());
    }

    private static String leafExtensions(String usage, String... dnsNames) {
        StringBuilder b = new StringBuilder("""
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature
                """);
        b.append("extendedKeyUsage = ").append(usage.replace(' ', ',')).append('\n');
        if (dnsNames.length > 0) {
            b.append("subjectAltName = ");
            for (int i = 0; i < dnsNames.length; i++) {
                // an IPv4 literal is named as an address (IP:), as HTTPS clients check it
                String kind = dnsNames[i].matches("[0-9.]+") ? "IP:" : "DNS:";
                b.append(i == 0 ? "" : ",").append(kind).append(dnsNames[i]);
            }
            b.append('\n');
        }
        return b.toString();
    }

    Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + name, e);
        }
    }

    // --- the tools --------------------------------------------------------------------------

    /** Runs openssl with these arguments in the directory; its output if it succeeds. */
    String openssl(String... args) {
        Run run = opensslRun(args);
        if (run.exit() != 0) {
            fail("failed (exit " + run.exit() + "): openssl " + String.join(" ", args) + "\n" + run.output());
        }
        return run.output();
    }

    /** How a command ended: its exit status and what it printed (standard output and error). */
    record Run(int exit, String output) {
    }

    /** Runs openssl, whether or not it succeeds (a client expected to be refused, say). */
    Run opensslRun(String... args) {
        List<String> command = new ArrayList<>();
        command.add(opensslBinary().toString());
        command.addAll(List.of(args));
        return run(command, Map.of("OPENSSL_CONF", config.toString()));
    }

    /** Runs the running JDK's keytool with these arguments. */
    String keytool(String... args) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            fail("the TLS tests need keytool, which the JDK running them lacks: " + keytool);
        }
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Run run = run(command, Map.of());
        if (run.exit() != 0) {
            fail("failed (exit " + run.exit() + "): " + String.join(" ", command) + "\n" + run.output());
        }
        return run.output();
    }

    private Run run(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("LC_ALL", "C");
        try {
            Process p = builder.start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + command);
            }
            return new Run(p.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The openssl on the PATH; the tests fail, saying so, without one. */
    static Path opensslBinary() {
        return dev.morello.http.testing.TestCertificate.opensslBinary();
    }
}
