package dev.morello;

import dev.morello.http.HttpExchange;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpVersion;
import dev.morello.internal.Urls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The applications of the site by mount point, as CherryPy's {@code cherrypy.tree}. A request goes
 * to the application with the longest mount point that prefixes its path.
 *
 * <pre>{@code
 * Morello.tree().mount(new Site(), "", Map.of("/", Map.of("request.show_tracebacks", false)));
 * Morello.tree().mount(new Blog(), "/blog");
 * Morello.tree().graft(exchange -> exchange.send(200, "raw".getBytes()), "/raw");
 * }</pre>
 *
 * <p>The tree is itself an {@link HttpHandler}, so it can also be served by an
 * {@link dev.morello.http.HttpServer} the application starts itself.
 */
public final class Tree implements HttpHandler {
    private static final byte[] NO_BODY = new byte[0];

    private volatile Map<String, Object> mounts = Map.of();
    private volatile String[] byLength = new String[0];
    private volatile HttpVersion protocol = HttpVersion.HTTP_1_1;
    private volatile Map<String, Application> hosts = Map.of();
    private volatile Clock clock = Clock.systemDefaultZone();
    /** Set from a successful start to the next stop: a mount is then checked as a start is. */
    private volatile boolean started;
    /** Why the last start was refused, or null: the servers then keep their ports closed. */
    private volatile IllegalStateException refused;

    private final Site site;

    Tree(Site site) {
        this.site = site;
    }

    /** Mounts an object tree at the site root with no config. */
    public Application mount(Object root) {
        return mount(root, "", (Map<String, ?>) null);
    }

    public Application mount(Object root, String scriptName) {
        return mount(root, scriptName, (Map<String, ?>) null);
    }

    /**
     * Mounts an object tree at {@code scriptName} ({@code ""} or {@code "/"} for the root,
     * {@code "/blog"} otherwise) with its config sections. Mounting again at a point replaces what
     * was there. The config is checked when the engine starts; on a running site, here: config it
     * does not understand is refused ({@link dev.morello.config.ConfigRefused}) and nothing is
     * mounted. As in CherryPy, a {@code global} section stays in the application's config and
     * does not reach the site config (the checker warns); {@link Morello#quickstart} applies it.
     */
    public Application mount(Object root, String scriptName, Map<String, ?> config) {
        String sn = normalize(scriptName);
        Application app = new Application(root, sn, site);
        if (config != null && !config.isEmpty()) {
            app.merge(config);
        }
        admit(app);
        put(sn, app);
        return app;
    }

    /** Mounts an object tree with the sections of a config file in CherryPy's format. */
    public Application mount(Object root, String scriptName, java.nio.file.Path config) {
        String sn = normalize(scriptName);
        Application app = new Application(root, sn, site);
        app.merge(config);
        admit(app);
        put(sn, app);
        return app;
    }

    /**
     * Refuses an application whose handlers cannot be served as written, before it is mounted:
     * a package its module keeps closed to the framework at once; a parameter without a name
     * too once the engine runs (before that, the start checks it, with the config as it is then).
     *
     * @throws IllegalStateException saying what to change
     */
    private void admit(Application app) {
        site.checks().mounting(app, started);
    }

    /**
     * Checks every application before the engine serves (a {@code start} listener): what would
     * fail on the first request fails now, in one message.
     *
     * @throws IllegalStateException saying what to change
     */
    void starting() {
        List<Application> apps = new ArrayList<>();
        for (Object target : mounts.values()) {
            if (target instanceof Application app) {
                apps.add(app);
            }
        }
        apps.addAll(hosts.values());
        try {
            site.checks().starting(apps);
        } catch (IllegalStateException e) {
            refused = e;
            throw e;
        }
        refused = null;
        started = true;
    }

    /** The engine stopped: mounts are checked for closed packages only until it starts again. */
    void stopped() {
        started = false;
    }

    /**
     * Throws when the engine's start refused the applications, so that a server starting in the
     * same start does not open its port for them.
     */
    void requireAdmitted() {
        if (refused != null) {
            throw new IllegalStateException("not serving: the applications were refused (the error before this one says why)");
        }
    }

    /**
     * Serves a whole host with its own application, as CherryPy's WSGI {@code VirtualHost}:
     * requests whose {@code Host} is this domain (case ignored; with the port as sent, or without)
     * go to it whatever their path, and the mounted applications serve the other hosts.
     *
     * <pre>{@code
     * Morello.tree().virtualHost("shop.example.com", new Shop(), Map.of("/", Map.of()));
     * }</pre>
     */
    public Application virtualHost(String domain, Object root, Map<String, ?> config) {
        Application app = new Application(root, "", site);
        if (config != null && !config.isEmpty()) {
            app.merge(config);
        }
        admit(app);
        app.mounted(true);
        synchronized (this) {
            Map<String, Application> m = new java.util.HashMap<>(hosts);
            m.put(domain.toLowerCase(java.util.Locale.ROOT), app);
            hosts = Map.copyOf(m);
        }
        return app;
    }

    /** The applications serving whole hosts, by domain. */
    public Map<String, Application> virtualHosts() {
        return hosts;
    }

    private Application hostApp(HttpExchange exchange) {
        String host = exchange.host();
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        Application app = hosts.get(host);
        if (app == null) {
            String bare = Urls.hostWithoutPort(host);
            if (!bare.equals(host)) {
                app = hosts.get(bare);
            }
        }
        return app;
    }

    /** Serves a raw handler at a mount point (CherryPy's {@code tree.graft}); it sees the full path. */
    public void graft(HttpHandler handler, String scriptName) {
        put(normalize(scriptName), handler);
    }

    /** Removes what is mounted at a point. */
    public synchronized void unmount(String scriptName) {
        Map<String, Object> m = new LinkedHashMap<>(mounts);
        m.remove(normalize(scriptName));
        publish(m);
    }

    /** Removes every application. */
    public synchronized void clear() {
        publish(new LinkedHashMap<>());
        hosts = Map.of();
        refused = null;
    }

    /** The application mounted at a point, or null. */
    public Application app(String scriptName) {
        return mounts.get(normalize(scriptName)) instanceof Application a ? a : null;
    }

    /** Everything mounted, by mount point: {@link Application}s and grafted handlers. */
    public Map<String, Object> mounts() {
        return mounts;
    }

    /** The mount point serving a (decoded) path, or null when none does. */
    public String scriptName(String path) {
        for (String sn : byLength) {
            if (sn.isEmpty() || path.equals(sn) || path.startsWith(sn) && path.charAt(sn.length()) == '/') {
                return sn;
            }
        }
        return null;
    }

    /** The site's clock, which stamps each request ({@link Morello#clock()}). */
    Clock clock() {
        return clock;
    }

    void clock(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    void protocol(HttpVersion version) {
        this.protocol = version;
    }

    private synchronized void put(String sn, Object target) {
        Map<String, Object> m = new LinkedHashMap<>(mounts);
        m.put(sn, target);
        publish(m);
        if (target instanceof Application app) {
            app.mounted(true);
        }
    }

    private void publish(Map<String, Object> m) {
        String[] keys = m.keySet().toArray(new String[0]);
        java.util.Arrays.sort(keys, (a, b) -> Integer.compare(b.length(), a.length()));
        mounts = Collections.unmodifiableMap(m);
        byLength = keys;
    }

    private static String normalize(String scriptName) {
        if (scriptName == null) {
            return "";
        }
        String sn = scriptName;
        while (sn.endsWith("/")) {
            sn = sn.substring(0, sn.length() - 1);
        }
        if (!sn.isEmpty() && !sn.startsWith("/")) {
            throw new IllegalArgumentException("a mount point starts with '/': " + scriptName);
        }
        return sn;
    }

    // ---- serving --------------------------------------------------------------------------

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        String raw = exchange.path();
        if (raw.equals("*")) {
            if (exchange.method().equals("OPTIONS")) {
                // RFC 9110 §9.3.7: OPTIONS * asks about the server itself
                exchange.responseHeaders().set("Allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
                exchange.responseHeaders().set("Content-Type", "text/plain;charset=utf-8");
                exchange.send(200, new byte[0]);
            } else {
                plain(exchange, 400, "The asterisk form is only for OPTIONS.");
            }
            return;
        }
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            exchange.send(404, NO_BODY);
            return;
        }
        String path = decodePath(raw);
        if (path == null) {
            plain(exchange, 400, "Malformed Request-URI");
            return;
        }
        if (!hosts.isEmpty()) {
            Application app = hostApp(exchange);
            if (app != null) {
                site.cycle().serve(exchange, app, path, protocol, clock);
                return;
            }
        }
        String sn = scriptName(path);
        Object target = sn == null ? null : mounts.get(sn);
        if (target instanceof Application app) {
            site.cycle().serve(exchange, app, path.substring(sn.length()), protocol, clock);
        } else if (target instanceof HttpHandler h) {
            h.handle(exchange);
        } else {
            // no application here: CherryPy's bare 404, with an empty body
            exchange.send(404, NO_BODY);
        }
    }

    private static void plain(HttpExchange exchange, int status, String message) throws IOException {
        exchange.responseHeaders().set("Content-Type", "text/plain;charset=utf-8");
        exchange.send(status, message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Percent-decodes the path as UTF-8, keeping {@code %2F} encoded so that an encoded slash
     * stays inside its segment (as Cheroot does). Bytes that are not UTF-8 are read as ISO-8859-1,
     * as CherryPy falls back; null when an escape is malformed.
     */
    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                int b = hi * 16 + lo;
                if (b == '/') {
                    out.write('%');
                    out.write('2');
                    out.write('F');
                } else {
                    out.write(b);
                }
                i += 2;
            } else {
                out.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
