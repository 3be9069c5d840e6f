package dev.morello.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.HttpServer;
import dev.morello.http.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A response too large for the send buffer, on the first request of a new connection, needs
 * write interest from the loop that has just registered the socket. The loop could once report
 * the request, and the connection's thread ask for write interest, before the acceptor had
 * stored the connection's selection key: the request for interest was dropped and the response
 * stalled halfway, for good. Many fresh connections at once, each asking to close after one large
 * file, make that interleaving likely; every one of them must get the whole file.
 */
class FreshConnectionWritesTest {
    private static final int SIZE = 4 * 1024 * 1024;
    private static final int CLIENTS = 8;
    private static final int CONNECTIONS_EACH = 8;

    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void everyFreshConnectionGetsItsWholeLargeFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.bin");
        Files.write(file, new byte[SIZE]);
        HttpServer server = servers.start(ex -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ex.sendFile(200, ch, 0, ch.size());
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<List<Long>>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(pool.submit(() -> {
                    List<Long> received = new ArrayList<>();
                    for (int j = 0; j < CONNECTIONS_EACH; j++) {
                        received.add(fetch(server.port()));
                    }
                    return received;
                }));
            }
            for (Future<List<Long>> client : clients) {
                for (long bodyBytes : client.get()) {
                    assertEquals(SIZE, bodyBytes, "body bytes received before the server closed");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One request on a new connection; returns the body bytes that came before the end of the stream. */
    private static long fetch(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            // a stalled response shows as a timeout rather than a hung build
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET /large HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            long headEnd = -1;
            int matched = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n && headEnd < 0; i++) {
                    matched = buffer[i] == "\r\n\r\n".charAt(matched) ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                    if (matched == 4) {
                        headEnd = total + i + 1;
                    }
                }
                total += n;
            }
            return total - headEnd;
        }
    }
}
