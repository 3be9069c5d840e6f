package dev.morello.bench;

import dev.morello.http.HeaderName;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;

/**
 * The bench on Morello's raw server with its default configuration: one accepting thread, one
 * selector loop where connections wait between requests, and a virtual thread per connection. {@code Server} and {@code Date} are the server's own.
 */
final class MorelloServer implements BenchServer {
    private HttpServer server;

    @Override
    public void start(String host, int port) {
        server = HttpServer.create(ServerConfig.builder().host(host).port(port).build(), MorelloServer::handle);
        server.start();
    }

    private static void handle(HttpExchange exchange) throws Exception {
        switch (exchange.path()) {
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

    @Override
    public String description() {
        return "Morello HttpServer, defaults (selector loop, virtual thread per connection)";
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
