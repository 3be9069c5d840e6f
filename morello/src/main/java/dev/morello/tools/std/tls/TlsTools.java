package dev.morello.tools.std.tls;

import dev.morello.HttpRedirect;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.internal.Urls;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.util.List;

/**
 * The HTTPS tools: {@code https_redirect} sends a request that came in plain HTTP to the same
 * URL over HTTPS, and {@code hsts} tells browsers to use nothing but HTTPS for the site from then
 * on (RFC 6797's {@code Strict-Transport-Security}).
 *
 * <pre>
 * [global]
 * server.socket_port = 8080
 * server.https.socket_port = 8443
 * server.https.ssl_certificate = "cert.pem"
 * server.https.ssl_private_key = "privkey.pem"
 *
 * [/]
 * tools.https_redirect.on = True
 * tools.https_redirect.port = 8443
 * tools.hsts.on = True
 * </pre>
 *
 * <p>Both run first ({@code on_start_resource}, priority 10), before any authentication tool
 * asks for a password that would otherwise travel in clear text. They decide by the connection
 * the request came on: behind a proxy that terminates TLS, have the proxy redirect and send the
 * header.
 */
public final class TlsTools {
    private TlsTools() {
    }

    /** Registers {@code https_redirect} and {@code hsts}. */
    public static void register(Toolbox tools) {
        tools.register(Tool.of("https_redirect", HookPoint.ON_START_RESOURCE, 10, TlsTools::redirectPlan)
                .arg("port", Key.Type.INTEGER, 443, "the HTTPS port to send clients to (left out of the URL when 443)",
                        Key.Check.range(1, 65535))
                .arg("status", Key.Type.INTEGER, 301, "the redirect status for GET and HEAD (other methods get 308, which"
                        + " keeps the method and body)", Key.Check.range(300, 399)));
        tools.register(Tool.of("hsts", HookPoint.ON_START_RESOURCE, 10, TlsTools::hstsPlan)
                .arg("max_age", Key.Type.INTEGER, 31536000, "seconds browsers keep to HTTPS for the site (a year)",
                        Key.Check.atLeast(0))
                .arg("include_subdomains", Key.Type.BOOLEAN, false, "the rule covers the host's subdomains too")
                .arg("preload", Key.Type.BOOLEAN, false, "asks for the browsers' built-in HSTS lists (needs a year's"
                        + " max_age and include_subdomains)"));
    }

    private static List<Tool.Setup> redirectPlan(ToolArgs args, int priority) {
        int port = (int) args.integer("port", 443);
        int status = (int) args.integer("status", 301);
        Hook hook = new Hook(request -> {
            if (request.tls() != null) {
                return;
            }
            String method = request.method();
            boolean safe = method.equals("GET") || method.equals("HEAD");
            throw new HttpRedirect(httpsUrl(request, port), safe ? status : 308);
        }, false, priority);
        return List.of(Tool.attach(HookPoint.ON_START_RESOURCE, hook));
    }

    /** The URL the client asked for, over HTTPS on {@code port}: same host, path and query. */
    static String httpsUrl(Request request, int port) {
        String host = request.exchange().host();
        if (host == null || host.isEmpty()) {
            host = request.local().ip();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
        } else {
            host = Urls.hostWithoutPort(host);
        }
        String path = request.exchange().path();
        if (!path.startsWith("/")) {
            path = "/";
        }
        String query = request.exchange().query();
        return "https://" + host + (port == 443 ? "" : ":" + port) + path + (query.isEmpty() ? "" : "?" + query);
    }

    private static List<Tool.Setup> hstsPlan(ToolArgs args, int priority) {
        long maxAge = args.integer("max_age", 31536000);
        boolean subdomains = args.bool("include_subdomains", false);
        boolean preload = args.bool("preload", false);
        if (preload && (!subdomains || maxAge < 31536000)) {
            throw new IllegalArgumentException("tools.hsts.preload needs include_subdomains and a max_age of a year or more"
                    + " (the browsers' lists take nothing less)");
        }
        String value = "max-age=" + maxAge + (subdomains ? "; includeSubDomains" : "") + (preload ? "; preload" : "");
        Hook hook = new Hook(request -> {
            // RFC 6797 §7.2: sent over secure transport only (a browser ignores it over HTTP)
            if (request.tls() != null) {
                request.response().headers().set("Strict-Transport-Security", value);
            }
        }, true, priority);
        return List.of(Tool.attach(HookPoint.ON_START_RESOURCE, hook));
    }
}
