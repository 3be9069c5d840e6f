package dev.morello.http.limits;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
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
        System.out.println("PORT " + ((InetSocketAddress) server.address()).getPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("heap")) {
                System.out.println("HEAP " + heapAfterCollection());
                System.out.flush();
            }
        }
        server.stop(java.time.Duration.ofSeconds(2));
    }

    private static long heapAfterCollection() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // a few rounds (each a full collection with the serial collector): the least is what is held
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
