package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.tls.Handshakes.Client;
import dev.morello.http.tls.Handshakes.Outcome;
import dev.morello.http.tls.TestPki.KeyType;
import dev.morello.http.tls.TestPki.Leaf;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate reload: {@link TlsContext#reload()} reads the same settings' files again into a
 * new context, while one built before keeps serving what it read; a reload that finds bad files
 * fails and leaves the old context as it was.
 */
@Timeout(120)
class ReloadTest {
    @TempDir
    static Path dir;

    static TestPki pki;
    static Leaf before;
    static Leaf after;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
        before = pki.server("before", KeyType.RSA, "site.test");
        after = pki.server("after", KeyType.EC, "site.test");
    }

    /** The files the settings name, holding one certificate and its key. */
    private static KeySource install(Path live, Leaf leaf) throws Exception {
        Files.createDirectories(live);
        Path certificate = live.resolve("cert.pem");
        Path key = live.resolve("privkey.pem");
        // as a renewal tool does it: each file replaced whole, never written in place
        Files.copy(leaf.certificateWithChain(), live.resolve("cert.pem.new"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(live.resolve("cert.pem.new"), certificate, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.copy(leaf.key(), live.resolve("privkey.pem.new"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(live.resolve("privkey.pem.new"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return KeySource.pem(certificate, key);
    }

    private static BigInteger servedSerial(SSLEngine engine) throws Exception {
        Outcome outcome = Handshakes.overEngines(engine, Client.trusting(pki.rootCertificate).sni("site.test").checkingHostName());
        assertTrue(outcome.succeeded(), () -> outcome.toString());
        return outcome.client().peerCertificate().getSerialNumber();
    }

    @Test
    void aReloadReadsTheChangedFilesAndTheOldContextKeepsItsCertificate() throws Exception {
        Path live = dir.resolve("live");
        TlsContext old = TlsContext.create(TlsConfig.builder().certificate(install(live, before)).build());
        BigInteger oldSerial = Handshakes.certificate(before.certificate()).getSerialNumber();
        assertEquals(oldSerial, old.certificateChain().get(0).getSerialNumber());
        SSLEngine madeBefore = old.newEngine();

        install(live, after);
        TlsContext renewed = old.reload();

        BigInteger newSerial = Handshakes.certificate(after.certificate()).getSerialNumber();
        assertNotEquals(oldSerial, newSerial);
        assertEquals(newSerial, renewed.certificateChain().get(0).getSerialNumber());
        assertEquals(oldSerial, old.certificateChain().get(0).getSerialNumber());
        // what clients see: the new context serves the new certificate; the old context, and an
        // engine it made before the reload, the old one
        assertEquals(newSerial, servedSerial(renewed.newEngine()));
        assertEquals(oldSerial, servedSerial(old.newEngine()));
        assertEquals(oldSerial, servedSerial(madeBefore));
        assertNotSame(old.sslContext(), renewed.sslContext());
        assertEquals(old.config(), renewed.config());
    }

    @Test
    void aReloadOfBadFilesFailsAndTheOldContextServesOn() throws Exception {
        Path live = dir.resolve("half-renewed");
        KeySource source = install(live, before);
        TlsContext old = TlsContext.create(TlsConfig.builder().certificate(source).build());
        // the certificate was replaced, its key not yet
        Files.copy(after.certificateWithChain(), live.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        TlsConfigException e = assertThrows(TlsConfigException.class, old::reload);
        assertEquals(live.resolve("privkey.pem"), e.file());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertEquals(Handshakes.certificate(before.certificate()).getSerialNumber(), servedSerial(old.newEngine()));
    }

    @Test
    void theSettingsListTheFilesToWatch() throws Exception {
        Path live = dir.resolve("watched");
        KeySource source = install(live, before);
        TlsConfig config = TlsConfig.builder().certificate(source).build();
        assertEquals(List.of(live.resolve("cert.pem"), live.resolve("privkey.pem")), config.files());
    }
}
