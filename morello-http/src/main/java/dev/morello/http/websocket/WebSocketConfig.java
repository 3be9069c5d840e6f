package dev.morello.http.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The limits and choices of a WebSocket endpoint.
 *
 * @param maxFrameSize   the largest frame payload taken, in bytes; larger closes with 1009
 * @param maxMessageSize the largest message (fragments joined, decompressed), in bytes; larger
 *                       closes with 1009
 * @param idleTimeout    how long the connection may go without a frame from the client; then it
 *                       is closed with 1001. {@code pingInterval} keeps a live client talking
 * @param pingInterval   how often the server pings a quiet client, or zero for never
 * @param closeTimeout   how long the server waits for the client's close frame after sending its own
 * @param compression    whether permessage-deflate (RFC 7692) is accepted when a client offers it
 * @param subprotocols   the subprotocols the endpoint speaks, preferred first; the first a client
 *                       offers is chosen (none when it offers none of them)
 */
public record WebSocketConfig(int maxFrameSize, int maxMessageSize, Duration idleTimeout, Duration pingInterval,
                              Duration closeTimeout, boolean compression, List<String> subprotocols) {
    public WebSocketConfig {
        if (maxFrameSize < 125 || maxMessageSize < 125) {
            throw new IllegalArgumentException("frame and message limits must be at least 125 bytes");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || closeTimeout.isNegative() || closeTimeout.isZero()
                || pingInterval.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive (pingInterval zero for none)");
        }
        subprotocols = List.copyOf(subprotocols);
    }

    /**
     * The defaults: frames up to 1 MiB and messages up to 16 MiB, closed after 10 minutes
     * without a frame, a ping every minute of quiet, 5 seconds for the closing handshake,
     * compression accepted, no subprotocol.
     */
    public static WebSocketConfig defaults() {
        return new WebSocketConfig(1 << 20, 16 << 20, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(5),
                true, List.of());
    }

    public WebSocketConfig withMaxFrameSize(int bytes) {
        return new WebSocketConfig(bytes, maxMessageSize, idleTimeout, pingInterval, closeTimeout, compression, subprotocols);
    }

    public WebSocketConfig withMaxMessageSize(int bytes) {
        return new WebSocketConfig(maxFrameSize, bytes, idleTimeout, pingInterval, closeTimeout, compression, subprotocols);
    }

    public WebSocketConfig withIdleTimeout(Duration timeout) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, timeout, pingInterval, closeTimeout, compression, subprotocols);
    }

    public WebSocketConfig withPingInterval(Duration interval) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, idleTimeout, interval, closeTimeout, compression, subprotocols);
    }

    public WebSocketConfig withCloseTimeout(Duration timeout) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, idleTimeout, pingInterval, timeout, compression, subprotocols);
    }

    public WebSocketConfig withCompression(boolean on) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, idleTimeout, pingInterval, closeTimeout, on, subprotocols);
    }

    public WebSocketConfig withSubprotocols(String... names) {
        return new WebSocketConfig(maxFrameSize, maxMessageSize, idleTimeout, pingInterval, closeTimeout, compression, List.of(names));
    }
}
