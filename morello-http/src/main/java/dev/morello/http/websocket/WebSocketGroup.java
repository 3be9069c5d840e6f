package dev.morello.http.websocket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebSockets that hear the same messages: a chat room, a dashboard's viewers. A message sent to
 * the group goes to every member; a large group is sent to by a few virtual threads at once (one
 * per core), each taking a share of the members, and the call returns when all have been sent
 * to, so that messages sent by one thread reach each member in order. A member that cannot be
 * sent to (it closed, or its client stopped reading) leaves the group.
 */
public final class WebSocketGroup {
    /** Below this many members one thread sends to all: starting threads would cost more. */
    private static final int PARALLEL_FROM = 128;

    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();

    /** Adds a socket (in {@code onOpen}, say). */
    public void add(WebSocket socket) {
        members.add(socket);
    }

    /** Removes a socket (in {@code onClose}, say). */
    public void remove(WebSocket socket) {
        members.remove(socket);
    }

    /** The members now. */
    public int size() {
        return members.size();
    }

    /** Sends a text message to every open member; returns how many it reached. */
    public int sendText(String text) {
        return send(s -> s.sendText(text));
    }

    /** Sends a binary message to every open member; returns how many it reached. */
    public int sendBinary(byte[] data) {
        return send(s -> s.sendBinary(data));
    }

    private interface Send {
        void to(WebSocket socket) throws IOException;
    }

    private int send(Send send) {
        List<WebSocket> all = new ArrayList<>(members);
        int shares = all.size() < PARALLEL_FROM ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
        if (shares == 1) {
            return sendAll(all, 0, all.size(), send);
        }
        int[] sent = new int[shares];
        Thread[] threads = new Thread[shares];
        int per = (all.size() + shares - 1) / shares;
        for (int i = 0; i < shares; i++) {
            int from = i * per;
            int to = Math.min(all.size(), from + per);
            int share = i;
            threads[i] = Thread.ofVirtual().name("morello-ws-group").start(() -> sent[share] = sendAll(all, from, to, send));
        }
        int total = 0;
        for (int i = 0; i < shares; i++) {
            try {
                threads[i].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            }
            total += sent[i];
        }
        return total;
    }

    private int sendAll(List<WebSocket> all, int from, int to, Send send) {
        int sent = 0;
        for (int i = from; i < to; i++) {
            WebSocket s = all.get(i);
            try {
                if (s.isOpen()) {
                    send.to(s);
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
}
