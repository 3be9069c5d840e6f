package dev.morello.http.tls;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a server speaks TLS: its certificates, the protocol versions and cipher suites it allows,
 * whether it asks clients for certificates, and the application protocols it offers. A value:
 * it names files and holds settings; {@link TlsContext#create} reads the files.
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder()
 *         .certificate(KeySource.pem(Path.of("cert.pem"), Path.of("privkey.pem")))       // the default
 *         .certificate(KeySource.pem(Path.of("b.pem"), Path.of("b.key")), "b.example", "*.b.example")
 *         .cipherSuites("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384")
 *         .clientAuth(ClientAuth.WANT).trust(TrustSource.pem(Path.of("client-ca.pem")))
 *         .build();
 * }</pre>
 *
 * @param identities           the server's certificates with their keys; the first is the default,
 *                             served when the client names no host (SNI) or one no other names
 * @param protocols            the TLS versions to speak: {@code TLSv1.3} and {@code TLSv1.2} (the
 *                             default), or one of them
 * @param cipherSuites         the cipher suites in the server's order of preference, as the JDK
 *                             names them; empty (the default) for the JDK's defaults. Without a
 *                             TLS 1.3 suite among them, TLS 1.3's defaults stay on, as OpenSSL's
 *                             cipher string leaves them
 * @param clientAuth           whether clients are asked for a certificate
 * @param trust                the authorities client certificates must chain to; needed, and only
 *                             read, unless {@code clientAuth} is {@link ClientAuth#NONE}
 * @param applicationProtocols the ALPN protocols (RFC 7301) offered, in order of preference;
 *                             {@code http/1.1} by default, empty for no ALPN
 */
public record TlsConfig(
        List<Identity> identities,
        List<String> protocols,
        List<String> cipherSuites,
        ClientAuth clientAuth,
        TrustSource trust,
        List<String> applicationProtocols) {

    /** The versions allowed: TLS 1.0 and 1.1 are deprecated (RFC 8996), SSL long gone. */
    public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * A certificate with its key, and the host names it serves (SNI). A name may be a wildcard
     * whose leftmost label is {@code *}. With no names given, the certificate's own DNS names
     * (its subjectAltName entries) are used.
     */
    public record Identity(KeySource keys, List<String> hostNames) {
        public Identity {
            Objects.requireNonNull(keys, "keys");
            List<String> normal = new ArrayList<>();
            for (String name : hostNames) {
                normal.add(HostNames.pattern(Objects.requireNonNull(name, "host name")));
            }
            hostNames = List.copyOf(normal);
        }
    }

    public TlsConfig {
        Objects.requireNonNull(clientAuth, "clientAuth");
        identities = List.copyOf(identities);
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        applicationProtocols = List.copyOf(applicationProtocols);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("TLS needs a certificate and its private key");
        }
        if (protocols.isEmpty() || !SUPPORTED_PROTOCOLS.containsAll(protocols) || Set.copyOf(protocols).size() != protocols.size()) {
            throw new IllegalArgumentException("protocols must be TLSv1.3, TLSv1.2 or both: " + protocols);
        }
        for (String suite : cipherSuites) {
            if (suite.isEmpty() || suite.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("not a cipher suite name: '" + suite + "'");
            }
        }
        if (clientAuth != ClientAuth.NONE && trust == null) {
            throw new IllegalArgumentException("client authentication (" + clientAuth + ") needs a trust source:"
                    + " the authorities client certificates must chain to");
        }
        for (String protocol : applicationProtocols) {
            // RFC 7301 §3.1: a protocol name is 1 to 255 bytes; registered names are printable ASCII.
            int length = protocol.getBytes(StandardCharsets.UTF_8).length;
            if (length == 0 || length > 255 || protocol.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("not an ALPN protocol name: '" + protocol + "'");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.identities.addAll(identities);
        b.protocols = protocols;
        b.cipherSuites = cipherSuites;
        b.clientAuth = clientAuth;
        b.trust = trust;
        b.applicationProtocols = applicationProtocols;
        return b;
    }

    /** Every file the configuration reads, to watch them for changes. */
    public List<Path> files() {
        Set<Path> files = new LinkedHashSet<>();
        for (Identity identity : identities) {
            files.addAll(identity.keys().files());
        }
        if (trust != null && clientAuth != ClientAuth.NONE) {
            files.addAll(trust.files());
        }
        return List.copyOf(files);
    }

    @Override
    public String toString() {
        // The sources' own toString leaves passwords out.
        return "TlsConfig[identities=" + identities + ", protocols=" + protocols + ", cipherSuites=" + cipherSuites
                + ", clientAuth=" + clientAuth + ", trust=" + trust + ", applicationProtocols=" + applicationProtocols + "]";
    }

    /** Builds a {@link TlsConfig}; only a certificate must be given. */
    public static final class Builder {
        private final List<Identity> identities = new ArrayList<>();
        private List<String> protocols = SUPPORTED_PROTOCOLS;
        private List<String> cipherSuites = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private TrustSource trust;
        private List<String> applicationProtocols = List.of("http/1.1");

        private Builder() {
        }

        /**
         * Adds a certificate. The first added is the default; each may name the hosts it serves
         * (by SNI), or name none to serve those of its certificate's subjectAltName.
         */
        public Builder certificate(KeySource keys, String... hostNames) {
            identities.add(new Identity(keys, List.of(hostNames)));
            return this;
        }

        /** {@code TLSv1.3}, {@code TLSv1.2} or both (the default). */
        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        /**
         * The cipher suites, as CherryPy's {@code server.ssl_ciphers}: names separated by colons
         * (or commas, or spaces), each as the JDK names it or, for the common suites, as OpenSSL
         * does. OpenSSL's selection syntax ({@code HIGH:!aNULL}) is refused.
         *
         * @throws IllegalArgumentException for a name not known or OpenSSL's selection syntax
         */
        public Builder cipherSuites(String list) {
            this.cipherSuites = CipherSuites.parse(list);
            return this;
        }

        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
            return this;
        }

        public Builder trust(TrustSource trust) {
            this.trust = trust;
            return this;
        }

        /** The ALPN protocols offered, best first; none to leave ALPN out. */
        public Builder applicationProtocols(String... protocols) {
            this.applicationProtocols = List.of(protocols);
            return this;
        }

        public TlsConfig build() {
            return new TlsConfig(identities, protocols, cipherSuites, clientAuth, trust, applicationProtocols);
        }
    }
}
