package dev.morello.websocket;

import dev.morello.HttpError;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketHandshake;
import dev.morello.http.websocket.WebSocketListener;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A WebSocket endpoint, mounted in the tree like any page: a field holding it is exposed at its
 * path, and the request reaches it through the same dispatch and tools (authentication,
 * sessions, the proxy tool) as a page would. When they have run, the connection becomes a
 * WebSocket served by this object's {@link WebSocketListener} methods, on the connection's own
 * thread. One object serves every connection to its path, as one page object serves every
 * request: keep per-connection state in maps keyed by the {@code WebSocket}, or in the
 * {@link dev.morello.http.websocket.WebSocketGroup}s the endpoint sends to.
 *
 * <pre>{@code
 * public class Site {
 *     public final ChatRoom chat = new ChatRoom();          // ws://host/chat
 * }
 *
 * public class ChatRoom extends WebSocketEndpoint {
 *     private final WebSocketGroup everyone = new WebSocketGroup();
 *     @Override public void onOpen(WebSocket ws) { everyone.add(ws); }
 *     @Override public void onText(WebSocket ws, String text) { everyone.sendText(text); }
 * }
 * }</pre>
 *
 * <p><b>Origins.</b> A browser says which page opened the connection ({@code Origin}); any page on
 * the web can try. By default only pages of the same host and port as the request's {@code Host}
 * are let in (others get 403); {@code websocket.allowed_origins} lists the origins allowed
 * ({@code ['https://app.example']}, or {@code ['*']} for any). A client that sends no
 * {@code Origin} (not a browser) is let in.
 *
 * <p><b>Config</b> (from the request's path, like any page's): {@code websocket.max_frame_size},
 * {@code websocket.max_message_size}, {@code websocket.idle_timeout} and
 * {@code websocket.ping_interval} (seconds), {@code websocket.compression},
 * {@code websocket.subprotocols}, {@code websocket.allowed_origins}.
 */
public abstract class WebSocketEndpoint implements PageHandler, WebSocketListener {
    @Override
    public final Object handle(Request request) {
        if (!WebSocketHandshake.requested(request.exchange())) {
            request.response().headers().set("Upgrade", "websocket");
            throw new HttpError(426, "This is a WebSocket endpoint: connect with a WebSocket client.");
        }
        checkOrigin(request);
        request.upgradeToWebSocket(config(request), this);
        return null;
    }

    /** The endpoint's limits and choices, from the request's config. */
    protected WebSocketConfig config(Request request) {
        WebSocketConfig c = WebSocketConfig.defaults();
        Object v;
        if ((v = request.config("websocket.max_frame_size")) != null) {
            c = c.withMaxFrameSize(toInt(v));
        }
        if ((v = request.config("websocket.max_message_size")) != null) {
            c = c.withMaxMessageSize(toInt(v));
        }
        if ((v = request.config("websocket.idle_timeout")) != null) {
            c = c.withIdleTimeout(seconds(v));
        }
        if ((v = request.config("websocket.ping_interval")) != null) {
            c = c.withPingInterval(seconds(v));
        }
        if ((v = request.config("websocket.compression")) != null) {
            c = c.withCompression(Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(String.valueOf(v)));
        }
        if ((v = request.config("websocket.subprotocols")) instanceof List<?> list) {
            c = c.withSubprotocols(list.stream().map(String::valueOf).toArray(String[]::new));
        }
        return c;
    }

    private static int toInt(Object v) {
        return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
    }

    private static Duration seconds(Object v) {
        double s = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        return Duration.ofMillis((long) (s * 1000));
    }

    /** Refuses a browser page of another origin than those allowed (403). */
    protected void checkOrigin(Request request) {
        String origin = request.headers().get("Origin");
        if (origin == null) {
            return; // not a browser: origins protect browsers' users, not servers
        }
        Object allowed = request.config("websocket.allowed_origins");
        if (allowed instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                String a = String.valueOf(o);
                if (a.equals("*") || a.equalsIgnoreCase(origin)) {
                    return;
                }
            }
            throw new HttpError(403, "This origin may not open a WebSocket here.");
        }
        if (!sameOrigin(origin, request)) {
            throw new HttpError(403, "This origin may not open a WebSocket here.");
        }
    }

    /** Whether {@code origin} ({@code scheme://host[:port]}) is the request's own host and port. */
    private static boolean sameOrigin(String origin, Request request) {
        String host = request.exchange().host();
        if (host == null) {
            return false;
        }
        int sep = origin.indexOf("://");
        if (sep < 0) {
            return false;
        }
        String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
        String authority = origin.substring(sep + 3).toLowerCase(Locale.ROOT);
        String requestHost = host.toLowerCase(Locale.ROOT);
        return withPort(authority, scheme).equals(withPort(requestHost, request.scheme()));
    }

    private static String withPort(String authority, String scheme) {
        int colon = authority.lastIndexOf(':');
        boolean hasPort = colon > authority.lastIndexOf(']');
        if (hasPort) {
            return authority;
        }
        return authority + (scheme.equals("https") || scheme.equals("wss") ? ":443" : ":80");
    }
}
