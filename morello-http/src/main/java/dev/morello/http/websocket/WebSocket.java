package dev.morello.http.websocket;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * One open WebSocket connection (RFC 6455), as the server side sees it: what a listener is given
 * to answer with, and what other threads keep to send to it. Sending is safe from any thread;
 * messages leave whole and in the order their {@code send} calls took their turn. A send waits
 * while the client is slow to read (that is the back-pressure); a client that reads nothing for
 * the server's write timeout is disconnected, and the send then throws.
 */
public interface WebSocket {
    /** 1000: the purpose of the connection is fulfilled. */
    int NORMAL_CLOSURE = 1000;
    /** 1001: the server is stopping, or the client navigated away. */
    int GOING_AWAY = 1001;
    /** 1002: a frame broke the protocol. */
    int PROTOCOL_ERROR = 1002;
    /** 1003: a kind of data the endpoint cannot take (binary to a text-only endpoint, say). */
    int UNSUPPORTED_DATA = 1003;
    /** 1005: the close frame had no status code (never sent, only reported). */
    int NO_STATUS_RECEIVED = 1005;
    /** 1006: the connection ended without a close frame (never sent, only reported). */
    int ABNORMAL_CLOSURE = 1006;
    /** 1007: a text message that was not UTF-8. */
    int INVALID_PAYLOAD = 1007;
    /** 1008: a message against the endpoint's policy. */
    int POLICY_VIOLATION = 1008;
    /** 1009: a frame or message larger than the endpoint takes. */
    int MESSAGE_TOO_BIG = 1009;
    /** 1011: the server met an error it could not handle. */
    int INTERNAL_ERROR = 1011;

    /** Sends a text message. */
    void sendText(CharSequence text) throws IOException;

    /** Sends a binary message. */
    void sendBinary(byte[] data) throws IOException;

    /** Sends a ping (at most 125 bytes of payload); the client's pong reaches {@link WebSocketListener#onPong}. */
    void sendPing(byte[] payload) throws IOException;

    /**
     * Starts the closing handshake: sends a close frame with {@code code} and {@code reason}
     * (at most 123 bytes of UTF-8), after which nothing more can be sent. The connection ends
     * when the client answers, or after the close timeout.
     */
    void close(int code, String reason) throws IOException;

    /** Whether messages can still be sent: no close frame has been sent or received. */
    boolean isOpen();

    /** The subprotocol agreed in the handshake ({@code Sec-WebSocket-Protocol}), or null. */
    String subprotocol();

    /** Whether messages are compressed (permessage-deflate, RFC 7692). */
    boolean compressed();

    /** The client's address. */
    SocketAddress remoteAddress();
}
