package dev.morello.bench;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;

/**
 * The bench on Undertow's core API with 2 IO threads. The handler runs on the IO thread that read
 * the request (it never blocks, so it is not dispatched to the worker pool). Undertow adds
 * {@code Date} itself ({@link UndertowOptions#ALWAYS_SET_DATE} is on by default); the handler adds
 * {@code Server}.
 *
 * <p>{@link UndertowOptions#BUFFER_PIPELINED_DATA} lets pipelined responses leave in one write,
 * as the other servers do; {@link UndertowOptions#ALWAYS_SET_KEEP_ALIVE} off drops a
 * {@code Connection: keep-alive} that HTTP/1.1 does not need, so every server sends the same
 * headers.
 */
final class UndertowServer implements BenchServer {
    private static final int IO_THREADS = 2;
    private static final HttpString SERVER = new HttpString("Server");

    private Undertow server;

    @Override
    public void start(String host, int port) {
        server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(IO_THREADS)
                .setServerOption(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .setHandler(UndertowServer::handle)
                .build();
        server.start();
    }

    private static void handle(HttpServerExchange exchange) {
        byte[] body;
        String type;
        switch (exchange.getRequestPath()) {
            case Payloads.PLAINTEXT_PATH -> {
                body = Payloads.PLAINTEXT;
                type = Payloads.TEXT_PLAIN;
            }
            case Payloads.JSON_PATH -> {
                body = Payloads.json();
                type = Payloads.APPLICATION_JSON;
            }
            default -> {
                body = Payloads.NOT_FOUND;
                type = Payloads.TEXT_PLAIN;
                exchange.setStatusCode(404);
            }
        }
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, type)
                .put(SERVER, "Undertow");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    @Override
    public String description() {
        return "Undertow 2.3 core handler, " + IO_THREADS + " IO threads, on the IO thread";
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
