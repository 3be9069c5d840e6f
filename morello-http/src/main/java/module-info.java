/**
 * Morello's HTTP/1.1 server (RFC 9110, RFC 9112). It depends on {@code java.base} alone and knows
 * nothing of the framework: its only upward contract is {@link dev.morello.http.HttpHandler}.
 * {@code dev.morello.http.tls} sets up TLS on the JDK's provider; {@code dev.morello.http.websocket}
 * is RFC 6455's WebSocket on an upgraded connection.
 */
module dev.morello.http {
    exports dev.morello.http;
    exports dev.morello.http.tls;
    exports dev.morello.http.websocket;
}
