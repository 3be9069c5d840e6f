package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.tls.Handshakes.Client;
import dev.morello.http.tls.Handshakes.Outcome;
import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every form a server's key and certificate come in, made by openssl (and keytool), loads: each
 * gives the expected chain, and (for those the test root signed) serves a real handshake whose
 * client sees that certificate.
 */
@Timeout(120)
class KeyFormatsTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static Leaf rsa;
    static Leaf ec;
    static Leaf ecP384;
    static Leaf ed25519;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
        rsa = pki.server("rsa", KeyType.RSA, "rsa.test");
        // openssl ecparam -genkey writes SEC1 with an 'EC PARAMETERS' block before the key
        Path ecKey = dir.resolve("ec-with-parameters.key");
        pki.openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", ecKey.toString());
        ec = pki.server("ec", ecKey, "ec.test");
        Path p384 = dir.resolve("p384.key");
        pki.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", p384.toString());
        ecP384 = pki.server("p384", p384, "p384.test");
        ed25519 = pki.server("ed", KeyType.ED25519, "ed.test");
    }

    /** Loads the source, checks the chain's subjects, and serves a handshake to a client asking for the name. */
    private static TlsContext assertServes(KeySource source, String name, int chainLength) throws Exception {
        TlsContext context = TlsContext.create(TlsConfig.builder().certificate(source).build());
        List<X509Certificate> chain = context.certificateChain();
        assertEquals("CN=" + name, chain.get(0).getSubjectX500Principal().getName());
        assertEquals(chainLength, chain.size());
        if (chainLength > 1) {
            assertEquals("CN=Morello Test Intermediate", chain.get(1).getSubjectX500Principal().getName());
        }
        Outcome outcome = Handshakes.overEngines(context.newEngine(),
                Client.trusting(pki.rootCertificate).sni(name).checkingHostName());
        assertTrue(outcome.succeeded(), () -> "handshake: " + outcome);
        assertEquals(name, outcome.client().peerName());
        return context;
    }

    private static String firstLine(Path file) throws Exception {
        return Files.readAllLines(file).get(0);
    }

    @Test
    void rsaPkcs8() throws Exception {
        assertEquals("-----BEGIN PRIVATE KEY-----", firstLine(rsa.key()));
        assertServes(rsa.source(), "rsa.test", 2);
    }

    @Test
    void rsaPkcs1() throws Exception {
        Path pkcs1 = dir.resolve("rsa-pkcs1.key");
        pki.openssl("pkey", "-in", rsa.key().toString(), "-traditional", "-out", pkcs1.toString());
        assertEquals("-----BEGIN RSA PRIVATE KEY-----", firstLine(pkcs1));
        assertServes(KeySource.pem(rsa.certificate(), pkcs1).withChain(rsa.chain()), "rsa.test", 2);
    }

    @Test
    void rsaEncryptedPkcs8WithAes256CbcAndPbkdf2Sha256() throws Exception {
        // what openssl pkcs8 -topk8 -v2 aes-256-cbc writes: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC
        Path encrypted = dir.resolve("rsa-encrypted.key");
        pki.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-in", rsa.key().toString(),
                "-passout", "pass:" + TestPki.PASSWORD, "-out", encrypted.toString());
        assertEquals("-----BEGIN ENCRYPTED PRIVATE KEY-----", firstLine(encrypted));
        String structure = pki.openssl("asn1parse", "-in", encrypted.toString());
        assertTrue(structure.contains("PBES2") && structure.contains("hmacWithSHA256") && structure.contains("aes-256-cbc"),
                structure);
        assertServes(KeySource.pem(rsa.certificate(), encrypted).withChain(rsa.chain()).withPassword(TestPki.PASSWORD),
                "rsa.test", 2);
    }

    @Test
    void rsaEncryptedPkcs8WithPbes1TripleDes() throws Exception {
        Path encrypted = dir.resolve("rsa-pbes1.key");
        pki.openssl("pkcs8", "-topk8", "-v1", "PBE-SHA1-3DES", "-in", rsa.key().toString(),
                "-passout", "pass:" + TestPki.PASSWORD, "-out", encrypted.toString());
        assertServes(KeySource.pem(rsa.certificate(), encrypted).withChain(rsa.chain()).withPassword(TestPki.PASSWORD),
                "rsa.test", 2);
    }

    @Test
    void ecSec1AfterItsParametersBlock() throws Exception {
        List<String> labels = Files.readAllLines(ec.key()).stream().filter(l -> l.startsWith("-----BEGIN")).toList();
        assertEquals(List.of("-----BEGIN EC PARAMETERS-----", "-----BEGIN EC PRIVATE KEY-----"), labels);
        assertServes(ec.source(), "ec.test", 2);
    }

    @Test
    void ecSec1Alone() throws Exception {
        Path sec1 = dir.resolve("ec-sec1.key");
        pki.openssl("pkey", "-in", ec.key().toString(), "-traditional", "-out", sec1.toString());
        assertEquals("-----BEGIN EC PRIVATE KEY-----", firstLine(sec1));
        assertServes(KeySource.pem(ec.certificate(), sec1).withChain(ec.chain()), "ec.test", 2);
    }

    @Test
    void ecSec1WithoutItsPublicKey() throws Exception {
        Path sec1 = dir.resolve("ec-sec1-no-public.key");
        pki.openssl("ec", "-in", ec.key().toString(), "-no_public", "-out", sec1.toString());
        assertServes(KeySource.pem(ec.certificate(), sec1).withChain(ec.chain()), "ec.test", 2);
    }

    @Test
    void ecPkcs8() throws Exception {
        Path pkcs8 = dir.resolve("ec-pkcs8.key");
        pki.openssl("pkey", "-in", ec.key().toString(), "-out", pkcs8.toString());
        assertEquals("-----BEGIN PRIVATE KEY-----", firstLine(pkcs8));
        assertServes(KeySource.pem(ec.certificate(), pkcs8).withChain(ec.chain()), "ec.test", 2);
    }

    @Test
    void ecEncryptedPkcs8() throws Exception {
        Path encrypted = dir.resolve("ec-encrypted.key");
        pki.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", ec.key().toString(),
                "-passout", "pass:" + TestPki.PASSWORD, "-out", encrypted.toString());
        assertServes(KeySource.pem(ec.certificate(), encrypted).withChain(ec.chain()).withPassword(TestPki.PASSWORD),
                "ec.test", 2);
    }

    @Test
    void ecP384Sec1AndPkcs8() throws Exception {
        assertServes(ecP384.source(), "p384.test", 2);
        Path sec1 = dir.resolve("p384-sec1.key");
        pki.openssl("pkey", "-in", ecP384.key().toString(), "-traditional", "-out", sec1.toString());
        assertServes(KeySource.pem(ecP384.certificate(), sec1).withChain(ecP384.chain()), "p384.test", 2);
    }

    @Test
    void ed25519Pkcs8() throws Exception {
        TlsContext context = assertServes(ed25519.source(), "ed.test", 2);
        assertEquals("EdDSA", context.certificateChain().get(0).getPublicKey().getAlgorithm());
    }

    @Test
    void certificateFollowedByItsChainInOneFile() throws Exception {
        assertServes(KeySource.pem(rsa.certificateWithChain(), rsa.key()), "rsa.test", 2);
    }

    @Test
    void aSeparateChainFileComesAfterTheCertificateFile() throws Exception {
        // the client trusts the root only: the handshake passes only if the intermediate is sent
        assertServes(KeySource.pem(rsa.certificate(), rsa.key()).withChain(rsa.chain()), "rsa.test", 2);
    }

    @Test
    void withoutTheChainOnlyTheCertificateIsServed() throws Exception {
        TlsContext context = TlsContext.create(TlsConfig.builder().certificate(KeySource.pem(rsa.certificate(), rsa.key())).build());
        assertEquals(1, context.certificateChain().size());
        Outcome outcome = Handshakes.overEngines(context.newEngine(), Client.trusting(pki.rootCertificate).sni("rsa.test"));
        assertTrue(outcome.client().failedWith(CertPathBuilderException.class),
                () -> "a client that trusts the root cannot build the path: " + outcome);
    }

    @Test
    void keyThenCertificateAndChainInOneFile() throws Exception {
        Path combined = pki.write("key-first.pem", Files.readString(ec.key()) + Files.readString(ec.certificateWithChain()));
        assertServes(KeySource.pem(combined), "ec.test", 2);
    }

    @Test
    void certificateThenKeyInOneFile() throws Exception {
        Path combined = pki.write("cert-first.pem", Files.readString(rsa.certificate()) + Files.readString(rsa.key())
                + Files.readString(rsa.chain()));
        assertServes(KeySource.pem(combined), "rsa.test", 2);
        // the same file named as certificate and as key, as CherryPy users set both settings to it
        assertServes(KeySource.pem(combined, combined), "rsa.test", 2);
    }

    @Test
    void certificateWithExplanatoryText() throws Exception {
        // openssl x509 -text prints the decoded certificate before its PEM block
        Path withText = dir.resolve("rsa-text.pem");
        pki.openssl("x509", "-in", rsa.certificate().toString(), "-text", "-out", withText.toString());
        assertTrue(firstLine(withText).startsWith("Certificate:"));
        assertServes(KeySource.pem(withText, rsa.key()).withChain(rsa.chain()), "rsa.test", 2);
    }

    @Test
    void pkcs12FromOpenSsl() throws Exception {
        Path store = pki.pkcs12("rsa-store", rsa.key(), rsa.certificate(), rsa.chain());
        assertServes(KeySource.pkcs12(store, TestPki.PASSWORD), "rsa.test", 2);
        assertServes(KeySource.pkcs12(store, TestPki.PASSWORD).withAlias("rsa-store"), "rsa.test", 2);
    }

    @Test
    void pkcs12FromKeytoolByFirstEntryOrAlias() throws Exception {
        Path store = dir.resolve("two-entries.p12");
        for (String[] entry : List.of(new String[] {"first", "EC", "first.test"}, new String[] {"second", "RSA", "second.test"})) {
            pki.keytool("-genkeypair", "-alias", entry[0], "-keyalg", entry[1], "-dname", "CN=" + entry[2],
                    "-ext", "SAN=dns:" + entry[2], "-validity", "3", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", TestPki.PASSWORD);
        }
        TlsContext first = TlsContext.create(TlsConfig.builder().certificate(KeySource.pkcs12(store, TestPki.PASSWORD)).build());
        assertEquals("CN=first.test", first.certificateChain().get(0).getSubjectX500Principal().getName());
        TlsContext second = TlsContext.create(TlsConfig.builder()
                .certificate(KeySource.pkcs12(store, TestPki.PASSWORD).withAlias("second")).build());
        assertEquals("CN=second.test", second.certificateChain().get(0).getSubjectX500Principal().getName());
        assertEquals("RSA", second.certificateChain().get(0).getPublicKey().getAlgorithm());
    }
}
