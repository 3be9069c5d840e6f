package dev.morello.http.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The certificate authorities whose client certificates the server accepts, for
 * {@link ClientAuth#WANT} and {@link ClientAuth#NEED}: a PEM file of CA certificates, or a
 * PKCS#12 trust store.
 *
 * <pre>{@code
 * TrustSource cas = TrustSource.pem(Path.of("client-ca.pem"));
 * TrustSource store = TrustSource.pkcs12(Path.of("truststore.p12"), "secret");
 * }</pre>
 */
public sealed interface TrustSource permits TrustSource.PemFile, TrustSource.Pkcs12File {

    /** A file of one or more CA certificates in PEM. */
    static PemFile pem(Path caCertificates) {
        return new PemFile(caCertificates);
    }

    /** A PKCS#12 store of trusted certificate entries (as {@code keytool -importcert} writes). */
    static Pkcs12File pkcs12(Path store, String password) {
        return new Pkcs12File(store, password);
    }

    /** The file this source reads. */
    Path file();

    /** The files this source reads, to watch them for changes. */
    default List<Path> files() {
        return List.of(file());
    }

    /** A PEM file of CA certificates. */
    record PemFile(Path file) implements TrustSource {
        public PemFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** A PKCS#12 store of trusted certificates. */
    record Pkcs12File(Path file, String password) implements TrustSource {
        public Pkcs12File {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Pkcs12File[file=" + file + "]";
        }
    }
}
