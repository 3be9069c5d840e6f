package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What refuses to start: each {@link TlsConfigException} names the file at fault first and says
 * what is wrong, and no message ever holds the password or any of the key's text.
 */
@Timeout(120)
class RefusalsTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static Leaf rsa;
    static Leaf ec;
    /** Every line of base64 in the key files, none of which may appear in a message. */
    static List<String> keyText;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
        rsa = pki.server("rsa", KeyType.RSA, "rsa.test");
        ec = pki.server("ec", KeyType.EC, "ec.test");
        keyText = List.of(rsa.key(), ec.key()).stream().flatMap(p -> {
            try {
                return Files.readAllLines(p).stream().filter(l -> !l.startsWith("-----") && l.length() > 16);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static TlsConfigException refused(TlsConfig config) {
        return assertThrows(TlsConfigException.class, () -> TlsContext.create(config));
    }

    private static TlsConfigException refused(KeySource source) {
        return refused(TlsConfig.builder().certificate(source).build());
    }

    /** The message is "{file}: ...", holds every phrase, and nothing secret. */
    private static void assertNames(TlsConfigException e, Path file, String... phrases) {
        String m = e.getMessage();
        assertEquals(file, e.file(), m);
        assertTrue(m.startsWith(file + ": "), m);
        for (String phrase : phrases) {
            assertTrue(m.contains(phrase), () -> "'" + phrase + "' in: " + m);
        }
        assertFalse(m.contains(TestPki.PASSWORD), m);
        for (String line : keyText) {
            assertFalse(m.contains(line), m);
        }
    }

    // --- files ----------------------------------------------------------------------------------

    @Test
    void aMissingCertificateFile() {
        Path missing = dir.resolve("missing.pem");
        assertNames(refused(KeySource.pem(missing, rsa.key())), missing, "certificate file does not exist");
    }

    @Test
    void aMissingKeyFile() {
        Path missing = dir.resolve("missing.key");
        assertNames(refused(KeySource.pem(rsa.certificate(), missing)), missing, "private key file does not exist");
    }

    @Test
    void aMissingChainFile() {
        Path missing = dir.resolve("missing-chain.pem");
        assertNames(refused(KeySource.pem(rsa.certificate(), rsa.key()).withChain(missing)), missing,
                "certificate chain file does not exist");
    }

    @Test
    void aDirectory() {
        assertNames(refused(KeySource.pem(dir, rsa.key())), dir, "is a directory");
    }

    @Test
    void anUnreadableFile() throws Exception {
        Path locked = Files.copy(rsa.key(), dir.resolve("locked.key"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "run as a user that file permissions do not stop (root)");
        assertNames(refused(KeySource.pem(rsa.certificate(), locked)), locked, "cannot be read", "permission denied");
    }

    @Test
    void aFileTooLargeToBeAKey() throws Exception {
        Path huge = dir.resolve("huge.pem");
        Files.write(huge, new byte[MaterialFiles.MAX_BYTES + 1]);
        assertNames(refused(KeySource.pem(rsa.certificate(), huge)), huge, "larger than 4 MiB");
    }

    @Test
    void aFileWithoutPem() throws Exception {
        Path text = pki.write("words.pem", "not a certificate\n");
        assertNames(refused(KeySource.pem(text, rsa.key())), text, "holds no PEM block");
    }

    @Test
    void aDerFileSaysToConvertIt() throws Exception {
        Path der = dir.resolve("rsa.der");
        pki.openssl("x509", "-in", rsa.certificate().toString(), "-outform", "DER", "-out", der.toString());
        assertNames(refused(KeySource.pem(der, rsa.key())), der, "holds no PEM block", "DER", "openssl x509 -inform DER");
    }

    @Test
    void malformedPem() throws Exception {
        Path cut = pki.write("cut.pem", Files.readString(rsa.certificate()).replace("-----END CERTIFICATE-----", ""));
        assertNames(refused(KeySource.pem(cut, rsa.key())), cut, "not well-formed PEM", "has no END line");
    }

    // --- certificates -----------------------------------------------------------------------------

    @Test
    void noCertificateInTheCertificateFile() {
        assertNames(refused(KeySource.pem(rsa.key(), rsa.key())), rsa.key(), "holds no certificate");
    }

    @Test
    void noCertificateInTheChainFile() {
        assertNames(refused(KeySource.pem(rsa.certificate(), rsa.key()).withChain(ec.key())), ec.key(),
                "certificate chain file holds no certificate");
    }

    @Test
    void aDamagedCertificate() throws Exception {
        Path damaged = pki.write("damaged.pem", "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n");
        assertNames(refused(KeySource.pem(damaged, rsa.key())), damaged, "certificate at line 1 cannot be decoded");
    }

    // --- private keys ------------------------------------------------------------------------------

    @Test
    void noPrivateKey() {
        assertNames(refused(KeySource.pem(rsa.certificate(), ec.certificate())), ec.certificate(), "holds no private key");
        assertNames(refused(KeySource.pem(rsa.certificate())), rsa.certificate(), "holds no private key");
    }

    @Test
    void severalPrivateKeys() throws Exception {
        Path two = pki.write("two.key", Files.readString(rsa.key()) + Files.readString(ec.key()));
        assertNames(refused(KeySource.pem(rsa.certificate(), two)), two, "holds 2 private keys");
    }

    @Test
    void anRsaKeyOfAnotherCertificate() throws Exception {
        Path other = pki.key("other-rsa", KeyType.RSA);
        assertNames(refused(KeySource.pem(rsa.certificate(), other)), other,
                "private key does not match the certificate in " + rsa.certificate(), "CN=rsa.test");
    }

    @Test
    void anEcKeyOfAnotherCertificate() {
        Path other = pki.key("other-ec", KeyType.EC);
        assertNames(refused(KeySource.pem(ec.certificate(), other)), other, "private key does not match the certificate");
    }

    @Test
    void anEcKeyForAnRsaCertificate() {
        assertNames(refused(KeySource.pem(rsa.certificate(), ec.key())), ec.key(), "private key does not match the certificate");
    }

    @Test
    void theWrongKeyInACombinedFile() throws Exception {
        Path combined = pki.write("wrong-combined.pem", Files.readString(rsa.certificate()) + Files.readString(ec.key()));
        assertNames(refused(KeySource.pem(combined)), combined, "private key does not match the certificate in the same file");
    }

    @Test
    void aWrongPassword() throws Exception {
        Path encrypted = dir.resolve("encrypted.key");
        pki.openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", rsa.key().toString(),
                "-passout", "pass:" + TestPki.PASSWORD, "-out", encrypted.toString());
        assertNames(refused(KeySource.pem(rsa.certificate(), encrypted).withPassword("not-" + TestPki.PASSWORD)), encrypted,
                "wrong password");
        assertNames(refused(KeySource.pem(rsa.certificate(), encrypted)), encrypted, "encrypted and no password is set");
    }

    @Test
    void legacyOpenSslEncryptionSaysHowToConvert() throws Exception {
        Path legacy = dir.resolve("legacy.key");
        pki.openssl("pkey", "-in", rsa.key().toString(), "-traditional", "-aes256", "-passout", "pass:" + TestPki.PASSWORD,
                "-out", legacy.toString());
        assertTrue(Files.readString(legacy).contains("Proc-Type: 4,ENCRYPTED"));
        assertNames(refused(KeySource.pem(rsa.certificate(), legacy).withPassword(TestPki.PASSWORD)), legacy,
                "legacy PEM form", "openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + legacy);
    }

    @Test
    void aKeyThatCannotSign() throws Exception {
        Path x25519 = dir.resolve("x25519.key");
        pki.openssl("genpkey", "-algorithm", "X25519", "-out", x25519.toString());
        assertNames(refused(KeySource.pem(rsa.certificate(), x25519)), x25519, "unsupported key type", "X25519");
    }

    @Test
    void anEcKeyOnACurveTlsDoesNotSignWith() throws Exception {
        Path k1 = dir.resolve("secp256k1.key");
        pki.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", k1.toString());
        assertNames(refused(KeySource.pem(rsa.certificate(), k1)), k1, "unsupported key type", "1.3.132.0.10");
        Path sec1 = dir.resolve("secp256k1-sec1.key");
        pki.openssl("pkey", "-in", k1.toString(), "-traditional", "-out", sec1.toString());
        assertNames(refused(KeySource.pem(rsa.certificate(), sec1)), sec1, "unsupported key type", "1.3.132.0.10");
    }

    @Test
    void anEcKeyWithExplicitCurveParameters() throws Exception {
        Path explicit = dir.resolve("explicit.key");
        pki.openssl("ec", "-in", ec.key().toString(), "-param_enc", "explicit", "-out", explicit.toString());
        assertNames(refused(KeySource.pem(ec.certificate(), explicit)), explicit, "explicit parameters", "-param_enc named_curve");
    }

    @Test
    void aKeyFormatNotSupported() throws Exception {
        Path dsa = pki.write("dsa.key", "-----BEGIN DSA PRIVATE KEY-----\nMAA=\n-----END DSA PRIVATE KEY-----\n");
        assertNames(refused(KeySource.pem(rsa.certificate(), dsa)), dsa, "'DSA PRIVATE KEY'", "use PKCS#8");
        Path ssh = pki.write("id.key", "-----BEGIN OPENSSH PRIVATE KEY-----\nMAA=\n-----END OPENSSH PRIVATE KEY-----\n");
        assertNames(refused(KeySource.pem(rsa.certificate(), ssh)), ssh, "'OPENSSH PRIVATE KEY'");
    }

    @Test
    void aDamagedKey() throws Exception {
        Path damaged = pki.write("damaged.key", "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n");
        assertNames(refused(KeySource.pem(rsa.certificate(), damaged)), damaged, "private key at line 1 is damaged");
    }

    // --- PKCS#12 ----------------------------------------------------------------------------------

    @Test
    void aKeyStoreWithTheWrongPassword() {
        Path store = pki.pkcs12("wrong-password", rsa.key(), rsa.certificate(), rsa.chain());
        assertNames(refused(KeySource.pkcs12(store, "not-" + TestPki.PASSWORD)), store, "key store cannot be opened: wrong password");
    }

    @Test
    void aKeyStoreWithoutTheAlias() {
        Path store = pki.pkcs12("www", rsa.key(), rsa.certificate(), rsa.chain());
        assertNames(refused(KeySource.pkcs12(store, TestPki.PASSWORD).withAlias("mail")), store,
                "no entry named 'mail'", "[www]");
    }

    @Test
    void aKeyStoreWithoutAKey() {
        Path store = dir.resolve("no-key.p12");
        pki.keytool("-importcert", "-noprompt", "-alias", "root", "-file", pki.rootCertificate.toString(),
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", TestPki.PASSWORD);
        assertNames(refused(KeySource.pkcs12(store, TestPki.PASSWORD)), store, "holds no private key entry");
        assertNames(refused(KeySource.pkcs12(store, TestPki.PASSWORD).withAlias("root")), store,
                "entry 'root' is not a private key entry");
    }

    @Test
    void aPemFileGivenAsAKeyStore() {
        assertNames(refused(KeySource.pkcs12(rsa.certificate(), TestPki.PASSWORD)), rsa.certificate(), "is PEM, not PKCS#12");
    }

    @Test
    void aFileThatIsNoKeyStore() throws Exception {
        Path junk = dir.resolve("junk.p12");
        Files.write(junk, new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});
        assertNames(refused(KeySource.pkcs12(junk, TestPki.PASSWORD)), junk, "not a PKCS#12 store");
    }

    // --- trust ----------------------------------------------------------------------------------

    private static TlsConfig needing(TrustSource trust) {
        return TlsConfig.builder().certificate(rsa.source()).clientAuth(ClientAuth.NEED).trust(trust).build();
    }

    @Test
    void aTrustFileWithoutCertificates() {
        assertNames(refused(needing(TrustSource.pem(rsa.key()))), rsa.key(), "CA certificate file holds no certificate");
    }

    @Test
    void aMissingTrustFile() {
        Path missing = dir.resolve("missing-ca.pem");
        assertNames(refused(needing(TrustSource.pem(missing))), missing, "CA certificate file does not exist");
    }

    @Test
    void aTrustStoreFromOpenSslHasNothingTheJdkTrusts() {
        Path store = dir.resolve("openssl-trust.p12");
        pki.openssl("pkcs12", "-export", "-nokeys", "-in", pki.rootCertificate.toString(), "-passout", "pass:" + TestPki.PASSWORD,
                "-out", store.toString());
        assertNames(refused(needing(TrustSource.pkcs12(store, TestPki.PASSWORD))), store,
                "holds no trusted certificate entry", "keytool -importcert");
    }

    @Test
    void aTrustStoreWithTheWrongPassword() {
        Path store = dir.resolve("trust.p12");
        pki.keytool("-importcert", "-noprompt", "-alias", "root", "-file", pki.rootCertificate.toString(),
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", TestPki.PASSWORD);
        assertNames(refused(needing(TrustSource.pkcs12(store, "not-" + TestPki.PASSWORD))), store, "wrong password");
    }

    @Test
    void theTrustSourceIsNotReadWithoutClientAuthentication() throws Exception {
        TlsConfig config = TlsConfig.builder().certificate(rsa.source()).trust(TrustSource.pem(dir.resolve("absent.pem"))).build();
        assertEquals(rsa.certificate(), config.files().get(0));
        assertEquals("CN=rsa.test", TlsContext.create(config).certificateChain().get(0).getSubjectX500Principal().getName());
    }

    // --- settings ---------------------------------------------------------------------------------

    @Test
    void anSniCertificateThatNamesNoHost() throws Exception {
        Leaf nameless = pki.server("nameless", KeyType.EC);
        TlsConfigException e = refused(TlsConfig.builder().certificate(rsa.source()).certificate(nameless.source()).build());
        assertNames(e, nameless.certificate(), "names no host", "say which host names it serves");
    }

    @Test
    void aCipherSuiteTheJdkLacksNamesNoFile() {
        TlsConfigException e = refused(TlsConfig.builder().certificate(rsa.source()).cipherSuites("TLS_RSA_WITH_NULL_MD5").build());
        assertNull(e.file());
        assertTrue(e.getMessage().contains("TLS_RSA_WITH_NULL_MD5"), e.getMessage());
    }
}
