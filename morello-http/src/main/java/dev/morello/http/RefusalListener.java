package dev.morello.http;

import java.net.SocketAddress;

/**
 * Told of each request the server answers itself, before or instead of the handler: a malformed
 * head (400), a timeout (408), a body or head over a limit (413, 414, 431), an unsupported
 * coding or version (501, 505), no room for another connection or request (503). Such requests
 * never reach the handler, so without this they would leave no trace in an access log.
 *
 * <pre>{@code
 * ServerConfig.builder().refusals(r -> log.info("{} refused {}: {}", r.remote(), r.status(), r.reason()));
 * }</pre>
 *
 * <p>It runs on the connection's thread after the refusal was sent; it should be quick, and what
 * it throws is logged and otherwise ignored. An attacker drives it as often as they like: rate
 * limit what it writes.
 */
@FunctionalInterface
public interface RefusalListener {
    /** Ignores refusals. */
    RefusalListener NONE = refusal -> { };

    void refused(Refusal refusal);

    /**
     * One refused request.
     *
     * @param remote      the client's address (null if unknown)
     * @param requestLine the request line as received, when it was read whole, else null
     * @param status      the status sent (or that would have been sent, when the connection was
     *                    closed without a response: a client gone, no descriptor left)
     * @param reason      why, in a few words safe to log (never the client's input)
     */
    record Refusal(SocketAddress remote, String requestLine, int status, String reason) {
    }
}
