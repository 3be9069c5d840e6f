package dev.morello.http;

import dev.morello.http.internal.ServerCore;
import dev.morello.http.tls.TlsConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Morello's HTTP/1.1 server, usable on its own: give it a {@link ServerConfig} and an
 * {@link HttpHandler}, start it, stop it.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.create(ServerConfig.builder().port(0).build(),
 *         exchange -> exchange.send(200, "Hello".getBytes(StandardCharsets.US_ASCII)))) {
 *     server.start();
 *     System.out.println("listening on " + server.port());
 *     ...
 * }   // close() stops it gracefully
 * }</pre>
 *
 * <p>One platform thread accepts; every connection then runs on its own virtual thread, which
 * reads each request, calls the handler and writes the response, with no hand-off in between.
 */
public final class HttpServer implements AutoCloseable {
    private final ServerConfig config;
    private final ServerCore core;

    private HttpServer(ServerConfig config, HttpHandler handler) {
        this.config = config;
        this.core = new ServerCore(config, handler);
    }

    public static HttpServer create(ServerConfig config, HttpHandler handler) {
        return new HttpServer(Objects.requireNonNull(config, "config"), Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Binds and starts accepting. Throws {@link UncheckedIOException} when it cannot bind, and
     * {@link IllegalStateException} when the TLS keys or certificates cannot be loaded (its cause
     * is the {@link TlsConfigException}, whose message names the file); nothing is bound then.
     */
    public HttpServer start() {
        try {
            core.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + where() + ": " + e.getMessage(), e);
        } catch (TlsConfigException e) {
            throw new IllegalStateException("cannot serve TLS: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Reads the TLS keys and certificates again (after they were renewed, say): connections
     * accepted from now on are served with the new ones, those already open keep theirs. When
     * the files cannot be loaded now, the server goes on with the ones it has and this throws.
     *
     * @throws TlsConfigException    naming the file that could not be loaded
     * @throws IllegalStateException when this server does not serve TLS
     */
    public void reloadTls() throws TlsConfigException {
        core.reloadTls();
    }

    /** Whether this server serves HTTPS. */
    public boolean isTls() {
        return config.tls() != null;
    }

    /** The bound TCP port (useful with port 0), or -1 for a Unix domain socket. */
    public int port() {
        return core.port();
    }

    /** The bound address, or {@code null} before {@link #start()}. */
    public SocketAddress address() {
        return core.address();
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * The connection limit in force: {@link ServerConfig#maxConnections()}, or for
     * {@link ServerConfig#AUTO} the one derived from the file-descriptor limit; 0 for none.
     */
    public int maxConnections() {
        return core.maxConnections();
    }

    /** Open connections right now. */
    public int connectionCount() {
        return core.connectionCount();
    }

    /**
     * What the server has done since it started: connections, requests (in flight and waiting
     * too), bytes, WebSockets, refusals by status. Always kept, without locks on the request path;
     * each call sums the counters anew.
     */
    public ServerStatistics statistics() {
        return core.statistics();
    }

    public boolean isRunning() {
        return core.running();
    }

    /** Stops gracefully within the configured {@link ServerConfig#shutdownTimeout()}. */
    public void stop() {
        core.stop(config.shutdownTimeout());
    }

    /**
     * Stops accepting, closes idle connections, lets requests in flight finish within
     * {@code timeout}, then closes whatever remains.
     */
    public void stop(Duration timeout) {
        core.stop(timeout);
    }

    @Override
    public void close() {
        stop();
    }

    private String where() {
        return config.unixSocket() != null ? config.unixSocket().toString() : config.host() + ":" + config.port();
    }
}
