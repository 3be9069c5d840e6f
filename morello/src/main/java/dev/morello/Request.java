package dev.morello;

import dev.morello.http.HttpExchange;
import dev.morello.http.HttpVersion;
import dev.morello.tools.HookMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The request being served, as CherryPy's {@code cherrypy.request}: reach it with
 * {@link Morello#request()} from the serving thread, or declare a {@code Request} parameter on a
 * handler.
 *
 * <pre>{@code
 * @Expose public String whoami(Request request) {
 *     return request.remote().ip() + " asked for " + request.pathInfo();
 * }
 * }</pre>
 *
 * <p>Tools may rewrite {@link #base}, {@link #scheme}, {@link #remote} and {@link #login}; the
 * dispatcher sets {@link #handler} and {@link #config}.
 */
public final class Request {
    private static final Set<String> DEFAULT_METHODS_WITH_BODIES = Set.of("POST", "PUT", "PATCH");

    private final HttpExchange exchange;
    private final Application app;
    private final String method;
    private final HttpVersion protocol;
    private final String scriptName;
    private final String pathInfo;
    private final String queryString;
    private final Request prev;
    private final Instant time;
    private final Response response;

    private String scheme;
    private String base;
    private HeaderMap headers;
    private Map<String, String> cookies;
    private Address remote;
    private Address local;
    private String login;
    private PageHandler handler;
    private String pathTemplate;
    private Map<String, Object> config = Map.of();
    private Boolean isIndex;
    private String uniqueId;
    private String stage = "";
    private final LinkedHashMap<String, Object> params = new LinkedHashMap<>();
    private List<String> args = List.of();
    private Set<String> queryParamNames = Set.of();
    private RequestBody body;
    private final HookMap hooks = new HookMap();
    private boolean showTracebacks = true;
    private boolean showMismatchedParams = true;
    private boolean processRequestBody = true;
    private Set<String> methodsWithBodies = DEFAULT_METHODS_WITH_BODIES;
    private Map<String, Object> attributes;
    private dev.morello.tools.HookCallback errorResponse;

    /**
     * A request of an exchange for an application, as the request cycle makes one (and again for
     * an internal redirect, with the request it came from as {@code prev}); its response is made
     * with it.
     */
    public Request(HttpExchange exchange, Application app, String method, HttpVersion protocol,
            String scriptName, String pathInfo, String queryString, Request prev, Instant time, Response response) {
        this.exchange = exchange;
        this.response = response;
        this.app = app;
        this.method = method;
        this.protocol = protocol;
        this.scriptName = scriptName;
        this.pathInfo = pathInfo;
        this.queryString = queryString;
        this.prev = prev;
        this.time = time;
        this.scheme = exchange.secure() ? "https" : "http";
    }

    /**
     * When the request began, by the site's clock ({@link Morello#clock()}), as CherryPy's
     * {@code request.time}; the same instant as {@link Response#time()}.
     */
    public Instant time() {
        return time;
    }

    // ---- the request line ------------------------------------------------------------------

    /** The method, as sent ({@code GET}); {@code GET} after an internal redirect. */
    public String method() {
        return method;
    }

    /** The protocol the response speaks: the lower of the request's version and the server's. */
    public HttpVersion protocol() {
        return protocol;
    }

    /** The request line as CherryPy shows it: {@code GET /path?query HTTP/1.1}. */
    public String requestLine() {
        String path = exchange.path();
        String q = exchange.query();
        return exchange.method() + " " + path + (q.isEmpty() ? "" : "?" + q) + " " + exchange.version();
    }

    /** {@code https} for a request that came over TLS, else {@code http}, unless a tool (say, the proxy tool) changed it. */
    public String scheme() {
        return scheme;
    }

    public void scheme(String scheme) {
        this.scheme = scheme;
        this.base = null;
    }

    /**
     * {@code scheme://host[:port]} as the client addressed the server: from the {@code Host}
     * header, or the local address when there is none.
     */
    public String base() {
        if (base == null) {
            String host = exchange.host();
            if (host == null || host.isEmpty()) {
                Address l = local();
                host = l.port() < 0 ? l.name() : l.ip() + ":" + l.port();
            }
            base = scheme + "://" + host;
        }
        return base;
    }

    public void base(String base) {
        this.base = base;
    }

    /** The mount point of the application ({@code ""} for the root, else {@code /blog}). */
    public String scriptName() {
        return scriptName;
    }

    /** The decoded path below the mount point; {@code %2F} stays encoded so segments survive. */
    public String pathInfo() {
        return pathInfo;
    }

    /** The query string as sent, still encoded, without the {@code ?}. */
    public String queryString() {
        return queryString;
    }

    /**
     * The response being built for this request: what hooks, tools and dispatchers work on,
     * handed to them with the request rather than looked up.
     */
    public Response response() {
        return response;
    }

    /**
     * An absolute URL for a path of this request's application, as {@link Morello#url(String, String)}
     * makes it while this request is served.
     */
    public String url(String path, String query) {
        return SiteUrls.url(this, null, path, query, null, null, false);
    }

    /** The request that redirected internally to this one, or null. */
    public Request prev() {
        return prev;
    }

    // ---- parameters ------------------------------------------------------------------------

    /**
     * The query and body parameters, merged: each value is a {@code String}, a {@link Part}
     * (an uploaded file), or a {@code List} of those for a name sent more than once.
     */
    public Map<String, Object> params() {
        return params;
    }

    /** The names among {@link #params()} that came from the query string. */
    public Set<String> queryParamNames() {
        return queryParamNames;
    }

    /** Sets the names that came from the query string (the request cycle, as it parses it). */
    public void queryParamNames(Set<String> names) {
        this.queryParamNames = names;
    }

    /** The parameter's first value as a string, or null. */
    public String param(String name) {
        Object v = params.get(name);
        if (v instanceof List<?> list) {
            v = list.isEmpty() ? null : list.get(0);
        }
        return v == null ? null : v instanceof Part p ? p.filename() : v.toString();
    }

    /** The positional arguments the dispatcher found (unmatched path segments, decoded). */
    public List<String> args() {
        return args;
    }

    public void args(List<String> args) {
        this.args = List.copyOf(args);
    }

    // ---- headers and cookies ---------------------------------------------------------------

    /** The request's header fields, in the order sent. */
    public HeaderMap headers() {
        if (headers == null) {
            var h = exchange.headers();
            HeaderMap m = new HeaderMap(h.size());
            for (int i = 0, n = h.size(); i < n; i++) {
                m.add(h.name(i), h.value(i));
            }
            headers = m;
        }
        return headers;
    }

    /**
     * The cookies sent ({@code Cookie} fields, RFC 6265 §4.2), by name; malformed pairs skipped. A
     * quoted value is unquoted as CherryPy's cookie module unquotes it, so a value
     * {@link Response#cookie} set comes back as it was.
     */
    public Map<String, String> cookies() {
        if (cookies == null) {
            Map<String, String> m = new LinkedHashMap<>();
            eachCookie((name, value) -> m.putIfAbsent(name, value));
            cookies = Collections.unmodifiableMap(m);
        }
        return cookies;
    }

    /**
     * Every value sent under the name, in the order sent: a browser sends one pair per cookie
     * whose path and domain match, so two cookies of one name set for different paths both come
     * (RFC 6265 §5.4); {@link #cookies()} keeps the first.
     */
    public List<String> cookies(String name) {
        List<String> values = new ArrayList<>(1);
        eachCookie((n, value) -> {
            if (n.equals(name)) {
                values.add(value);
            }
        });
        return values;
    }

    /** The well-formed pairs of the {@code Cookie} fields, in order, values unquoted. */
    private void eachCookie(java.util.function.BiConsumer<String, String> pair) {
        for (String line : headers().all("Cookie")) {
            for (String p : line.split(";")) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = p.substring(0, eq).trim();
                if (!name.isEmpty() && Cookie.isToken(name)) {
                    pair.accept(name, Cookie.unquote(p.substring(eq + 1).trim()));
                }
            }
        }
    }

    public String cookie(String name) {
        return cookies().get(name);
    }

    // ---- the connection --------------------------------------------------------------------

    /** The client's address (a tool may put a proxy's forwarded client here). */
    public Address remote() {
        if (remote == null) {
            remote = address(exchange.remoteAddress());
        }
        return remote;
    }

    public void remote(Address remote) {
        this.remote = remote;
    }

    /** The server's address the request came in on. */
    public Address local() {
        if (local == null) {
            local = address(exchange.localAddress());
        }
        return local;
    }

    /**
     * The TLS session the request came over (protocol, cipher suite, the client's certificates),
     * or null for plain HTTP. Behind a proxy that terminates TLS this is null: the proxy tool
     * sets {@link #scheme} from its headers instead.
     */
    public javax.net.ssl.SSLSession tls() {
        return exchange.tlsSession();
    }

    /**
     * The client's certificate chain, verified against {@code server.ssl_client_ca}, the client's
     * own first; empty when the request did not come over TLS or the client sent none.
     */
    public List<java.security.cert.X509Certificate> clientCertificates() {
        javax.net.ssl.SSLSession session = exchange.tlsSession();
        if (session == null) {
            return List.of();
        }
        try {
            List<java.security.cert.X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate c : session.getPeerCertificates()) {
                if (c instanceof java.security.cert.X509Certificate x) {
                    chain.add(x);
                }
            }
            return List.copyOf(chain);
        } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
            return List.of();
        }
    }

    /**
     * What CherryPy's WSGI environ says of TLS, by the same names (mod_ssl's): {@code HTTPS}
     * ({@code on}), {@code SSL_PROTOCOL}, {@code SSL_CIPHER}, {@code SSL_TLS_SNI}, and for a client
     * certificate {@code SSL_CLIENT_VERIFY} ({@code SUCCESS}, or {@code NONE} without one),
     * {@code SSL_CLIENT_S_DN}, {@code SSL_CLIENT_I_DN}, {@code SSL_CLIENT_M_SERIAL} (hex),
     * {@code SSL_CLIENT_V_START}, {@code SSL_CLIENT_V_END} (HTTP dates) and {@code SSL_CLIENT_CERT} (PEM).
     * Empty for plain HTTP.
     */
    public Map<String, String> tlsEnviron() {
        javax.net.ssl.SSLSession session = exchange.tlsSession();
        if (session == null) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTPS", "on");
        env.put("SSL_PROTOCOL", session.getProtocol());
        env.put("SSL_CIPHER", session.getCipherSuite());
        if (session instanceof javax.net.ssl.ExtendedSSLSession x) {
            for (javax.net.ssl.SNIServerName name : x.getRequestedServerNames()) {
                if (name instanceof javax.net.ssl.SNIHostName host) {
                    env.put("SSL_TLS_SNI", host.getAsciiName());
                }
            }
        }
        List<java.security.cert.X509Certificate> chain = clientCertificates();
        if (chain.isEmpty()) {
            env.put("SSL_CLIENT_VERIFY", "NONE");
            return env;
        }
        java.security.cert.X509Certificate c = chain.get(0);
        env.put("SSL_CLIENT_VERIFY", "SUCCESS");
        env.put("SSL_CLIENT_S_DN", c.getSubjectX500Principal().getName());
        env.put("SSL_CLIENT_I_DN", c.getIssuerX500Principal().getName());
        env.put("SSL_CLIENT_M_SERIAL", c.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));
        env.put("SSL_CLIENT_V_START", dev.morello.http.HttpDate.format(c.getNotBefore().toInstant()));
        env.put("SSL_CLIENT_V_END", dev.morello.http.HttpDate.format(c.getNotAfter().toInstant()));
        try {
            env.put("SSL_CLIENT_CERT", "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
        } catch (java.security.cert.CertificateEncodingException e) {
            // a certificate the handshake accepted encodes; leave the entry out if not
        }
        return env;
    }

    private static Address address(SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            String ip = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return new Address(ip, inet.getPort(), ip);
        }
        String s = String.valueOf(a);
        return new Address("", -1, s);
    }

    /** A WebSocket the request is to become, once its tools have run; see {@link #upgradeToWebSocket}. */
    public record WebSocketUpgrade(dev.morello.http.websocket.WebSocketConfig config,
                                   dev.morello.http.websocket.WebSocketListener listener) {
    }

    private WebSocketUpgrade webSocketUpgrade;

    /**
     * Makes this request a WebSocket: after the handler returns and the request's tools have run
     * (so a session cookie goes out with the {@code 101}), the handshake is answered and
     * {@code listener} serves the connection. A request that is not a correct handshake is
     * answered 400 or 426 instead. {@code on_end_request} hooks run when the connection opens,
     * not when it ends. {@link dev.morello.websocket.WebSocketEndpoint} does this for a page.
     */
    public void upgradeToWebSocket(dev.morello.http.websocket.WebSocketConfig config,
                                   dev.morello.http.websocket.WebSocketListener listener) {
        this.webSocketUpgrade = new WebSocketUpgrade(java.util.Objects.requireNonNull(config, "config"),
                java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** The WebSocket this request is to become, or null. */
    public WebSocketUpgrade webSocketUpgrade() {
        return webSocketUpgrade;
    }

    /** The authenticated user, or null; set by authentication tools. */
    public String login() {
        return login;
    }

    public void login(String login) {
        this.login = login;
    }

    /** The exchange with the server underneath, for what the framework does not model. */
    public HttpExchange exchange() {
        return exchange;
    }

    // ---- dispatch --------------------------------------------------------------------------

    /** The application serving the request. */
    public Application app() {
        return app;
    }

    /** What will answer the request (set by the dispatcher; null once a tool answered it). */
    public PageHandler handler() {
        return handler;
    }

    public void handler(PageHandler handler) {
        this.handler = handler;
    }

    /**
     * The paths the dispatcher's match stands for, the same for every request its handler
     * answers: a route's pattern ({@code /blog/{id}}), or the path walked to an exposed method
     * with {@code *} for what the path gives it as arguments ({@code /user/*} for both
     * {@code /user/1} and {@code /user/2}). Null when nothing matched (a 404), or for a dispatcher
     * that does not say. Statistics count requests by it.
     */
    public String pathTemplate() {
        return pathTemplate;
    }

    /** Set by the dispatcher with the handler: see {@link #pathTemplate()}. */
    public void pathTemplate(String template) {
        this.pathTemplate = template;
    }

    /** The config merged for this request's path: global, then app, then path by path. */
    public Map<String, Object> config() {
        return config;
    }

    /** One config value, or null. */
    public Object config(String key) {
        return config.get(key);
    }

    /** Set by the dispatcher: the merged config for the handler's path. */
    public void config(Map<String, Object> config) {
        this.config = config;
    }

    /**
     * Whether the handler is an index (reached as {@code /dir/}); null when the dispatcher does
     * not know. The trailing-slash rule reads it.
     */
    public Boolean isIndex() {
        return isIndex;
    }

    public void isIndex(Boolean isIndex) {
        this.isIndex = isIndex;
    }

    /** The request's hooks, by point. */
    public HookMap hooks() {
        return hooks;
    }

    /** Where the request is in its life ({@code before_handler}, {@code handler} ...). */
    public String stage() {
        return stage;
    }

    /** Records the stage the request is at, as CherryPy's {@code request.stage}: errors name it. */
    public void stage(String stage) {
        this.stage = stage;
    }

    /** A unique id for the request (a random UUID, made when first asked for). */
    public String uniqueId() {
        if (uniqueId == null) {
            uniqueId = UUID.randomUUID().toString();
        }
        return uniqueId;
    }

    // ---- the body --------------------------------------------------------------------------

    /** The request body: raw as a stream, or processed into {@link #params()} and parts. */
    public RequestBody body() {
        return body;
    }

    /** Sets the request body (the request cycle, once the handler is found). */
    public void body(RequestBody body) {
        this.body = body;
    }

    /** Whether the body is read and processed before the handler runs (config {@code request.process_request_body}). */
    public boolean processRequestBody() {
        return processRequestBody;
    }

    public void processRequestBody(boolean on) {
        this.processRequestBody = on;
    }

    /** The methods whose bodies are processed (config {@code request.methods_with_bodies}). */
    public Set<String> methodsWithBodies() {
        return methodsWithBodies;
    }

    public void methodsWithBodies(Set<String> methods) {
        this.methodsWithBodies = Set.copyOf(methods);
    }

    // ---- errors ----------------------------------------------------------------------------

    /** Whether error pages show the stack trace (config {@code request.show_tracebacks}). */
    public boolean showTracebacks() {
        return showTracebacks;
    }

    public void showTracebacks(boolean on) {
        this.showTracebacks = on;
    }

    /** Whether 404/400 pages for mismatched parameters say which (config {@code request.show_mismatched_params}). */
    public boolean showMismatchedParams() {
        return showMismatchedParams;
    }

    public void showMismatchedParams(boolean on) {
        this.showMismatchedParams = on;
    }

    /** What answers an unexpected error instead of the 500 page (set by error tools), or null. */
    public dev.morello.tools.HookCallback errorResponse() {
        return errorResponse;
    }

    public void errorResponse(dev.morello.tools.HookCallback callback) {
        this.errorResponse = callback;
    }

    // ---- free attributes -------------------------------------------------------------------

    /** A value a tool or hook stored on the request, or null. */
    @SuppressWarnings("unchecked")
    public <T> T attribute(String name) {
        return attributes == null ? null : (T) attributes.get(name);
    }

    public void attribute(String name, Object value) {
        if (attributes == null) {
            attributes = new LinkedHashMap<>();
        }
        attributes.put(name, value);
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + scriptName + pathInfo + "]";
    }
}
