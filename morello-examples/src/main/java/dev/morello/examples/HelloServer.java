package dev.morello.examples;

import dev.morello.http.HeaderName;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * The built-in server on its own, with a lambda for a handler and no framework: it answers every
 * GET or HEAD with a greeting. Runs on 127.0.0.1:8080 (or the port given as the first argument)
 * until Ctrl-C, which stops it gracefully.
 */
public final class HelloServer {
    private static final byte[] HELLO = "Hello! How are you?".getBytes(StandardCharsets.US_ASCII);

    private HelloServer() {
    }

    /** The example's handler: a greeting for GET and HEAD, 405 for anything else. */
    public static HttpHandler handler() {
        return exchange -> {
            String method = exchange.method();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.responseHeaders().set(HeaderName.ALLOW, "GET, HEAD");
                exchange.send(405, new byte[0]);
                return;
            }
            exchange.responseHeaders().set(HeaderName.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.send(200, HELLO);
        };
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        HttpServer server = HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(port).build(), handler());
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping...");
            server.stop();
            stopped.countDown();
        }, "morello-shutdown"));
        System.out.println("Serving on http://127.0.0.1:" + server.port() + "  (Ctrl-C stops)");
        stopped.await();
    }
}
