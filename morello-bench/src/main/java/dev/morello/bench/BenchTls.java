package dev.morello.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/**
 * The TLS lines' key: {@code -Dbench.tls.keystore=FILE} (a PKCS#12 store holding one key and its
 * certificate) and {@code -Dbench.tls.password=PASSWORD}. Every server of the TLS lines loads the
 * same store and speaks TLS with the JDK's own provider, so that only the servers differ.
 *
 * @param keystore the store's file
 * @param password its password
 */
record BenchTls(Path keystore, String password) {
    /** The TLS settings of the system properties, or null when {@code bench.tls.keystore} is unset. */
    static BenchTls fromProperties() {
        String file = System.getProperty("bench.tls.keystore", "");
        if (file.isEmpty()) {
            return null;
        }
        return new BenchTls(Path.of(file).toAbsolutePath(), System.getProperty("bench.tls.password", ""));
    }

    KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    KeyManagerFactory keyManagers() throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(), password.toCharArray());
        return kmf;
    }
}
