package dev.morello.http.tls;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * A {@link TlsConfig} made ready to serve: its files read and checked, the JDK's
 * {@link SSLContext} built, and the parameters every connection's {@link SSLEngine} gets. It is
 * immutable: to take changed files in, {@link #reload()} builds a new one, which a server swaps
 * in for new connections while those already open keep theirs.
 *
 * <pre>{@code
 * TlsContext tls = TlsContext.create(config);     // throws TlsConfigException naming the bad file
 * ...
 * SSLEngine engine = tls.newEngine();             // for each accepted connection
 * ...
 * tls = tls.reload();                             // the files changed (a signal, a watcher)
 * }</pre>
 *
 * <p>What each engine is set to: server mode; the configured protocols (TLS 1.3 and 1.2 unless
 * narrowed); the configured cipher suites in the server's order of preference, or the JDK's
 * defaults; the ALPN protocols ({@code http/1.1} by default), which the server then reads back
 * with {@link SSLEngine#getApplicationProtocol()}; client authentication as configured. The
 * certificate is chosen per handshake by the client's SNI name ({@link SniKeyManager}); no SNI
 * matcher is set, so a name the server has no certificate for gets the default one rather than
 * an alert. Session resumption is the JDK's default: the context's session cache, and TLS 1.3
 * session tickets; a reloaded context starts with an empty cache.
 */
public final class TlsContext {
    private static final System.Logger LOG = System.getLogger("dev.morello.http.tls");

    private final TlsConfig config;
    private final SSLContext sslContext;
    private final SniKeyManager keyManager;
    private final List<String> cipherSuites;
    /** Handed to every engine, never to a caller: {@link SSLEngine#setSSLParameters} copies it. */
    private final SSLParameters engineParameters;

    private TlsContext(TlsConfig config, SSLContext sslContext, SniKeyManager keyManager, List<String> cipherSuites) {
        this.config = config;
        this.sslContext = sslContext;
        this.keyManager = keyManager;
        this.cipherSuites = cipherSuites;
        this.engineParameters = newParameters();
    }

    /**
     * Reads the configured files and builds the context.
     *
     * @throws TlsConfigException naming the file (or setting) at fault and what is wrong with it
     */
    public static TlsContext create(TlsConfig config) throws TlsConfigException {
        Objects.requireNonNull(config, "config");
        List<SniKeyManager.Entry> entries = new ArrayList<>();
        for (int i = 0; i < config.identities().size(); i++) {
            TlsConfig.Identity identity = config.identities().get(i);
            Identities.Loaded loaded = Identities.load(identity.keys());
            X509Certificate certificate = loaded.chain().get(0);
            Path file = identity.keys().files().get(0);
            List<String> hostNames = identity.hostNames().isEmpty() ? dnsNames(certificate) : identity.hostNames();
            if (i > 0 && hostNames.isEmpty()) {
                throw new TlsConfigException(file, "the certificate names no host (it has no DNS subjectAltName) and"
                        + " none is configured for it; say which host names it serves");
            }
            warnIfNotValidNow(certificate, file);
            entries.add(new SniKeyManager.Entry(Integer.toString(i), loaded.key(),
                    loaded.chain().toArray(X509Certificate[]::new), SniKeyManager.keyType(loaded.key()), hostNames));
        }
        SniKeyManager keyManager = new SniKeyManager(entries);
        // Without client authentication no trust manager: an empty array makes the JDK refuse
        // every client certificate rather than load its default CA list for nothing.
        TrustManager[] trust = config.clientAuth() == ClientAuth.NONE
                ? new TrustManager[0]
                : TrustStores.trustManagers(config.trust());

        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, trust, null);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("the JDK's TLS provider cannot be set up (" + e.getClass().getSimpleName() + ")");
        }
        SSLParameters supported = context.getSupportedSSLParameters();
        List<String> supportedProtocols = Arrays.asList(supported.getProtocols());
        for (String protocol : config.protocols()) {
            if (!supportedProtocols.contains(protocol)) {
                throw new TlsConfigException("the JDK's TLS provider does not support " + protocol);
            }
        }
        List<String> suites = CipherSuites.resolve(config.cipherSuites(), config.protocols(),
                Set.of(supported.getCipherSuites()), Arrays.asList(context.getDefaultSSLParameters().getCipherSuites()));
        return new TlsContext(config, context, keyManager, suites);
    }

    /**
     * A new context from the same configuration, its files read again. This one is unchanged;
     * when the files are now bad, it throws and the caller keeps serving with this one.
     */
    public TlsContext reload() throws TlsConfigException {
        return create(config);
    }

    /** An engine for one accepted connection, set up as the class describes. */
    public SSLEngine newEngine() {
        SSLEngine engine = sslContext.createSSLEngine();
        return configure(engine);
    }

    /**
     * As {@link #newEngine()}, with the peer's address as a hint (the JDK keys its session cache
     * on it).
     */
    public SSLEngine newEngine(String peerHost, int peerPort) {
        return configure(sslContext.createSSLEngine(peerHost, peerPort));
    }

    private SSLEngine configure(SSLEngine engine) {
        engine.setUseClientMode(false);
        engine.setSSLParameters(engineParameters);
        return engine;
    }

    /**
     * The parameters each engine gets, as a new object (for an {@code SSLServerSocket}, say).
     */
    public SSLParameters parameters() {
        return newParameters();
    }

    private SSLParameters newParameters() {
        SSLParameters p = sslContext.getDefaultSSLParameters();
        p.setProtocols(config.protocols().toArray(String[]::new));
        p.setCipherSuites(cipherSuites.toArray(String[]::new));
        // The server's order decides: a configured list is in order of preference.
        p.setUseCipherSuitesOrder(true);
        if (!config.applicationProtocols().isEmpty()) {
            p.setApplicationProtocols(config.applicationProtocols().toArray(String[]::new));
        }
        switch (config.clientAuth()) {
            case NEED -> p.setNeedClientAuth(true);
            case WANT -> p.setWantClientAuth(true);
            case NONE -> p.setWantClientAuth(false);
        }
        return p;
    }

    /** The JDK context itself: for a server socket factory, or a test client's session. */
    public SSLContext sslContext() {
        return sslContext;
    }

    public TlsConfig config() {
        return config;
    }

    /** The protocol versions enabled, best first. */
    public List<String> protocols() {
        return config.protocols();
    }

    /** The cipher suites enabled, in the server's order of preference. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The ALPN protocols offered, best first; empty when ALPN is off. */
    public List<String> applicationProtocols() {
        return config.applicationProtocols();
    }

    /** The default certificate's chain, the server's certificate first. */
    public List<X509Certificate> certificateChain() {
        return List.of(keyManager.candidates(null).get(0).chain());
    }

    /**
     * The chain a client asking for {@code hostName} by SNI gets (of the first matching
     * certificate, when several of different key types match); the default one when no
     * certificate names that host.
     */
    public List<X509Certificate> certificateChain(String hostName) {
        return List.of(keyManager.candidates(HostNames.requested(hostName)).get(0).chain());
    }

    @Override
    public String toString() {
        return "TlsContext[" + config + "]";
    }

    /** The certificate's DNS names (subjectAltName dNSName entries, RFC 5280 §4.2.1.6). */
    private static List<String> dnsNames(X509Certificate certificate) {
        Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                if (entry.size() == 2 && Integer.valueOf(2).equals(entry.get(0)) && entry.get(1) instanceof String dns) {
                    try {
                        names.add(HostNames.pattern(dns));
                    } catch (IllegalArgumentException e) {
                        // A name no client could ask for by SNI; it never matches, so leave it.
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * An expired certificate is served all the same, as OpenSSL-based servers do (clients then
     * refuse it, which is the operator's cue); refusing to start would turn a late renewal into
     * an outage. It is logged, with the file.
     */
    private static void warnIfNotValidNow(X509Certificate certificate, Path file) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            LOG.log(Level.WARNING, "{0}: the certificate {1} expired at {2}; clients will refuse it", file,
                    certificate.getSubjectX500Principal().getName(), certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            LOG.log(Level.WARNING, "{0}: the certificate {1} is not valid before {2}; clients will refuse it", file,
                    certificate.getSubjectX500Principal().getName(), certificate.getNotBefore().toInstant());
        }
    }
}
