package dev.morello.http.tls;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Real TLS handshakes between a JDK client and a server side built by {@link TlsContext}, in
 * process: over a loopback socket (an {@code SSLServerSocket} of the context, on a free port) or
 * between two {@code SSLEngine}s exchanging their records in memory (the server's from
 * {@link TlsContext#newEngine()}, as the server will use it).
 *
 * <p>After the handshake the client sends a byte and the server answers one, so that a refusal
 * the server makes after the client thinks it is done (TLS 1.3 client authentication) shows on
 * both sides.
 */
final class Handshakes {
    private Handshakes() {
    }

    /** How the client connects; build with {@link #trusting} and the {@code with} methods. */
    record Client(Path trustedRoot, String serverName, Path keyStore, List<String> protocols, List<String> alpn,
                  boolean checkHostName) {
        static Client trusting(Path root) {
            return new Client(root, null, null, null, null, false);
        }

        /** Sends this host name by SNI (none is sent otherwise). */
        Client sni(String name) {
            return new Client(trustedRoot, name, keyStore, protocols, alpn, checkHostName);
        }

        /** Offers the certificate of this PKCS#12 store (password {@link TestPki#PASSWORD}). */
        Client certificate(Path store) {
            return new Client(trustedRoot, serverName, store, protocols, alpn, checkHostName);
        }

        Client protocols(String... versions) {
            return new Client(trustedRoot, serverName, keyStore, List.of(versions), alpn, checkHostName);
        }

        Client alpn(String... names) {
            return new Client(trustedRoot, serverName, keyStore, protocols, List.of(names), checkHostName);
        }

        /** Checks the server's certificate names the SNI host, as an HTTPS client does. */
        Client checkingHostName() {
            return new Client(trustedRoot, serverName, keyStore, protocols, alpn, true);
        }

        SSLContext context() throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(trustedRoot)) {
                trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keyStore)) {
                    ks.load(in, TestPki.PASSWORD.toCharArray());
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, TestPki.PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : new KeyManager[] {new Insistent((X509KeyManager) kmf.getKeyManagers()[0])},
                    tmf.getTrustManagers(), null);
            return context;
        }

        SSLParameters parameters(SSLContext context) {
            SSLParameters p = context.getDefaultSSLParameters();
            p.setServerNames(serverName == null ? List.<SNIServerName>of() : List.of(new SNIHostName(serverName)));
            if (protocols != null) {
                p.setProtocols(protocols.toArray(String[]::new));
            }
            if (alpn != null) {
                p.setApplicationProtocols(alpn.toArray(String[]::new));
            }
            if (checkHostName) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            return p;
        }
    }

    /**
     * A client key manager that offers its certificate whenever asked, whoever the server says
     * it trusts; the JDK's own sends none the server's list of authorities leaves out, and a
     * test of the server's own check needs the certificate sent.
     */
    private static final class Insistent extends X509ExtendedKeyManager {
        private final X509KeyManager keys;

        Insistent(X509KeyManager keys) {
            this.keys = keys;
        }

        private String any(String[] keyTypes) {
            for (String type : keyTypes) {
                String[] aliases = keys.getClientAliases(type, null);
                if (aliases != null && aliases.length > 0) {
                    return aliases[0];
                }
            }
            return null;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return any(keyTypes);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return any(keyTypes);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** One side's view: its session and ALPN result, or why its handshake failed. */
    record Side(SSLSession session, String applicationProtocol, Exception failure) {
        boolean succeeded() {
            return failure == null;
        }

        /** The certificate the other side presented (its first), or {@code null} for none. */
        X509Certificate peerCertificate() {
            if (session == null) {
                return null;
            }
            try {
                return (X509Certificate) session.getPeerCertificates()[0];
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }

        /** The subject's common name of the other side's certificate. */
        String peerName() {
            X509Certificate c = peerCertificate();
            return c == null ? null : c.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
        }

        /** Whether the failure, or one of its causes, is of that type. */
        boolean failedWith(Class<? extends Throwable> type) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Outcome(Side client, Side server) {
        boolean succeeded() {
            return client.succeeded() && server.succeeded();
        }
    }

    /** The two ways the server side runs. */
    enum Transport {
        /** An {@code SSLServerSocket} of the context's {@code SSLContext} with its parameters. */
        SOCKET {
            @Override
            Outcome handshake(TlsContext server, Client client) throws Exception {
                return overSocket(server, client);
            }
        },
        /** The context's own {@link TlsContext#newEngine()}, driven against a client engine in memory. */
        ENGINE {
            @Override
            Outcome handshake(TlsContext server, Client client) throws Exception {
                return overEngines(server.newEngine(), client);
            }
        };

        abstract Outcome handshake(TlsContext server, Client client) throws Exception;
    }

    static Outcome overSocket(TlsContext server, Client client) throws Exception {
        SSLContext clientContext = client.context();
        try (OneConnection connection = OneConnection.serve(server, true)) {
            Side clientSide;
            try (SSLSocket c = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), connection.port())) {
                c.setSoTimeout(10_000);
                c.setSSLParameters(client.parameters(clientContext));
                c.startHandshake();
                c.getOutputStream().write('x');
                c.getOutputStream().flush();
                if (c.getInputStream().read() != 'y') {
                    throw new EOFException("the server closed the connection after the handshake");
                }
                clientSide = new Side(c.getSession(), c.getApplicationProtocol(), null);
            } catch (IOException e) {
                clientSide = new Side(null, null, e);
            }
            return new Outcome(clientSide, connection.await());
        }
    }

    /**
     * A server socket of the context on a free loopback port that accepts one connection and
     * handshakes (then, with {@code exchange}, reads "x" and answers "y").
     */
    static final class OneConnection implements AutoCloseable {
        private final ExecutorService executor = Executors.newSingleThreadExecutor();
        private final SSLServerSocket listener;
        private final Future<Side> side;

        private OneConnection(TlsContext server, boolean exchange) throws IOException {
            listener = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            listener.setSSLParameters(server.parameters());
            side = executor.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    try {
                        s.startHandshake();
                        if (exchange) {
                            if (s.getInputStream().read() != 'x') {
                                throw new EOFException("the client sent nothing after the handshake");
                            }
                            s.getOutputStream().write('y');
                            s.getOutputStream().flush();
                        }
                        return new Side(s.getSession(), s.getApplicationProtocol(), null);
                    } catch (IOException e) {
                        return new Side(null, null, e);
                    }
                }
            });
        }

        static OneConnection serve(TlsContext server, boolean exchange) throws IOException {
            return new OneConnection(server, exchange);
        }

        int port() {
            return listener.getLocalPort();
        }

        /** {@code host:port} to connect to, as command-line clients take it. */
        String authority() {
            InetAddress address = listener.getInetAddress();
            String host = address.getHostAddress();
            return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port();
        }

        /** The server's side of the one connection, once it is done. */
        Side await() throws Exception {
            return side.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            executor.shutdownNow();
            listener.close();
        }
    }

    /** A handshake between the given server engine and the client's, their records passed in memory. */
    static Outcome overEngines(SSLEngine server, Client client) throws Exception {
        SSLContext clientContext = client.context();
        SSLEngine c = client.serverName() == null
                ? clientContext.createSSLEngine()
                : clientContext.createSSLEngine(client.serverName(), 443);
        c.setUseClientMode(true);
        c.setSSLParameters(client.parameters(clientContext));
        Pump pump = new Pump(c, server);
        pump.run();
        return new Outcome(pump.result(c, pump.clientFailure), pump.result(server, pump.serverFailure));
    }

    /** Moves records between two engines until both are done or one failed and all is said. */
    private static final class Pump {
        private final SSLEngine client;
        private final SSLEngine server;
        private final ByteBuffer toServer;
        private final ByteBuffer toClient;
        private final ByteBuffer clientApp;
        private final ByteBuffer serverApp;
        Exception clientFailure;
        Exception serverFailure;
        private boolean clientSent;
        private boolean serverAnswered;

        Pump(SSLEngine client, SSLEngine server) {
            this.client = client;
            this.server = server;
            int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
            int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
            toServer = ByteBuffer.allocate(packet * 8);
            toClient = ByteBuffer.allocate(packet * 8);
            clientApp = ByteBuffer.allocate(app * 4);
            serverApp = ByteBuffer.allocate(app * 4);
        }

        void run() throws SSLException {
            client.beginHandshake();
            server.beginHandshake();
            for (int round = 0; round < 200; round++) {
                int before = toServer.position() + toClient.position();
                boolean progress = false;
                // After its handshake the client sends "x"; the server answers "y" once it read it.
                ByteBuffer clientData = ByteBuffer.wrap(clientSent || !done(client) || clientFailure != null
                        ? new byte[0] : new byte[] {'x'});
                progress |= wrap(client, clientData, toServer, true);
                if (clientData.position() > 0) {
                    clientSent = true;
                }
                boolean answer = !serverAnswered && serverApp.position() > 0 && serverFailure == null;
                ByteBuffer serverData = ByteBuffer.wrap(answer ? new byte[] {'y'} : new byte[0]);
                progress |= wrap(server, serverData, toClient, false);
                if (serverData.position() > 0) {
                    serverAnswered = true;
                }
                progress |= unwrap(server, toServer, serverApp, false);
                progress |= unwrap(client, toClient, clientApp, true);
                progress |= toServer.position() + toClient.position() != before;
                if (clientApp.position() > 0 && serverAnswered) {
                    return;
                }
                if (!progress && (clientFailure != null || serverFailure != null)) {
                    return;
                }
                if (!progress && round > 0) {
                    break;
                }
            }
            if (clientFailure == null && clientApp.position() == 0) {
                clientFailure = new EOFException("the exchange stopped before the server answered");
            }
        }

        private static boolean done(SSLEngine e) {
            HandshakeStatus s = e.getHandshakeStatus();
            return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
        }

        private boolean wrap(SSLEngine engine, ByteBuffer data, ByteBuffer out, boolean isClient) {
            if (engine.isOutboundDone()) {
                return false;
            }
            boolean progress = false;
            try {
                for (int i = 0; i < 16; i++) {
                    int produced = engine.wrap(data, out).bytesProduced();
                    runTasks(engine);
                    if (produced == 0) {
                        break;
                    }
                    progress = true;
                }
            } catch (SSLException e) {
                fail(isClient, e);
                progress = true;
            }
            return progress;
        }

        private boolean unwrap(SSLEngine engine, ByteBuffer in, ByteBuffer app, boolean isClient) {
            in.flip();
            boolean progress = false;
            try {
                while (in.hasRemaining() && !engine.isInboundDone()) {
                    int consumed = engine.unwrap(in, app).bytesConsumed();
                    runTasks(engine);
                    if (consumed == 0) {
                        break;
                    }
                    progress = true;
                }
            } catch (SSLException e) {
                fail(isClient, e);
                in.position(in.limit());
                progress = true;
            } finally {
                in.compact();
            }
            return progress;
        }

        private void fail(boolean isClient, SSLException e) {
            if (isClient && clientFailure == null) {
                clientFailure = e;
            } else if (!isClient && serverFailure == null) {
                serverFailure = e;
            }
        }

        private static void runTasks(SSLEngine engine) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }

        Side result(SSLEngine engine, Exception failure) {
            return failure == null
                    ? new Side(engine.getSession(), engine.getApplicationProtocol(), null)
                    : new Side(null, null, failure);
        }
    }

    /** The certificate in a PEM file. */
    static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
