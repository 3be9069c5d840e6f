package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.http.websocket.WebSocket;
import dev.morello.websocket.WebSocketEndpoint;
import dev.morello.http.websocket.WebSocketGroup;

/**
 * A chat room over WebSocket: the page at {@code /} connects to {@code /room}, and every message
 * one browser sends, every browser in the room shows. A few lines of plain JavaScript, no
 * library.
 */
public class Chat {
    public final Room room = new Room();

    @Expose
    public String index() {
        return PAGE;
    }

    /** The room: whoever is connected hears every message. */
    public static class Room extends WebSocketEndpoint {
        private final WebSocketGroup everyone = new WebSocketGroup();

        @Override
        public void onOpen(WebSocket ws) {
            everyone.add(ws);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            String line = text.strip();
            if (!line.isEmpty() && line.length() <= 500) {
                everyone.sendText(line);
            }
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            everyone.remove(ws);
        }
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Chat</title></head>
            <body>
            <h1>Chat</h1>
            <ul id="log"></ul>
            <form id="say"><input id="text" autocomplete="off" placeholder="Say something">
            <button id="send" disabled>Send</button></form>
            <script>
            const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/room");
            const log = document.getElementById("log");
            socket.onopen = () => document.getElementById("send").disabled = false;
            socket.onmessage = e => {
              const item = document.createElement("li");
              item.textContent = e.data;
              log.appendChild(item);
            };
            document.getElementById("say").onsubmit = e => {
              e.preventDefault();
              const input = document.getElementById("text");
              socket.send(input.value);
              input.value = "";
            };
            </script>
            </body>
            </html>
            """;

    public static void main(String[] args) {
        Morello.quickstart(new Chat());
    }
}
