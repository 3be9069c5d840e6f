package dev.morello;

import dev.morello.config.GlobalConfig;
import dev.morello.engine.Bus;
import dev.morello.engine.plugins.Autoreloader;
import dev.morello.engine.plugins.SignalHandler;
import dev.morello.engine.plugins.ThreadManager;
import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Morello's front door, as the {@code cherrypy} module is CherryPy's: the engine, the tree of
 * applications, the site config, the server, and the request being served.
 *
 * <pre>{@code
 * public class HelloWorld {
 *     @Expose public String index() { return "Hello world!"; }
 *
 *     public static void main(String[] args) {
 *         Morello.quickstart(new HelloWorld());     // serves http://127.0.0.1:8080/ until stopped
 *     }
 * }
 * }</pre>
 *
 * <p>Or, step by step:
 * <pre>{@code
 * Morello.config().update(Map.of("server.socket_port", 9090));
 * Morello.tree().mount(new Blog(), "/blog", Map.of("/", Map.of("request.show_tracebacks", false)));
 * Morello.engine().start();
 * Morello.engine().block();
 * }</pre>
 */
public final class Morello {
    /** Morello's version. */
    public static final String VERSION = "0.1.0";
    static final String VERSION_TEXT = "Morello " + VERSION;

    private static final Logger ENGINE_LOG = LoggerFactory.getLogger("morello.engine");
    private static final Bus ENGINE = new Bus();
    private static final Tree TREE = new Tree();
    private static final GlobalConfig CONFIG = new GlobalConfig();
    private static final Server SERVER = new Server(ENGINE, TREE);
    private static final ThreadManager THREAD_MANAGER = new ThreadManager(ENGINE);
    private static final SignalHandler SIGNALS = new SignalHandler(ENGINE);
    private static final Autoreloader AUTORELOADER = classDirectories(new Autoreloader(ENGINE));
    private static volatile boolean autoreloading;

    static {
        ENGINE.logSink((message, level, error) -> {
            if (level == Level.ERROR) {
                ENGINE_LOG.error(message, error);
            } else if (level == Level.WARNING) {
                ENGINE_LOG.warn(message, error);
            } else if (level == Level.DEBUG || level == Level.TRACE) {
                ENGINE_LOG.debug(message, error);
            } else {
                ENGINE_LOG.info(message, error);
            }
        });
        CONFIG.namespace("server", SERVER::set);
        CONFIG.namespace("engine", Morello::engineSetting);
        SERVER.adapter().subscribe(ENGINE);
        THREAD_MANAGER.subscribe(ENGINE);
    }

    private Morello() {
    }

    /** The engine: a bus with states and channels that starts and stops the server and plugins. */
    public static Bus engine() {
        return ENGINE;
    }

    /** The applications, by mount point. */
    public static Tree tree() {
        return TREE;
    }

    /** The site-wide config ({@code server.*}, {@code engine.*}, and defaults for every app). */
    public static GlobalConfig config() {
        return CONFIG;
    }

    /** The HTTP server the engine starts. */
    public static Server server() {
        return SERVER;
    }

    /** The signal handler: TERM and INT exit, HUP restarts. {@link #quickstart} subscribes it. */
    public static SignalHandler signals() {
        return SIGNALS;
    }

    /**
     * The autoreloader: when on ({@code engine.autoreload.on = True}), a change to a class
     * directory on the class path (or to a file given to {@code watch}) restarts the program with
     * the same command line. Off unless switched on; see the framework guide.
     */
    public static Autoreloader autoreloader() {
        return AUTORELOADER;
    }

    private static Autoreloader classDirectories(Autoreloader reloader) {
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && java.nio.file.Files.isDirectory(java.nio.file.Path.of(entry))) {
                reloader.watch(java.nio.file.Path.of(entry));
            }
        }
        return reloader;
    }

    private static synchronized void engineSetting(String key, Object value) {
        if (key.equals("autoreload.on")) {
            boolean on = dev.morello.internal.Values.bool("engine.autoreload.on", value);
            if (on && !autoreloading) {
                AUTORELOADER.subscribe(ENGINE);
            } else if (!on && autoreloading) {
                AUTORELOADER.unsubscribe(ENGINE);
            }
            autoreloading = on;
        }
    }

    /** The thread manager, publishing {@code start_thread} and {@code stop_thread}. */
    public static ThreadManager threadManager() {
        return THREAD_MANAGER;
    }

    /** The request being served on this thread. */
    public static Request request() {
        Request r = Serving.request();
        if (r == null) {
            throw new IllegalStateException("no request is being served on this thread");
        }
        return r;
    }

    /** The response being built on this thread. */
    public static Response response() {
        Response r = Serving.response();
        if (r == null) {
            throw new IllegalStateException("no request is being served on this thread");
        }
        return r;
    }

    /** Whether this thread is serving a request. */
    public static boolean serving() {
        return Serving.request() != null;
    }

    // ---- quickstart ------------------------------------------------------------------------

    /** Mounts the root at {@code /}, starts the engine and serves until the process is stopped. */
    public static void quickstart(Object root) {
        quickstart(root, "", null);
    }

    public static void quickstart(Object root, String scriptName) {
        quickstart(root, scriptName, null);
    }

    /**
     * CherryPy's {@code quickstart}: applies the config's {@code global} section to the site,
     * mounts the root with the rest, subscribes the signal handler, starts the engine and blocks
     * until it exits.
     */
    public static void quickstart(Object root, String scriptName, Map<String, ?> config) {
        if (root != null) {
            TREE.mount(root, scriptName, config);
        } else if (config != null && config.get("global") instanceof Map<?, ?> g) {
            @SuppressWarnings("unchecked")
            Map<String, Object> gm = (Map<String, Object>) g;
            CONFIG.update(gm);
        }
        SIGNALS.subscribe(ENGINE);
        ENGINE.start();
        ENGINE.block();
    }

    // ---- URLs ------------------------------------------------------------------------------

    /** An absolute URL for a path of the current application ({@code url("/x")}, {@code url("y")}). */
    public static String url(String path) {
        return url(path, "", null, null, false);
    }

    public static String url(String path, String query) {
        return url(path, query, null, null, false);
    }

    /**
     * CherryPy's {@code cherrypy.url}: a path without a leading slash is relative to the current
     * path (taken as a directory when the handler is an index); the result is
     * {@code base + scriptName + path [+ ?query]}. Outside a request, the server's base URL is
     * used. With {@code relative = "server"}, the result starts at the path ({@code /blog/x}).
     *
     * @param query      a raw query string, or null
     * @param scriptName the mount point to use, or null for the current application's
     * @param base       {@code scheme://host[:port]} to use, or null for the request's
     * @param relative   false (absolute URL) or {@code "server"} (a path from the server root)
     */
    public static String url(String path, String query, String scriptName, String base, Object relative) {
        String qs = query == null || query.isEmpty() ? "" : "?" + query;
        String newUrl;
        Request request = Serving.request();
        if (request != null) {
            if (!path.startsWith("/")) {
                String pi = request.pathInfo();
                if (Boolean.TRUE.equals(request.isIndex())) {
                    if (!pi.endsWith("/")) {
                        pi = pi + "/";
                    }
                } else if (Boolean.FALSE.equals(request.isIndex())) {
                    if (pi.endsWith("/") && !pi.equals("/")) {
                        pi = pi.substring(0, pi.length() - 1);
                    }
                }
                path = path.isEmpty() ? pi : dev.morello.internal.Urls.resolve(pi.isEmpty() ? "/" : pi, path);
            }
            newUrl = (base != null ? base : request.base())
                    + (scriptName != null ? scriptName : request.scriptName()) + normalizePath(path) + qs;
        } else {
            String b = base != null ? base : SERVER.base();
            newUrl = b + normalizePath((scriptName == null ? "" : scriptName) + path) + qs;
        }
        if ("server".equals(relative)) {
            String[] parts = newUrl.split("/", 4);
            newUrl = "/" + (parts.length > 3 ? parts[3] : "");
        }
        return newUrl;
    }

    /** A query string from a map: {@code a=1&b=x+y}, values encoded as UTF-8. */
    public static String query(Map<String, ?> params) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            List<?> values = e.getValue() instanceof List<?> l ? l : List.of(String.valueOf(e.getValue()));
            for (Object v : values) {
                if (b.length() > 0) {
                    b.append('&');
                }
                b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    /** Resolves {@code .} and {@code ..} segments, when there are any (CherryPy's {@code normalize_path}). */
    static String normalizePath(String path) {
        if (!path.contains("./")) {
            return path;
        }
        boolean absolute = path.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        String[] segs = path.split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            if (s.equals("..")) {
                out.pollLast();
                if (i == segs.length - 1) {
                    out.addLast("");
                }
            } else if (s.equals(".")) {
                if (i == segs.length - 1) {
                    out.addLast("");
                }
            } else if (!s.isEmpty() || i == segs.length - 1) {
                out.addLast(s);
            }
        }
        String joined = String.join("/", out);
        return absolute ? "/" + joined : joined;
    }
}
