package dev.morello;

import dev.morello.config.ConfigRefused;
import dev.morello.config.GlobalConfig;
import dev.morello.dispatch.HandlerCheck;
import dev.morello.engine.Bus;
import dev.morello.engine.ChannelFailures;
import dev.morello.engine.Refusal;
import dev.morello.engine.plugins.Autoreloader;
import dev.morello.engine.plugins.SignalHandler;
import dev.morello.engine.plugins.ThreadManager;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpServer;
import dev.morello.http.HttpVersion;
import dev.morello.internal.LogFile;
import dev.morello.internal.Logs;
import dev.morello.internal.Urls;
import dev.morello.internal.Version;
import dev.morello.internal.body.SpoolFiles;
import dev.morello.internal.config.Names;
import dev.morello.internal.cycle.ConfigCheck;
import dev.morello.internal.cycle.RequestCycle;
import dev.morello.internal.serving.Serving;
import dev.morello.internal.site.Checker;
import dev.morello.internal.site.SiteNames;
import dev.morello.internal.site.SiteTools;
import dev.morello.stats.Statistics;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    public static final String VERSION = Version.NUMBER;

    private static final Bus ENGINE = new Bus();
    private static final GlobalConfig CONFIG = new GlobalConfig();
    private static final Logs SITE_LOGS = Logs.site();
    private static final Tree TREE = new Tree(new Site(ENGINE, CONFIG, SITE_LOGS, Morello::serve, new SiteChecks()));
    private static final Server SERVER = new Server(ENGINE, TREE, "");
    private static final ThreadManager THREAD_MANAGER = new ThreadManager(ENGINE);
    private static final SignalHandler SIGNALS = new SignalHandler(ENGINE);
    private static final dev.morello.tools.Toolbox TOOLS = dev.morello.tools.Toolbox.create("tools");
    private static volatile Autoreloader autoreloader;
    private static volatile boolean autoreloading;
    private static final Map<String, Server> EXTRA_SERVERS = new java.util.concurrent.ConcurrentHashMap<>();
    private static volatile boolean serverOn = true;
    private static volatile dev.morello.engine.plugins.PidFile pidFile;

    static {
        // the engine's lines go where CherryPy's do: the screen and the site's error file
        ENGINE.logSink(SITE_LOGS::engine);
        SiteTools.register(TOOLS);
        dev.morello.sessions.SessionStores.bind(ENGINE, Morello::clock);
        Statistics.site().bind(ENGINE, Morello::httpServers, Morello::clock);
        // before the server drains (its stop runs at 25): open event streams end, so it need not wait for them
        ENGINE.subscribe(Bus.STOP, args -> dev.morello.sse.EventStream.closeAll(), 20);
        SiteNames.register(Names.DEFAULT);
        CONFIG.namespace("server", Morello::serverSetting);
        CONFIG.namespace("engine", Morello::engineSetting);
        CONFIG.namespace("tree", Morello::treeSetting);
        CONFIG.namespace("log", SITE_LOGS::set);
        CONFIG.namespace("checker", (k, v) -> { });
        SERVER.adapter().subscribe(ENGINE);
        THREAD_MANAGER.subscribe(ENGINE);
        // before any server opens its port: handlers that cannot be served refuse the start
        ENGINE.subscribe(Bus.START, args -> TREE.starting(), 10);
        ENGINE.subscribe(Bus.STOP, args -> TREE.stopped(), Bus.DEFAULT_PRIORITY);
        // first of all: config that is not understood vetoes the start, so nothing binds or starts
        ENGINE.subscribe(Bus.START, args -> {
            try {
                ConfigCheck.site(TREE, CONFIG);
            } catch (ConfigRefused refused) {
                throw new Refusal(refused.getMessage(), refused);
            }
        }, Integer.MIN_VALUE);
        ENGINE.subscribe(Bus.START, args -> {
            for (String warning : Checker.run(TREE, CONFIG)) {
                SITE_LOGS.warn(warning);
            }
        }, Bus.DEFAULT_PRIORITY);
        // Before the checker (50), the PID file (70) and the server (75): a log file that cannot
        // be written refuses the start before anything is written or bound.
        ENGINE.subscribe(Bus.START, args -> openLogFiles(), 40);
        // Once the log files are open, so the line goes to them, and before the server (75):
        // upload files a crashed process left behind are gone by the time the site serves.
        ENGINE.subscribe(Bus.START, args -> SpoolFiles.sweep(), 45);
        // logrotate renames the files, then has graceful published (SIGUSR1): open them anew
        ENGINE.subscribe(Bus.GRACEFUL, args -> reopenLogFiles(), Bus.DEFAULT_PRIORITY);
        // After the servers (75): how long a supervisor lets a generation stop before killing it.
        ENGINE.subscribe(Bus.START, args -> ENGINE.stopTimeout(stopTimeout()), 80);
    }

    /**
     * The servers stop one after another, each within its shutdown timeout; then the JVM needs a
     * moment to end.
     */
    private static Duration stopTimeout() {
        Duration total = Duration.ofSeconds(5);
        List<Server> servers = new ArrayList<>(EXTRA_SERVERS.values());
        servers.add(SERVER);
        for (Server s : servers) {
            HttpServer running = s.httpServer();
            if (running != null) {
                total = total.plus(running.config().shutdownTimeout());
            }
        }
        return total;
    }

    private Morello() {
    }

    /** The request cycle, for the tree: an application's request, with its logs, on this site. */
    private static void serve(HttpExchange exchange, Application app, String pathInfo, HttpVersion protocol,
                              Clock clock) throws IOException {
        RequestCycle.serve(exchange, app, pathInfo, protocol, clock, app.logs(), ENGINE, CONFIG);
    }

    /** The checks the tree and its applications are put through, on this site. */
    private static final class SiteChecks implements Site.Checks {
        @Override
        public void mounting(Application app, boolean started) {
            ConfigCheck.mounting(app, ENGINE, CONFIG);
            HandlerCheck.check(List.of(app), started);
        }

        @Override
        public void starting(List<Application> apps) {
            HandlerCheck.check(apps, true);
        }

        @Override
        public boolean running() {
            return ConfigCheck.running(ENGINE);
        }

        @Override
        public void merged(Application app) {
            ConfigCheck.check(app, CONFIG);
        }
    }

    /** Opens the site's and every application's log files; one that cannot be refuses the start. */
    private static void openLogFiles() {
        LogFile.checked(true);
        SITE_LOGS.open();
        for (Object mounted : TREE.mounts().values()) {
            if (mounted instanceof Application app) {
                app.logs().open();
            }
        }
        for (Application app : TREE.virtualHosts().values()) {
            app.logs().open();
        }
    }

    private static void reopenLogFiles() {
        LogFile.Reopened r = LogFile.reopenAll();
        if (!r.files().isEmpty()) {
            List<String> names = r.files().stream().map(Object::toString).toList();
            String last = names.get(names.size() - 1);
            ENGINE.log("Reopened " + (names.size() == 1 ? last
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + last));
        }
        for (String failure : r.failures()) {
            ENGINE.log(failure, Level.ERROR, null);
        }
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

    /**
     * The site's clock: the server's {@code Date} field, {@link Request#time()} and
     * {@link Response#time()} (so {@code Expires}, cookies' and caches' times), digest nonces, and
     * the log lines' timestamps (in the clock's zone) all read it. The system clock in the local
     * zone unless set; {@link #reset()} restores that.
     */
    public static java.time.Clock clock() {
        return TREE.clock();
    }

    /**
     * Sets the site's clock (see {@link #clock()}), for tests that pin the time; a running server
     * reads it from its next start.
     */
    public static void clock(java.time.Clock clock) {
        TREE.clock(clock);
        SITE_LOGS.clock(clock);
    }

    /** The HTTP server the engine starts. */
    public static Server server() {
        return SERVER;
    }

    /** The running HTTP servers by name: "" for the main one, NAME for {@code server.NAME.*}. */
    private static Map<String, HttpServer> httpServers() {
        Map<String, HttpServer> running = new LinkedHashMap<>();
        running.put("", SERVER.httpServer());
        new TreeMap<>(EXTRA_SERVERS).forEach((name, s) -> running.put(name, s.httpServer()));
        return running;
    }

    /**
     * The site's statistics (CherryPy's {@code cpstats}): requests by application and path where
     * {@code tools.cpstats.on} is True, and every server's counters. {@code snapshot()} reads
     * them; a {@link dev.morello.stats.StatsPage} shows them.
     */
    public static Statistics statistics() {
        return Statistics.site();
    }

    /** The tools: {@code tools.NAME.on = True} in config switches one on for a path. */
    public static dev.morello.tools.Toolbox tools() {
        return TOOLS;
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
    public static synchronized Autoreloader autoreloader() {
        if (autoreloader == null) {
            double seconds = dev.morello.internal.Values.number("engine.autoreload.frequency",
                    CONFIG.get("engine.autoreload.frequency", 1));
            String match = String.valueOf(CONFIG.get("engine.autoreload.match", ".*"));
            Autoreloader reloader = new Autoreloader(ENGINE, java.time.Duration.ofMillis((long) (seconds * 1000)), match);
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty() && java.nio.file.Files.isDirectory(java.nio.file.Path.of(entry))) {
                    reloader.watch(java.nio.file.Path.of(entry));
                }
            }
            Object files = CONFIG.get("engine.autoreload.files");
            if (files != null) {
                for (String f : dev.morello.internal.Values.strings("engine.autoreload.files", files)) {
                    reloader.watch(java.nio.file.Path.of(f));
                }
            }
            autoreloader = reloader;
        }
        return autoreloader;
    }

    /**
     * Back to a fresh site: stops the engine if it runs, unmounts every application, restores the
     * default config, and drops extra servers, log files and plugin switches. For tests, and for
     * programs that run several sites in turn.
     */
    public static synchronized void reset() {
        if (ENGINE.state() == dev.morello.engine.State.STARTED || ENGINE.state() == dev.morello.engine.State.STARTING) {
            ENGINE.stop();
        }
        TREE.clear();
        clock(java.time.Clock.systemDefaultZone());
        dev.morello.sessions.SessionStores.closeAll();
        dev.morello.sse.EventStream.closeAll();
        Statistics.site().clear();
        CONFIG.reset();
        SITE_LOGS.reset();
        LogFile.closeAll();
        for (Server extra : EXTRA_SERVERS.values()) {
            extra.adapter().unsubscribe(ENGINE);
        }
        EXTRA_SERVERS.clear();
        SERVER.clear();
        if (!serverOn) {
            SERVER.adapter().subscribe(ENGINE);
            serverOn = true;
        }
        if (autoreloading) {
            autoreloader().unsubscribe(ENGINE);
            autoreloading = false;
        }
        autoreloader = null;
        if (pidFile != null) {
            pidFile.unsubscribe(ENGINE);
            pidFile = null;
        }
    }

    /** The site's log settings ({@code log.*}). */
    static Logs siteLogs() {
        return SITE_LOGS;
    }

    private static synchronized void engineSetting(String key, Object value) {
        switch (key) {
            case "autoreload.on" -> {
                boolean on = dev.morello.internal.Values.bool("engine.autoreload.on", value);
                if (on && !autoreloading) {
                    autoreloader().subscribe(ENGINE);
                } else if (!on && autoreloading) {
                    autoreloader().unsubscribe(ENGINE);
                }
                autoreloading = on;
            }
            case "autoreload.files" -> {
                if (value != null) {
                    for (String f : dev.morello.internal.Values.strings("engine.autoreload.files", value)) {
                        autoreloader().watch(java.nio.file.Path.of(f));
                    }
                }
            }
            case "thread_manager.on" -> {
                THREAD_MANAGER.unsubscribe(ENGINE);
                if (dev.morello.internal.Values.bool("engine.thread_manager.on", value)) {
                    THREAD_MANAGER.subscribe(ENGINE);
                }
            }
            case "pid_file" -> {
                if (pidFile != null) {
                    pidFile.unsubscribe(ENGINE);
                    pidFile = null;
                }
                if (value != null && !value.toString().isEmpty()) {
                    pidFile = new dev.morello.engine.plugins.PidFile(java.nio.file.Path.of(value.toString()));
                    pidFile.subscribe(ENGINE);
                }
            }
            default -> { }
        }
    }

    /** {@code server.KEY} sets the main server; {@code server.NAME.KEY} an extra one, made on first use. */
    private static synchronized void serverSetting(String key, Object value) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            if (key.equals("on")) {
                boolean on = dev.morello.internal.Values.bool("server.on", value);
                if (on != serverOn) {
                    if (on) {
                        SERVER.adapter().subscribe(ENGINE);
                    } else {
                        SERVER.adapter().unsubscribe(ENGINE);
                    }
                    serverOn = on;
                }
            }
            SERVER.set(key, value);
            return;
        }
        String name = key.substring(0, dot);
        String rest = key.substring(dot + 1);
        Server extra = EXTRA_SERVERS.computeIfAbsent(name, n -> {
            Server s = new Server(ENGINE, TREE, n);
            s.adapter().subscribe(ENGINE);
            return s;
        });
        if (rest.equals("on")) {
            extra.adapter().unsubscribe(ENGINE);
            if (dev.morello.internal.Values.bool("server." + key, value)) {
                extra.adapter().subscribe(ENGINE);
            }
        }
        extra.set(rest, value);
    }

    /** An extra server configured by {@code server.NAME.*} keys, or null. */
    public static Server server(String name) {
        return EXTRA_SERVERS.get(name);
    }

    /** The extra servers by name. */
    public static Map<String, Server> extraServers() {
        return java.util.Collections.unmodifiableMap(EXTRA_SERVERS);
    }

    /** {@code tree.NAME = cherrypy.Application(root, "/path", "app.conf")} mounts; a map of mount point → handler grafts. */
    private static void treeSetting(String key, Object value) {
        if (value instanceof dev.morello.internal.config.MountSpec spec) {
            Object root = spec.root();
            if (root instanceof Class<?> c) {
                try {
                    root = c.getConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("tree." + key + ": cannot make a " + c.getName() + ": " + e, e);
                }
            }
            Object conf = spec.config();
            if (conf == null) {
                TREE.mount(root, spec.scriptName(), (Map<String, ?>) null);
            } else if (conf instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> sections = (Map<String, ?>) m;
                TREE.mount(root, spec.scriptName(), sections);
            } else {
                TREE.mount(root, spec.scriptName(), dev.morello.config.GlobalConfig.relative(conf.toString()));
            }
        } else if (value instanceof Map<?, ?> grafts) {
            grafts.forEach((sn, handler) -> {
                if (!(handler instanceof dev.morello.http.HttpHandler h)) {
                    throw new IllegalArgumentException("tree." + key + ": " + sn + " must map to an HttpHandler");
                }
                TREE.graft(h, String.valueOf(sn));
            });
        } else if (value instanceof Application app) {
            throw new IllegalArgumentException("tree." + key + ": mount applications with cherrypy.Application(root, script_name, config)");
        } else if (value != null) {
            throw new IllegalArgumentException("tree." + key + " must be cherrypy.Application(...) or a map of mount point to handler, not " + value);
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

    /**
     * The session of the request being served on this thread ({@code tools.sessions.on} must
     * be set for its path), as {@code cherrypy.session}.
     */
    public static dev.morello.sessions.Session session() {
        return dev.morello.sessions.Session.of(request());
    }

    /** Whether this thread is serving a request. */
    public static boolean serving() {
        return Serving.request() != null;
    }

    // ---- quickstart ------------------------------------------------------------------------

    /** Mounts the root at {@code /}, starts the engine and serves until the process is stopped. */
    public static void quickstart(Object root) {
        quickstart(root, "", (Map<String, ?>) null);
    }

    public static void quickstart(Object root, String scriptName) {
        quickstart(root, scriptName, (Map<String, ?>) null);
    }

    /**
     * CherryPy's {@code quickstart}: applies the config's {@code global} section to the site,
     * mounts the root with the rest, subscribes the signal handler, starts the engine and blocks
     * until it exits. Config the site refuses (see {@code docs/configuration.md}) ends the program
     * with the reason on standard error and status 1.
     */
    public static void quickstart(Object root, String scriptName, Map<String, ?> config) {
        if (config != null && config.get("global") instanceof Map<?, ?> g) {
            @SuppressWarnings("unchecked")
            Map<String, Object> gm = (Map<String, Object>) g;
            CONFIG.update(gm);
        }
        if (root != null) {
            Map<String, Object> sections = config == null ? null : new java.util.LinkedHashMap<>(config);
            if (sections != null) {
                sections.remove("global");
            }
            TREE.mount(root, scriptName, sections);
        }
        serveOrExit();
    }

    /** {@link #quickstart(Object, String, Map)} with a config file in CherryPy's format. */
    public static void quickstart(Object root, String scriptName, java.nio.file.Path config) {
        CONFIG.update(config);
        if (root != null) {
            TREE.mount(root, scriptName, config);
        }
        serveOrExit();
    }

    /**
     * {@link #serve()}, and when the site cannot start, one line on stderr saying why (the engine
     * has logged the details) and the process ends with status 1: a program whose site did not
     * start has nothing left to do, and a service manager must see it failed.
     */
    private static void serveOrExit() {
        try {
            serve();
        } catch (RuntimeException e) {
            System.err.println(whyNotStarted(e));
            System.exit(1);
        }
    }

    /**
     * Why the engine did not start, in one line: a refusal's message as it is ({@code port 8080 on
     * 127.0.0.1 is in use}), any other failure after {@code the site did not start: }.
     */
    static String whyNotStarted(RuntimeException e) {
        Throwable root = e;
        if (e instanceof ChannelFailures cf && !cf.failures().isEmpty()) {
            root = cf.failures().get(0);
        }
        if (root instanceof Refusal) {
            return root.getMessage();
        }
        return "the site did not start: " + (root.getMessage() != null ? root.getMessage() : root.toString());
    }

    /** Subscribes the signal handler (unless the environment leaves signals alone), starts and blocks. */
    static void serve() {
        subscribeSignals();
        ENGINE.start();
        ENGINE.block();
    }

    static void subscribeSignals() {
        Object on = CONFIG.get("engine.signal_handler.on");
        if (on != null && !dev.morello.internal.Values.bool("engine.signal_handler.on", on)) {
            return;
        }
        if (CONFIG.keys().contains("engine.SIGTERM") && CONFIG.get("engine.SIGTERM") == null) {
            SIGNALS.on("TERM", null);
        }
        if (CONFIG.keys().contains("engine.SIGHUP") && CONFIG.get("engine.SIGHUP") == null) {
            SIGNALS.on("HUP", null);
        }
        SIGNALS.subscribe(ENGINE);
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
     * @param relative   false (absolute URL), {@code "server"} (a path from the server root), or
     *                   true (relative to the current URL, with {@code ..} as needed)
     */
    public static String url(String path, String query, String scriptName, String base, Object relative) {
        return SiteUrls.url(Serving.request(), SERVER.base(), path, query, scriptName, base, relative);
    }

    /** A query string from a map: {@code a=1&b=x+y}, values encoded as UTF-8. */
    public static String query(Map<String, ?> params) {
        return Urls.query(params);
    }
}
