package dev.morello.http.limits;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A server in a process of its own, for tests that lower its file-descriptor limit: started with
 * the connection limit to use ({@code auto} or a count), it prints {@code PORT n} and the limit in
 * force, serves until its standard input closes, then stops.
 */
public final class ChildServer {
    private ChildServer() {
    }

    public static void main(String[] args) throws IOException {
        int limit = args[0].equals("auto") ? ServerConfig.AUTO : Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(0).maxConnections(limit)
                .build(), ex -> ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII)));
        server.start();
        // as a site logs its start: the log back-end is then ready before descriptors run out
        System.getLogger("dev.morello.http").log(System.Logger.Level.INFO, "serving");
        System.out.println("PORT " + ((InetSocketAddress) server.address()).getPort() + " LIMIT " + server.maxConnections());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input
        }
        server.stop(java.time.Duration.ofSeconds(2));
    }
}
