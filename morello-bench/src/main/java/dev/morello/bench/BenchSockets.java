package dev.morello.bench;

import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketGroup;
import dev.morello.http.websocket.WebSocketListener;
import java.io.IOException;

/**
 * The WebSocket lines' endpoints on Morello's server, the same for every server: {@code /ws/echo}
 * sends each text message back; on {@code /ws/broadcast} a message {@code pub:TEXT} is sent as
 * {@code TEXT} to every connection of the endpoint.
 */
final class BenchSockets {
    private BenchSockets() {
    }

    static final WebSocketListener ECHO = new WebSocketListener() {
        @Override
        public void onText(WebSocket socket, String text) throws IOException {
            socket.sendText(text);
        }
    };

    private static final WebSocketGroup LISTENERS = new WebSocketGroup();

    static final WebSocketListener BROADCAST = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket socket) {
            LISTENERS.add(socket);
        }

        @Override
        public void onText(WebSocket socket, String text) {
            if (text.startsWith("pub:")) {
                LISTENERS.sendText(text.substring(4));
            }
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason) {
            LISTENERS.remove(socket);
        }
    };
}
