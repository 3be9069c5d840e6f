package dev.morello.http.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust managers that check client certificates: the JDK's PKIX validation against the
 * authorities of a {@link TrustSource}, with no other (the JDK's own CA list is not consulted).
 */
final class TrustStores {
    private TrustStores() {
    }

    static TrustManager[] trustManagers(TrustSource source) throws TlsConfigException {
        KeyStore store = switch (source) {
            case TrustSource.PemFile pem -> fromPem(pem.file());
            case TrustSource.Pkcs12File p12 -> fromPkcs12(p12.file(), p12.password());
        };
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(source.file(), "the trusted certificates cannot be used ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeyStore fromPem(Path file) throws TlsConfigException {
        List<X509Certificate> certificates = Identities.certificates(file, MaterialFiles.readPem(file, "CA certificate"));
        if (certificates.isEmpty()) {
            throw new TlsConfigException(file, "the CA certificate file holds no certificate"
                    + " (no '-----BEGIN CERTIFICATE-----' block)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("an empty in-memory key store always loads", e);
        }
    }

    private static KeyStore fromPkcs12(Path file, String password) throws TlsConfigException {
        KeyStore store = Identities.loadStore(file, password, "trust store");
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(file, "the trust store cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        // The JDK trusts only the certificate bags marked for Java's use: those keytool
        // -importcert writes. A store from openssl pkcs12 -nokeys carries no such mark.
        throw new TlsConfigException(file, "the trust store holds no trusted certificate entry (one made by openssl"
                + " pkcs12 has none the JDK trusts): import the CA certificates with keytool -importcert, or give a PEM"
                + " file of them");
    }
}
