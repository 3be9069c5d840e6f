package dev.morello.websocket;

import dev.morello.http.websocket.WebSocket;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebSockets that hear the same messages: a chat room, a dashboard's viewers. Sending to the
 * group sends to each member in turn; a member that cannot be sent to (it closed, or its client
 * stopped reading) leaves the group.
 */
public final class WebSocketGroup {
    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();

    /** Adds a socket (in {@code onOpen}, say). */
    public void add(WebSocket socket) {
        members.add(socket);
    }

    /** Removes a socket (in {@code onClose}, say). */
    public void remove(WebSocket socket) {
        members.remove(socket);
    }

    /** Sends a text message to every open member; returns how many it reached. */
    public int sendText(String text) {
        int sent = 0;
        for (WebSocket s : members) {
            try {
                if (s.isOpen()) {
                    s.sendText(text);
                    sent++;
                } else {
                    members.remove(s);
                }
            } catch (IOException e) {
                members.remove(s);
            }
        }
        return sent;
    }

    /** Sends a binary message to every open member; returns how many it reached. */
    public int sendBinary(byte[] data) {
        int sent = 0;
        for (WebSocket s : members) {
            try {
                if (s.isOpen()) {
                    s.sendBinary(data);
                    sent++;
                } else {
                    members.remove(s);
                }
            } catch (IOException e) {
                members.remove(s);
            }
        }
        return sent;
    }

    /** The members now. */
    public int size() {
        return members.size();
    }
}
