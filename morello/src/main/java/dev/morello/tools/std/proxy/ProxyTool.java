package dev.morello.tools.std.proxy;

import dev.morello.Address;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CherryPy's {@code proxy} tool: behind a reverse proxy, makes the request look as the client sent
 * it to the proxy. It runs at {@code before_request_body} (priority 30) and rewrites
 * {@link Request#scheme}, {@link Request#base} (so {@code Morello.url()} and redirects point at
 * the public address) and {@link Request#remote} (so logs and handlers see the client).
 *
 * <pre>
 * [/]
 * tools.proxy.on = True
 * tools.proxy.trusted = ["10.0.0.0/8"]          # the proxies allowed to say who the client is
 * </pre>
 *
 * <h2>What it reads (CherryPy's rules)</h2>
 * <ul>
 * <li><b>scheme</b> from the header named by {@code scheme} ({@code X-Forwarded-Proto}); the value
 *     {@code on} in a header whose name contains {@code ssl} ({@code X-Forwarded-Ssl: on}) means
 *     {@code https}. Without it the request's own scheme stays.
 * <li><b>host</b> from the first entry of the header named by {@code local}
 *     ({@code X-Forwarded-Host}); without it, {@code base} when given, else the {@code Host}
 *     header. A host without {@code ://} gets the scheme in front.
 * <li><b>client</b> from the header named by {@code remote} ({@code X-Forwarded-For}): its first
 *     entry (for another header name, the whole value). The port stays the connection's unless
 *     {@code Forwarded} gives one.
 * </ul>
 * With {@code forwarded = True} the RFC 7239 {@code Forwarded} header is read instead of the three
 * {@code X-Forwarded-*} headers: {@code proto=}, {@code host=} and {@code for=} of its first
 * element. {@code for=} may be an IPv4 address, a bracketed IPv6 address with an optional port
 * ({@code for="[2001:db8::17]:4711"}), {@code unknown}, or an obfuscated identifier
 * ({@code for=_hidden}); the last two become the remote's ip as written, so the proxy's own address
 * is never mistaken for the client's.
 *
 * <h2>Trust</h2>
 * These headers are whatever the client sent, unless a proxy replaced them: switch this tool on
 * only behind a proxy you trust, one that overwrites {@code X-Forwarded-Host} and
 * {@code X-Forwarded-Proto}. CherryPy trusts them from anyone; Morello does too when
 * {@code trusted} is empty, for compatibility. Set {@code trusted} (addresses and CIDR ranges of
 * your proxies) and the tool does better:
 * <ul>
 * <li>a request whose direct peer is not in the list is left alone (a client that reaches the
 *     server directly cannot claim another address);
 * <li>the client is the right-most {@code X-Forwarded-For} entry (or {@code Forwarded} element)
 *     that is not itself a trusted proxy: the first entries are written by the client and prove
 *     nothing, so taking the first one, as CherryPy does, lets any client choose its address.
 *     With {@code Forwarded}, the chosen element's {@code proto=} and {@code host=} are used too.
 * </ul>
 *
 * <h2>Refusals</h2>
 * A scheme that is not an RFC 3986 scheme, a host with characters a host cannot have
 * ({@code /}, {@code @}, spaces ...), a client address that is neither an IP literal nor an
 * identifier, or a {@code Forwarded} header outside the RFC 7239 grammar: 400. CherryPy copies
 * such values into the request unchecked, where they reach generated URLs and logs.
 */
public final class ProxyTool {
    /** The tool's name in config: {@code tools.proxy}. */
    public static final String NAME = "proxy";

    private ProxyTool() {
    }

    /** Registers the {@code proxy} tool and its keys. */
    public static void register(Toolbox tools) {
        tools.register(tool());
    }

    /** A new {@code proxy} tool, for a toolbox of one's own. */
    public static Tool tool() {
        return Tool.of(NAME, HookPoint.BEFORE_REQUEST_BODY, 30, ProxyTool::proxyPlan)
                .arg("base", Key.Type.STRING, null, "the public base URL (or host) used when the local header is absent")
                .arg("local", Key.Type.STRING, "X-Forwarded-Host", "request header holding the public host")
                .arg("remote", Key.Type.STRING, "X-Forwarded-For", "request header holding the client address")
                .arg("scheme", Key.Type.STRING, "X-Forwarded-Proto", "request header holding the public scheme")
                .arg("forwarded", Key.Type.BOOLEAN, false, "read RFC 7239 Forwarded instead of the X-Forwarded-* headers")
                .arg("trusted", Key.Type.LIST, List.of(), "addresses or CIDR ranges of trusted proxies; empty trusts any peer");
    }

    private static List<Tool.Setup> proxyPlan(ToolArgs args, int priority) {
        Settings settings = new Settings(
                args.string("base", null),
                blankToNull(args.string("local", "X-Forwarded-Host")),
                blankToNull(args.string("remote", "X-Forwarded-For")),
                blankToNull(args.string("scheme", "X-Forwarded-Proto")),
                args.bool("forwarded", false),
                ProxyAddresses.trusted(args.strings("trusted", List.of())));
        Hook hook = new Hook(settings::apply, false, priority);
        return List.of(Tool.attach(HookPoint.BEFORE_REQUEST_BODY, hook));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The arguments for one config path, read once. */
    private record Settings(String base, String local, String remote, String scheme, boolean forwarded,
                            ProxyAddresses trusted) {

        void apply(Request request) {
            if (!trusted.isEmpty() && !trusted.contains(peerIp(request))) {
                return;
            }
            String proto = null;
            String host = null;
            ProxyForwarded.Node client = null;
            if (forwarded) {
                List<String> all = request.headers().all("Forwarded");
                if (!all.isEmpty()) {
                    List<Map<String, String>> elements = ProxyForwarded.parse(String.join(",", all));
                    if (!elements.isEmpty()) {
                        Map<String, String> chosen = elements.get(chosen(elements));
                        proto = chosen.get("proto");
                        host = chosen.get("host");
                        String f = chosen.get("for");
                        if (f != null) {
                            client = ProxyForwarded.node(f, false);
                            if (client == null) {
                                throw new HttpError(400, "Invalid for= in the Forwarded header.");
                            }
                        }
                    }
                }
            } else {
                if (scheme != null) {
                    String s = first(request.headers().get(scheme));
                    // X-Forwarded-Ssl: on (CherryPy's rule for a header named for SSL)
                    proto = "on".equals(s) && scheme.toLowerCase(Locale.ROOT).contains("ssl") ? "https" : s;
                }
                if (local != null) {
                    host = first(request.headers().get(local));
                }
                if (remote != null) {
                    client = client(request);
                }
            }
            applyBase(request, proto, host);
            if (client != null) {
                Address peer = request.remote();
                int port = client.port() >= 0 ? client.port() : peer.port();
                request.remote(new Address(client.ip(), port, client.ip()));
            }
        }

        /** The element describing the client: the first, or with a trusted list the right-most not from a trusted proxy. */
        private int chosen(List<Map<String, String>> elements) {
            if (trusted.isEmpty()) {
                return 0;
            }
            for (int i = elements.size() - 1; i > 0; i--) {
                String f = elements.get(i).get("for");
                ProxyForwarded.Node n = f == null ? null : ProxyForwarded.node(f, false);
                if (n == null || n.identifier() || !trusted.contains(n.ip())) {
                    return i;
                }
            }
            return 0;
        }

        private ProxyForwarded.Node client(Request request) {
            List<String> all = request.headers().all(remote);
            if (all.isEmpty()) {
                return null;
            }
            String value = String.join(",", all);
            if (value.isBlank()) {
                return null;
            }
            String pick;
            if (!remote.equalsIgnoreCase("X-Forwarded-For")) {
                pick = value.trim();
            } else {
                String[] entries = value.split(",");
                pick = entries[0];
                if (!trusted.isEmpty()) {
                    for (int i = entries.length - 1; i >= 0; i--) {
                        pick = entries[i];
                        ProxyForwarded.Node n = ProxyForwarded.node(entries[i], true);
                        if (n == null || n.identifier() || !trusted.contains(n.ip())) {
                            break;
                        }
                    }
                }
            }
            ProxyForwarded.Node n = ProxyForwarded.node(pick, true);
            if (n == null) {
                throw new HttpError(400, "Invalid client address in the " + remote + " header.");
            }
            return n;
        }

        private void applyBase(Request request, String proto, String host) {
            String s = proto == null || proto.isEmpty() ? request.scheme() : proto.toLowerCase(Locale.ROOT);
            if (!isScheme(s)) {
                throw new HttpError(400, "Invalid forwarded scheme.");
            }
            String b;
            if (host != null && !host.isEmpty()) {
                if (!isHost(host)) {
                    throw new HttpError(400, "Invalid forwarded host.");
                }
                b = host;
            } else if (base != null && !base.isEmpty()) {
                b = base;
            } else {
                String h = request.headers().get("Host");
                if (h == null || h.isEmpty()) {
                    String own = request.base();
                    h = own.substring(own.indexOf("://") + 3);
                }
                b = h;
            }
            if (!b.contains("://")) {
                b = s + "://" + b;
            }
            request.scheme(b.substring(0, b.indexOf("://")));
            request.base(b);
        }
    }

    private static String peerIp(Request request) {
        SocketAddress a = request.exchange().remoteAddress();
        if (a instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "";
    }

    private static String first(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).trim();
    }

    /** RFC 3986 §3.1: {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}. */
    private static boolean isScheme(String s) {
        if (s.isEmpty() || !(s.charAt(0) >= 'a' && s.charAt(0) <= 'z')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 §3.2.2-3.2.3 host and port characters: reg-name, IP literal in brackets, port. */
    private static boolean isHost(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
