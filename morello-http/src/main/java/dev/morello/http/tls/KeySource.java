package dev.morello.http.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a server's certificate and private key come from: PEM files as CherryPy users keep them,
 * or a PKCS#12 key store.
 *
 * <pre>{@code
 * // server.ssl_certificate, server.ssl_private_key, server.ssl_certificate_chain
 * KeySource pem = KeySource.pem(Path.of("cert.pem"), Path.of("privkey.pem"))
 *         .withChain(Path.of("chain.pem"));
 * KeySource oneFile = KeySource.pem(Path.of("key-and-cert.pem"));           // both in one file
 * KeySource encrypted = KeySource.pem(cert, key).withPassword("secret");     // ENCRYPTED PRIVATE KEY
 * KeySource store = KeySource.pkcs12(Path.of("server.p12"), "secret").withAlias("www");
 * }</pre>
 */
public sealed interface KeySource permits KeySource.PemFiles, KeySource.Pkcs12File {

    /** A certificate file (the server's certificate first, then any chain) and a key file. */
    static PemFiles pem(Path certificate, Path privateKey) {
        return new PemFiles(certificate, privateKey, null, null);
    }

    /** One file holding the private key and the certificate (with any chain after it). */
    static PemFiles pem(Path certificateAndKey) {
        return new PemFiles(certificateAndKey, certificateAndKey, null, null);
    }

    /** A PKCS#12 store; its first private key entry is used unless an alias is given. */
    static Pkcs12File pkcs12(Path store, String password) {
        return new Pkcs12File(store, password, null);
    }

    /** The files this source reads, to watch them for changes. */
    List<Path> files();

    /**
     * PEM files (RFC 7468). The certificate file holds the server's certificate first, then
     * optionally the certificates of its chain; {@code chain} is a further file of chain
     * certificates (CherryPy's {@code ssl_certificate_chain}), or {@code null}. The key file holds
     * one private key: PKCS#8, PKCS#1 RSA, SEC1 EC, or encrypted PKCS#8 with {@code password}
     * ({@code null} when the key is not encrypted). The key may sit in the certificate file.
     */
    record PemFiles(Path certificate, Path privateKey, Path chain, String password) implements KeySource {
        public PemFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        /** The same with a file of chain certificates, sent after those of the certificate file. */
        public PemFiles withChain(Path chain) {
            return new PemFiles(certificate, privateKey, chain, password);
        }

        /** The same with the password of an encrypted private key. */
        public PemFiles withPassword(String password) {
            return new PemFiles(certificate, privateKey, chain, password);
        }

        @Override
        public List<Path> files() {
            List<Path> files = new ArrayList<>(List.of(certificate));
            if (!privateKey.equals(certificate)) {
                files.add(privateKey);
            }
            if (chain != null) {
                files.add(chain);
            }
            return List.copyOf(files);
        }

        @Override
        public String toString() {
            // Never the password: a settings object ends up in logs.
            return "PemFiles[certificate=" + certificate + ", privateKey=" + privateKey + ", chain=" + chain
                    + (password == null ? "" : ", password=(set)") + "]";
        }
    }

    /**
     * A PKCS#12 key store and its password (the key's password must be the same, as keytool and
     * openssl write them). {@code alias} picks the key entry; {@code null} takes the first one.
     */
    record Pkcs12File(Path store, String password, String alias) implements KeySource {
        public Pkcs12File {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(password, "password");
        }

        /** The same, using the key entry of that alias. */
        public Pkcs12File withAlias(String alias) {
            return new Pkcs12File(store, password, alias);
        }

        @Override
        public List<Path> files() {
            return List.of(store);
        }

        @Override
        public String toString() {
            return "Pkcs12File[store=" + store + ", alias=" + alias + "]";
        }
    }
}
