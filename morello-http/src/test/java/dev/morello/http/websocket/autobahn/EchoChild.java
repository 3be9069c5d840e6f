package dev.morello.http.websocket.autobahn;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.testing.HeapQueries;
import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket echo server in a process of its own, whose heap a test can weigh and bound: it
 * prints {@code PORT n}, answers each {@code heap} line on its standard input with
 * {@code HEAP bytes} in use after full collections, and stops when its input closes.
 */
public final class EchoChild {
    private EchoChild() {
    }

    public static void main(String[] args) throws IOException {
        WebSocketListener echo = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) throws IOException {
                socket.sendText(text);
            }

            @Override
            public void onBinary(WebSocket socket, byte[] data) throws IOException {
                socket.sendBinary(data);
            }
        };
        HttpServer server = HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(0).maxConnections(0).build(),
                exchange -> exchange.upgradeToWebSocket(WebSocketConfig.defaults(), echo)).start();
        HeapQueries.answer(server);
    }

    /** Starts the child with the given heap limit; reads its port. */
    static Running start(String maxHeap) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
                EchoChild.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Running r = new Running(p);
        String first = r.out.readLine();
        if (first == null || !first.startsWith("PORT ")) {
            r.close();
            throw new IOException("the child server did not start: " + first);
        }
        r.port = Integer.parseInt(first.substring(5));
        return r;
    }

    /** A started child. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private int port;

        private Running(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        }

        int port() {
            return port;
        }

        boolean alive() {
            return process.isAlive();
        }

        /** The child's heap in use after full collections. */
        long heap() throws IOException {
            process.getOutputStream().write("heap\n".getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().flush();
            String line = out.readLine();
            if (line == null || !line.startsWith("HEAP ")) {
                throw new IOException("the child did not weigh its heap: " + line);
            }
            return Long.parseLong(line.substring(5));
        }

        /** Closes its input (it stops), killing it if it has not ended in ten seconds. */
        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
