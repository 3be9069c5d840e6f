package dev.morello.http.testing;

import dev.morello.http.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The side of a server in a process of its own that lets a test weigh its heap: prints
 * {@code PORT n}, answers each {@code heap} line on standard input with {@code HEAP bytes} in use
 * after full collections, and stops the server when its input closes.
 */
public final class HeapQueries {
    private HeapQueries() {
    }

    public static void answer(HttpServer server) throws IOException {
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("heap")) {
                System.out.println("HEAP " + heapAfterCollection());
                System.out.flush();
            }
        }
        server.stop(Duration.ofSeconds(2));
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
