package dev.morello.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bench on Vert.x 5: 2 event loops, 2 instances of a verticle that each listen on the same
 * address (Vert.x shares the socket and spreads connections over them), native epoll when
 * available. Vert.x adds neither {@code Server} nor {@code Date}; the handler does.
 */
final class VertxServer implements BenchServer {
    private static final int INSTANCES = 2;
    private static final CharSequence SERVER = HttpHeaders.createOptimized("Vert.x");
    private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized(Payloads.TEXT_PLAIN);
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized(Payloads.APPLICATION_JSON);

    private final Path staticDir;
    private Vertx vertx;

    VertxServer() {
        this(null);
    }

    /**
     * Also serving {@code staticDir}'s files at /static/ when it is given ({@code sendFile}, as a
     * Vert.x application serves a file). Vert.x takes h2c by prior knowledge on its plain port by
     * default ({@code HttpServerOptions.setHttp2ClearTextEnabled}).
     */
    VertxServer(Path staticDir) {
        this.staticDir = staticDir;
    }

    @Override
    public void start(String host, int port) throws InterruptedException, ExecutionException {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(INSTANCES).setPreferNativeTransport(true));
        vertx.deployVerticle(() -> new Endpoints(host, port, staticDir), new DeploymentOptions().setInstances(INSTANCES))
                .toCompletionStage().toCompletableFuture().get();
    }

    private static final class Endpoints extends VerticleBase {
        private final String host;
        private final int port;
        private final Path staticDir;

        Endpoints(String host, int port, Path staticDir) {
            this.host = host;
            this.port = port;
            this.staticDir = staticDir;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(this::handle)
                    .webSocketHandler(Endpoints::webSocket)
                    .listen();
        }

        /**
         * The WebSocket lines' endpoints (see {@code BenchSockets}): {@code /ws/echo} echoes,
         * {@code /ws/broadcast} sends {@code pub:TEXT} as TEXT to every listener, from whichever
         * event loop took the publisher's message (Vert.x hands each write to its socket's loop).
         */
        private static void webSocket(ServerWebSocket ws) {
            switch (ws.path()) {
                case "/ws/echo" -> ws.textMessageHandler(ws::writeTextMessage);
                case "/ws/broadcast" -> {
                    LISTENERS.add(ws);
                    ws.closeHandler(v -> LISTENERS.remove(ws));
                    ws.textMessageHandler(text -> {
                        if (text.startsWith("pub:")) {
                            String message = text.substring(4);
                            for (ServerWebSocket s : LISTENERS) {
                                s.writeTextMessage(message);
                            }
                        }
                    });
                }
                default -> ws.close((short) 1008, "no such endpoint");
            }
        }

        private static final String STATIC = "/static/";
        private static final Set<ServerWebSocket> LISTENERS = ConcurrentHashMap.newKeySet();

        private void handle(HttpServerRequest request) {
            String path = request.path();
            if (staticDir != null && path.startsWith(STATIC) && path.indexOf('/', STATIC.length()) < 0 && !path.contains("..")) {
                Path file = staticDir.resolve(path.substring(STATIC.length()));
                if (Files.isRegularFile(file)) {
                    request.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                            .putHeader(HttpHeaders.SERVER, SERVER)
                            .putHeader(HttpHeaders.DATE, HttpDate.now())
                            .sendFile(file.toString());
                    return;
                }
            }
            Buffer body;
            CharSequence type;
            int status = 200;
            switch (request.path()) {
                case Payloads.PLAINTEXT_PATH -> {
                    body = Buffer.buffer(Payloads.PLAINTEXT);
                    type = TEXT_PLAIN;
                }
                case Payloads.JSON_PATH -> {
                    body = Buffer.buffer(Payloads.json());
                    type = APPLICATION_JSON;
                }
                default -> {
                    body = Buffer.buffer(Payloads.NOT_FOUND);
                    type = TEXT_PLAIN;
                    status = 404;
                }
            }
            request.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, type)
                    .putHeader(HttpHeaders.SERVER, SERVER)
                    .putHeader(HttpHeaders.DATE, HttpDate.now())
                    .end(body);
        }
    }

    @Override
    public String description() {
        String transport = vertx != null && vertx.isNativeTransportEnabled() ? "epoll" : "NIO";
        return "Vert.x 5, " + INSTANCES + " event loops, " + INSTANCES + " verticle instances, " + transport
                + ", h2c by prior knowledge (its default)" + (staticDir == null ? "" : "; /static/ from " + staticDir);
    }

    @Override
    public void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Vert.x did not stop cleanly", e);
            }
        }
    }
}
