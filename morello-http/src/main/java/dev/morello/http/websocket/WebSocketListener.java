package dev.morello.http.websocket;

/**
 * What happens on a WebSocket, called on the connection's own thread, one call at a time and in
 * the order the client sent: the next message is not read until the call for this one returns.
 * A method that throws closes the connection with 1011 (internal error), after
 * {@link #onError}.
 */
public interface WebSocketListener {
    /** The handshake is done: the connection is open. */
    default void onOpen(WebSocket socket) throws Exception {
    }

    /** A whole text message (fragments joined, UTF-8 checked). */
    default void onText(WebSocket socket, String text) throws Exception {
    }

    /**
     * A whole binary message. Without this method an endpoint takes text only: a binary message
     * closes the connection with 1003.
     */
    default void onBinary(WebSocket socket, byte[] data) throws Exception {
        socket.close(WebSocket.UNSUPPORTED_DATA, "binary messages are not taken");
    }

    /** The client's answer to a ping (pings from the client are answered by the server itself). */
    default void onPong(WebSocket socket, byte[] payload) throws Exception {
    }

    /**
     * The connection has ended: {@code code} is the close frame's status ({@link WebSocket#NO_STATUS_RECEIVED}
     * when it had none), or {@link WebSocket#ABNORMAL_CLOSURE} when the connection ended without one
     * (the client vanished, a timeout). Called once, last.
     */
    default void onClose(WebSocket socket, int code, String reason) {
    }

    /** Something went wrong: a listener method threw, or the client broke the protocol. */
    default void onError(WebSocket socket, Throwable error) {
    }
}
