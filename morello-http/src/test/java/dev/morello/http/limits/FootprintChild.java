package dev.morello.http.limits;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.testing.HeapQueries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server in a process of its own whose heap a test can weigh: it prints {@code PORT n}, then
 * answers each {@code heap} line on its standard input with the bytes of heap in use after a full
 * collection, and stops when its input closes.
 */
public final class FootprintChild {
    private FootprintChild() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(0).build(),
                ex -> ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII)));
        server.start();
        HeapQueries.answer(server);
    }
}
