package dev.morello.http.websocket.autobahn;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server the case groups run against, as Autobahn's fuzzing client expects of one: it echoes
 * every text and binary message as it came, and a text message {@value #CLOSE_ME} makes it start
 * the closing handshake itself with 1000. It remembers how each WebSocket ended.
 */
final class EchoServer implements AutoCloseable {
    static final String CLOSE_ME = "\u0000close me";

    private final HttpServer server;
    /** "code reason" of each ended WebSocket, in the order they ended. */
    final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private final WebSocketListener echo = new WebSocketListener() {
        @Override
        public void onText(WebSocket socket, String text) throws IOException {
            if (text.equals(CLOSE_ME)) {
                socket.close(WebSocket.NORMAL_CLOSURE, "as asked");
            } else {
                socket.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocket socket, byte[] data) throws IOException {
            socket.sendBinary(data);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason) {
            closes.add(code + " " + reason);
        }
    };

    private EchoServer(ServerConfig serverConfig, WebSocketConfig config) {
        server = HttpServer.create(serverConfig, exchange -> exchange.upgradeToWebSocket(config, echo)).start();
    }

    /** With the default WebSocket settings (compression accepted when offered). */
    static EchoServer start() {
        return start(WebSocketConfig.defaults());
    }

    static EchoServer start(WebSocketConfig config) {
        return start(config, b -> b);
    }

    static EchoServer start(WebSocketConfig config, UnaryOperator<ServerConfig.Builder> server) {
        return new EchoServer(server.apply(ServerConfig.builder().host("127.0.0.1").port(0)).build(), config);
    }

    int port() {
        return server.port();
    }

    FrameClient connect() throws IOException {
        return FrameClient.connect(port());
    }

    /** How the next WebSocket to end ended, as its listener heard: "code reason". */
    String nextClose() throws InterruptedException {
        String c = closes.poll(FrameClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(c, "no WebSocket ended in time");
        return c;
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }

    /**
     * The echo server with the default settings for a test class: started before its first test,
     * closed after its last ({@code @RegisterExtension static final EchoServer.PerClass server}).
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private EchoServer server;

        @Override
        public void beforeAll(ExtensionContext context) {
            server = EchoServer.start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            server.close();
        }

        int port() {
            return server.port();
        }

        FrameClient connect() throws IOException {
            return server.connect();
        }
    }
}
