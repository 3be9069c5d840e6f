package dev.morello.dispatch;

import dev.morello.Request;
import dev.morello.internal.Urls;
import java.util.Locale;
import java.util.Map;

/**
 * Serves several sites from one application by host name, as CherryPy's {@code VirtualHost}
 * dispatcher: the path is prefixed by the entry for the request's {@code Host} (or, when allowed,
 * {@code X-Forwarded-Host}) before the next dispatcher sees it.
 *
 * <pre>{@code
 * Dispatcher d = new VirtualHost(new ObjectDispatcher(), Map.of(
 *         "www.example.com", "/example",
 *         "shop.example.com", "/shop"));
 * Morello.tree().mount(new Root(), "", Map.of("/", Map.of("request.dispatch", d)));
 * // GET / with Host: shop.example.com is dispatched as /shop/
 * }</pre>
 *
 * <p>Hosts match as sent (with the port, when one was sent), else by name without the port, case
 * ignored. {@code X-Forwarded-Host} is only trusted when asked for: behind a proxy that sets it.
 */
public final class VirtualHost implements Dispatcher {
    private final Dispatcher next;
    private final Map<String, String> domains;
    private final boolean useXForwardedHost;

    public VirtualHost(Dispatcher next, Map<String, String> domains) {
        this(next, domains, false);
    }

    public VirtualHost(Dispatcher next, Map<String, String> domains, boolean useXForwardedHost) {
        this.next = next;
        Map<String, String> lower = new java.util.HashMap<>();
        domains.forEach((host, prefix) -> lower.put(host.toLowerCase(Locale.ROOT), strip(prefix)));
        this.domains = Map.copyOf(lower);
        this.useXForwardedHost = useXForwardedHost;
    }

    private static String strip(String prefix) {
        String p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public void dispatch(Request request, String pathInfo) throws Exception {
        String host = request.exchange().headers().get("Host");
        if (useXForwardedHost) {
            String forwarded = request.exchange().headers().get("X-Forwarded-Host");
            if (forwarded != null) {
                int comma = forwarded.indexOf(',');
                host = (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
            }
        }
        String prefix = host == null ? null : prefixFor(host.toLowerCase(Locale.ROOT));
        if (prefix == null || prefix.isEmpty()) {
            next.dispatch(request, pathInfo);
            return;
        }
        next.dispatch(request, prefix + (pathInfo.startsWith("/") ? pathInfo : "/" + pathInfo));
    }

    /** The dispatcher the prefixed path goes to. */
    Dispatcher next() {
        return next;
    }

    private String prefixFor(String host) {
        String p = domains.get(host);
        if (p == null) {
            String bare = Urls.hostWithoutPort(host);
            if (!bare.equals(host)) {
                p = domains.get(bare);
            }
        }
        return p;
    }
}
