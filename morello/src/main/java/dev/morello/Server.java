package dev.morello;

import dev.morello.engine.Bus;
import dev.morello.http.HttpServer;
import dev.morello.http.HttpVersion;
import dev.morello.http.ServerConfig;
import dev.morello.internal.Logs;
import dev.morello.internal.RefusalLog;
import dev.morello.internal.ServerAdapter;
import dev.morello.internal.Values;
import dev.morello.internal.Version;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * </table>
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
                case "ssl_certificate", "ssl_private_key", "ssl_certificate_chain", "ssl_context", "ssl_module", "ssl_ciphers" -> {
                    if (v != null && !(e.getKey().equals("ssl_module") && "builtin".equals(v))) {
                        // never serve in cleartext a site configured for TLS
                        throw new IllegalArgumentException(key + " is set, but this version of Morello does not serve"
                                + " TLS; terminate TLS in front of it (a proxy) and remove the server.ssl_* keys");
                    }
                }
                case "shutdown_timeout" -> b.shutdownTimeout(seconds(key, v));
                default -> { }
            }
        }
        return b.build();
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
     * The server's base URL, {@code http://host:port}: an any-address host is replaced by the
     * machine's name, and port 80 is left out (CherryPy's {@code server.base()}).
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
        return "http://" + host + (port == 80 ? "" : ":" + port);
    }
}
