package dev.morello.bench;

import dev.morello.http.HeaderName;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.tls.KeySource;
import dev.morello.http.tls.TlsConfig;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketHandshake;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bench on Morello's raw server with its default configuration: one accepting thread, one
 * selector loop where connections wait between requests, and a virtual thread per connection. {@code Server} and {@code Date} are the server's own.
 */
final class MorelloServer implements BenchServer {
    private final BenchTls tls;
    private final Path staticDir;
    private HttpServer server;

    MorelloServer() {
        this(null, null);
    }

    /**
     * Over TLS when {@code tls} is given, HTTP/2 too with {@code -Dbench.h2c=true}; serving
     * {@code staticDir}'s files at /static/ when it is given as well.
     */
    MorelloServer(BenchTls tls, Path staticDir) {
        this.tls = tls;
        this.staticDir = tls == null && !BenchServer.h2c() ? null : staticDir;
    }

    @Override
    public void start(String host, int port) {
        ServerConfig.Builder config = ServerConfig.builder().host(host).port(port).http2(BenchServer.h2c());
        if (tls != null) {
            config.tls(TlsConfig.builder().certificate(KeySource.pkcs12(tls.keystore(), tls.password())).build());
        }
        server = HttpServer.create(config.build(), this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws Exception {
        String path = exchange.path();
        if (path.startsWith("/ws/") && WebSocketHandshake.requested(exchange)) {
            exchange.upgradeToWebSocket(WEBSOCKETS, path.equals("/ws/broadcast") ? BenchSockets.BROADCAST : BenchSockets.ECHO);
            return;
        }
        if (staticDir != null && path.startsWith(STATIC) && path.indexOf('/', STATIC.length()) < 0
                && !path.contains("..")) {
            Path file = staticDir.resolve(path.substring(STATIC.length()));
            if (Files.isRegularFile(file)) {
                exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, "application/octet-stream");
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    exchange.sendFile(200, ch, 0, ch.size());
                }
                return;
            }
        }
        switch (path) {
            case Payloads.PLAINTEXT_PATH -> {
                exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, Payloads.TEXT_PLAIN);
                exchange.send(200, Payloads.PLAINTEXT);
            }
            case Payloads.JSON_PATH -> {
                exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, Payloads.APPLICATION_JSON);
                exchange.send(200, Payloads.json());
            }
            default -> {
                exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, Payloads.TEXT_PLAIN);
                exchange.send(404, Payloads.NOT_FOUND);
            }
        }
    }

    private static final String STATIC = "/static/";
    /** As the peers' WebSockets: no compression, no pings of the server's own. */
    private static final WebSocketConfig WEBSOCKETS = WebSocketConfig.defaults().withCompression(false)
            .withPingInterval(java.time.Duration.ZERO);

    @Override
    public String description() {
        return "Morello HttpServer, defaults (selector loop, virtual thread per connection)"
                + (tls == null ? "" : "; TLS (JDK provider)") + (BenchServer.h2c() ? "; HTTP/2 (h2c by prior knowledge)" : "") + (staticDir == null ? "" : "; /static/ from " + staticDir);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
