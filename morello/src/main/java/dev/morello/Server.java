package dev.morello;

import dev.morello.engine.Bus;
import dev.morello.http.HttpServer;
import dev.morello.http.HttpVersion;
import dev.morello.http.ServerConfig;
import dev.morello.http.tls.ClientAuth;
import dev.morello.http.tls.KeySource;
import dev.morello.http.tls.TlsConfig;
import dev.morello.http.tls.TrustSource;
import dev.morello.internal.Logs;
import dev.morello.internal.RefusalLog;
import dev.morello.internal.ServerAdapter;
import dev.morello.internal.Values;
import dev.morello.internal.Version;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site's HTTP server, as CherryPy's {@code cherrypy.server}: its settings come from the
 * {@code server.*} config keys, and it starts and stops with the engine.
 *
 * <pre>{@code
 * Morello.config().update(Map.of("server.socket_host", "0.0.0.0", "server.socket_port", 8080));
 * }</pre>
 *
 * <table>
 * <caption>server.* keys</caption>
 * <tr><td>socket_host</td><td>127.0.0.1</td><td>address to bind; {@code 0.0.0.0} or {@code ::} for all</td></tr>
 * <tr><td>socket_port</td><td>8080</td><td>port to bind; 0 picks a free one</td></tr>
 * <tr><td>socket_file</td><td>none</td><td>a Unix-domain socket path, instead of host and port</td></tr>
 * <tr><td>socket_queue_size</td><td>server default</td><td>listen backlog</td></tr>
 * <tr><td>socket_timeout</td><td>10</td><td>seconds a connection may sit idle or a read may wait</td></tr>
 * <tr><td>thread_pool</td><td>unlimited</td><td>requests handled at once (each connection has its own virtual thread)</td></tr>
 * <tr><td>max_request_header_size</td><td>65536</td><td>bytes of request line and headers; 431 past it</td></tr>
 * <tr><td>max_request_body_size</td><td>104857600</td><td>bytes of request body; 413 past it; 0 for no limit</td></tr>
 * <tr><td>max_connections</td><td>-1</td><td>open connections at most; -1 from the descriptor limit, 0 none</td></tr>
 * <tr><td>max_connections_per_address</td><td>0</td><td>open connections from one client address; 0 for no limit</td></tr>
 * <tr><td>min_body_rate</td><td>512</td><td>bytes a second a body must average; 408 below it; 0 for none</td></tr>
 * <tr><td>protocol_version</td><td>HTTP/1.1</td><td>the highest version answered with</td></tr>
 * <tr><td>shutdown_timeout</td><td>5</td><td>seconds in-flight requests get to finish on stop</td></tr>
 * <tr><td>ssl_certificate</td><td>none</td><td>PEM certificate (its chain may follow): serve HTTPS</td></tr>
 * <tr><td>ssl_private_key</td><td>none</td><td>PEM private key (PKCS#8, PKCS#1 or SEC1); else in ssl_certificate's file</td></tr>
 * <tr><td>ssl_certificate_chain</td><td>none</td><td>PEM intermediate certificates</td></tr>
 * <tr><td>ssl_ciphers</td><td>JDK defaults</td><td>cipher suites, OpenSSL or JDK names, {@code :}-separated</td></tr>
 * <tr><td>ssl_keystore</td><td>none</td><td>a PKCS#12 key store instead of PEM files (with ssl_keystore_password)</td></tr>
 * <tr><td>http2</td><td>False</td><td>also speak HTTP/2: {@code h2} by ALPN over TLS, h2c by prior knowledge</td></tr>
 * <tr><td>ssl_client_auth</td><td>none</td><td>none, want or need a client certificate (from ssl_client_ca's authorities)</td></tr>
 * </table>
 *
 * <p>Further servers are configured by {@code server.NAME.*} keys (say {@code server.https.*}),
 * as in CherryPy: HTTP on one port and HTTPS on another.
 */
public final class Server {
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final ServerAdapter adapter;
    private final Tree tree;
    /** The server's own refusals (400, 408, 413, 503 ...), in the site's access and error logs. */
    private final RefusalLog refusals = new RefusalLog(Logs.site());

    /** {@code name}: "" for the main server, NAME for one configured by {@code server.NAME.*}. */
    Server(Bus bus, Tree tree, String name) {
        this.tree = tree;
        this.adapter = new ServerAdapter(bus, name, () -> {
            tree.requireAdmitted();
            ServerConfig c = config();
            tree.protocol(c.protocolVersion());
            return c;
        }, tree);
    }

    ServerAdapter adapter() {
        return adapter;
    }

    /** Sets one setting by its key without the {@code server.} prefix ({@code socket_port}). */
    public synchronized void set(String key, Object value) {
        settings.put(key, value);
    }

    /** Forgets every setting: back to the defaults. */
    public synchronized void clear() {
        settings.clear();
        refusals.reset();
    }

    public synchronized Object get(String key) {
        return settings.get(key);
    }

    /** The server config these settings make. A value that does not fit stops here, naming its key. */
    public synchronized ServerConfig config() {
        ServerConfig.Builder b = ServerConfig.builder().serverName("Morello/" + Version.NUMBER)
                .host("127.0.0.1").port(8080)
                .idleTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(10))
                .shutdownTimeout(Duration.ofSeconds(5)).clock(tree.clock()).refusals(refusals);
        Map<String, Object> ssl = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            String key = "server." + e.getKey();
            Object v = e.getValue();
            switch (e.getKey()) {
                case "socket_host" -> {
                    String host = Values.string(key, v);
                    if (host == null || host.isEmpty()) {
                        throw new IllegalArgumentException("server.socket_host must name an address; use 0.0.0.0 or :: for all");
                    }
                    b.host(host);
                }
                case "socket_port" -> b.port(port(key, v));
                case "socket_file" -> {
                    if (v != null && !v.toString().isEmpty()) {
                        b.unixSocket(Path.of(v.toString()));
                    }
                }
                case "socket_queue_size" -> b.backlog((int) Values.integer(key, v));
                case "socket_timeout" -> {
                    Duration d = seconds(key, v);
                    b.idleTimeout(d).readTimeout(d);
                }
                case "thread_pool" -> {
                    long n = Values.integer(key, v);
                    if (n > 0) {
                        b.maxConcurrentRequests((int) n);
                    }
                }
                case "max_request_header_size" -> {
                    long n = Values.integer(key, v);
                    if (n > 0) {
                        b.maxHeaderSize((int) Math.min(n, Integer.MAX_VALUE));
                    }
                }
                case "max_request_body_size" -> {
                    // 0 is no limit, as in CherryPy
                    b.maxBodySize(Math.max(0, Values.integer(key, v)));
                }
                case "max_connections" -> b.maxConnections((int) Math.max(ServerConfig.AUTO,
                        Math.min(Values.integer(key, v), Integer.MAX_VALUE)));
                case "max_connections_per_address" -> b.maxConnectionsPerAddress((int) Math.max(0,
                        Math.min(Values.integer(key, v), Integer.MAX_VALUE)));
                case "min_body_rate" -> b.minBodyRate((int) Math.max(0, Math.min(Values.integer(key, v), Integer.MAX_VALUE)));
                case "protocol_version" -> b.protocolVersion(HttpVersion.of(Values.string(key, v)));
                case "accepted_queue_size" -> {
                    long n = Values.integer(key, v);
                    if (n >= 0) {
                        b.requestQueueSize((int) Math.min(n, Integer.MAX_VALUE));
                    }
                }
                case "ssl_module", "ssl_certificate", "ssl_private_key", "ssl_certificate_chain", "ssl_ciphers",
                        "ssl_context", "ssl_private_key_password", "ssl_keystore", "ssl_keystore_password",
                        "ssl_client_auth", "ssl_client_ca" -> {
                    if (v != null) {
                        ssl.put(e.getKey(), v);
                    }
                }
                case "shutdown_timeout" -> b.shutdownTimeout(seconds(key, v));
                case "http2" -> b.http2(Values.bool(key, v));
                default -> { }
            }
        }
        return b.tls(tls(ssl)).build();
    }

    /**
     * The TLS settings of the {@code ssl_*} keys (without their {@code server.} prefix), or null
     * when none names a certificate. A setting that cannot be served stops here: a site
     * configured for TLS is never served in cleartext.
     */
    static TlsConfig tls(Map<String, Object> ssl) {
        Object module = ssl.get("ssl_module");
        if (module != null && !Values.string("server.ssl_module", module).equalsIgnoreCase("builtin")) {
            throw new IllegalArgumentException("server.ssl_module is '" + module + "': Morello serves TLS with the"
                    + " JDK's own provider, 'builtin' (pyOpenSSL is CherryPy's other choice); set it to builtin or leave it out");
        }
        if (ssl.get("ssl_context") != null) {
            throw new IllegalArgumentException("server.ssl_context is a Python SSL context; give the files instead:"
                    + " server.ssl_certificate and server.ssl_private_key (or server.ssl_keystore)");
        }
        String certificate = path(ssl, "ssl_certificate");
        String keystore = path(ssl, "ssl_keystore");
        if (certificate == null && keystore == null) {
            for (String k : ssl.keySet()) {
                if (!k.equals("ssl_module")) {
                    throw new IllegalArgumentException("server." + k + " is set without a certificate: set"
                            + " server.ssl_certificate (PEM) or server.ssl_keystore (PKCS#12) too");
                }
            }
            return null;
        }
        if (certificate != null && keystore != null) {
            throw new IllegalArgumentException("server.ssl_certificate and server.ssl_keystore are both set: give one");
        }
        KeySource keys;
        if (keystore != null) {
            for (String pemOnly : List.of("ssl_private_key", "ssl_certificate_chain", "ssl_private_key_password")) {
                if (ssl.containsKey(pemOnly)) {
                    throw new IllegalArgumentException("server." + pemOnly + " is for PEM files; a PKCS#12 key store"
                            + " (server.ssl_keystore) holds its key and chain itself");
                }
            }
            Object password = ssl.get("ssl_keystore_password");
            keys = KeySource.pkcs12(Path.of(keystore), password == null ? "" : Values.string("server.ssl_keystore_password", password));
        } else {
            if (ssl.containsKey("ssl_keystore_password")) {
                throw new IllegalArgumentException("server.ssl_keystore_password is set without server.ssl_keystore");
            }
            String key = path(ssl, "ssl_private_key");
            // as Python's load_cert_chain: without a key file, the key is in the certificate's file
            KeySource.PemFiles pem = KeySource.pem(Path.of(certificate), Path.of(key == null ? certificate : key));
            String chain = path(ssl, "ssl_certificate_chain");
            if (chain != null) {
                pem = pem.withChain(Path.of(chain));
            }
            Object password = ssl.get("ssl_private_key_password");
            if (password != null) {
                pem = pem.withPassword(Values.string("server.ssl_private_key_password", password));
            }
            keys = pem;
        }
        TlsConfig.Builder b = TlsConfig.builder().certificate(keys);
        Object ciphers = ssl.get("ssl_ciphers");
        if (ciphers != null && !Values.string("server.ssl_ciphers", ciphers).isBlank()) {
            b.cipherSuites(Values.string("server.ssl_ciphers", ciphers));
        }
        ClientAuth auth = ClientAuth.NONE;
        Object clientAuth = ssl.get("ssl_client_auth");
        if (clientAuth != null) {
            String a = Values.string("server.ssl_client_auth", clientAuth).trim().toLowerCase(java.util.Locale.ROOT);
            auth = switch (a) {
                case "none", "" -> ClientAuth.NONE;
                case "want", "optional" -> ClientAuth.WANT;
                case "need", "required" -> ClientAuth.NEED;
                default -> throw new IllegalArgumentException("server.ssl_client_auth must be none, want or need, not '" + clientAuth + "'");
            };
        }
        String clientCa = path(ssl, "ssl_client_ca");
        if (auth != ClientAuth.NONE) {
            if (clientCa == null) {
                throw new IllegalArgumentException("server.ssl_client_auth is " + auth.name().toLowerCase(java.util.Locale.ROOT)
                        + ": set server.ssl_client_ca to the PEM file of the authorities client certificates must chain to");
            }
            b.clientAuth(auth).trust(TrustSource.pem(Path.of(clientCa)));
        } else if (clientCa != null) {
            throw new IllegalArgumentException("server.ssl_client_ca is set but server.ssl_client_auth is none: set it to want or need");
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server.ssl_*: " + e.getMessage(), e);
        }
    }

    private static String path(Map<String, Object> ssl, String name) {
        Object v = ssl.get(name);
        if (v == null) {
            return null;
        }
        String s = Values.string("server." + name, v);
        return s.isBlank() ? null : s;
    }

    private static int port(String key, Object v) {
        long p = Values.integer(key, v);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(key + " must be a port number (0-65535), not " + v);
        }
        return (int) p;
    }

    private static Duration seconds(String key, Object v) {
        return Duration.ofMillis((long) (Values.number(key, v) * 1000));
    }

    /** The running HTTP server, or null when stopped. */
    public HttpServer httpServer() {
        return adapter.server();
    }

    /** The port the server listens on (the real one when {@code socket_port} was 0); -1 when stopped. */
    public int port() {
        HttpServer s = adapter.server();
        return s == null ? -1 : s.port();
    }

    /**
     * The server's base URL, {@code http://host:port} ({@code https://} when it serves TLS): an
     * any-address host is replaced by the machine's name, and the scheme's default port (80, 443)
     * is left out (CherryPy's {@code server.base()}).
     */
    public String base() {
        HttpServer s = adapter.server();
        String host;
        int port;
        if (s != null && s.address() instanceof InetSocketAddress a) {
            host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
            port = a.getPort();
        } else {
            ServerConfig c = config();
            host = c.host();
            port = c.port();
        }
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        } else if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        boolean tls = s != null ? s.isTls() : config().tls() != null;
        return (tls ? "https://" : "http://") + host + (port == (tls ? 443 : 80) ? "" : ":" + port);
    }
}
