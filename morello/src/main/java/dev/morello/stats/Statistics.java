package dev.morello.stats;

import dev.morello.engine.Bus;
import dev.morello.engine.State;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerStatistics;
import dev.morello.internal.Version;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The site's statistics, as CherryPy's {@code cpstats} keeps them in
 * {@code logging.statistics["CherryPy Applications"]}: requests by application (mount point)
 * and by path template (the handler that answered, so {@code /user/1} and {@code /user/2} count
 * together), their statuses by class, body bytes and times, with the engine's state, the uptime
 * and each server's own counters ({@link ServerStatistics}).
 *
 * <pre>{@code
 * Morello.tree().mount(new Shop(), "/shop", Map.of("/", Map.of("tools.cpstats.on", true)));
 * ...
 * Statistics.Snapshot s = Statistics.site().snapshot();
 * Statistics.Figures shop = s.applications().get("/shop").totals();
 * System.out.println(shop.requests() + " requests, p99 " + shop.latency().p99().toMillis() + " ms");
 * }</pre>
 *
 * <p>As in CherryPy, per-request figures are collected where the {@code cpstats} tool is on
 * ({@code tools.cpstats.on = True}); the server's counters are kept always. {@link StatsPage}
 * shows them, live, and serves them as JSON.
 *
 * <p>Keys: a request counts under its {@link dev.morello.Request#pathTemplate()}; a 404 that no
 * handler matched under {@value #NOT_FOUND}; one a tool answered without a handler (a static
 * file, say) under {@value #NO_HANDLER}. An application keeps at most {@value #MAX_PATHS} keys;
 * later ones count together under {@value #OTHER_PATHS}, so no client can grow the table.
 */
public final class Statistics {
    /** The key of 404s no handler matched. */
    public static final String NOT_FOUND = "(not found)";
    /** The key of requests a tool answered without a matched handler. */
    public static final String NO_HANDLER = "(no handler)";
    /** The key of paths past an application's first {@value #MAX_PATHS}. */
    public static final String OTHER_PATHS = "(other paths)";
    /** The path templates one application keeps apart. */
    public static final int MAX_PATHS = 200;

    private static final Statistics SITE = new Statistics();

    private final ConcurrentHashMap<String, AppCounters> apps = new ConcurrentHashMap<>();
    private volatile Bus engine;
    private volatile Supplier<Map<String, HttpServer>> servers = Map::of;
    private volatile Supplier<Clock> clock = Clock::systemUTC;
    private volatile Instant startTime;
    private volatile long startNanos;

    /** One application's requests: those running now, and the finished ones by path template. */
    static final class AppCounters {
        final LongAdder current = new LongAdder();
        final ConcurrentHashMap<String, PathCounters> paths = new ConcurrentHashMap<>();

        PathCounters path(String key) {
            PathCounters c = paths.get(key);
            if (c != null) {
                return c;
            }
            if (paths.size() >= MAX_PATHS) {
                key = OTHER_PATHS;
            }
            return paths.computeIfAbsent(key, k -> new PathCounters());
        }
    }

    Statistics() {
    }

    /** The site's statistics, which the {@code cpstats} tool fills in and {@link StatsPage} shows. */
    public static Statistics site() {
        return SITE;
    }

    /**
     * Ties the statistics to the site: its engine (its state, and its start as the start of the
     * uptime), its servers by name ("" for the main one), and its clock. The facade calls it once.
     */
    public void bind(Bus engine, Supplier<Map<String, HttpServer>> servers, Supplier<Clock> clock) {
        this.engine = engine;
        this.servers = servers;
        this.clock = clock;
        // after the servers (75): the uptime runs from when the site serves
        engine.subscribe(Bus.START, args -> {
            if (startTime == null) {
                startNanos = System.nanoTime();
                startTime = clock.get().instant();
            }
        }, 76);
    }

    /** Forgets every count and the start time (the servers keep theirs). */
    public void clear() {
        apps.clear();
        startTime = null;
    }

    // ---- recording, for the tool ------------------------------------------------------------------

    /** A request of the application at {@code scriptName} began. */
    AppCounters begin(String scriptName) {
        AppCounters app = apps.computeIfAbsent(scriptName, k -> new AppCounters());
        app.current.increment();
        return app;
    }

    /** The request {@link #begin} began ended without a response: not counted. */
    static void abandon(AppCounters app) {
        app.current.decrement();
    }

    /** The request {@link #begin} began has ended. */
    static void end(AppCounters app, String key, int status, long read, long written, long nanos) {
        app.current.decrement();
        app.path(key).record(status, read, written, nanos);
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Everything now: each figure exact when read, figures read together a moment apart. */
    public Snapshot snapshot() {
        Instant now = clock.get().instant();
        Instant started = startTime;
        Duration uptime = started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
        Bus bus = engine;
        String state = bus == null ? State.STOPPED.name() : bus.state().name();

        PathCounters.Tally site = new PathCounters.Tally();
        long siteCurrent = 0;
        Map<String, App> applications = new TreeMap<>();
        for (Map.Entry<String, AppCounters> a : apps.entrySet()) {
            PathCounters.Tally appTally = new PathCounters.Tally();
            Map<String, Figures> paths = new TreeMap<>();
            for (Map.Entry<String, PathCounters> p : a.getValue().paths.entrySet()) {
                PathCounters.Tally one = new PathCounters.Tally();
                p.getValue().addTo(one);
                p.getValue().addTo(appTally);
                p.getValue().addTo(site);
                paths.put(p.getKey(), one.figures(0));
            }
            long current = Math.max(0, a.getValue().current.sum());
            siteCurrent += current;
            applications.put(a.getKey(), new App(a.getKey(), appTally.figures(current), Collections.unmodifiableMap(paths)));
        }

        Map<String, Server> serverFigures = new LinkedHashMap<>();
        for (Map.Entry<String, HttpServer> s : servers.get().entrySet()) {
            HttpServer server = s.getValue();
            if (server != null) {
                serverFigures.put(s.getKey(), new Server(s.getKey(), describe(server.address()), server.statistics()));
            }
        }
        return new Snapshot(now, Version.NUMBER, state, started, uptime, site.figures(siteCurrent),
                Collections.unmodifiableMap(applications), Collections.unmodifiableMap(serverFigures));
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    // ---- the snapshot ---------------------------------------------------------------------------

    /**
     * The statistics at one moment.
     *
     * @param currentTime   now, by the site's clock (CherryPy's {@code Current Time})
     * @param serverVersion Morello's version ({@code Server Version})
     * @param engineState   the engine's state: STARTED, STOPPED ...
     * @param startTime     when the engine first started since the statistics were cleared
     *                      ({@code Start Time}); null before
     * @param uptime        how long since then ({@code Uptime})
     * @param totals        every application's requests together
     * @param applications  by mount point ("" for the root), those that have had requests
     * @param servers       each running server by name ("" for the main one)
     */
    public record Snapshot(Instant currentTime, String serverVersion, String engineState, Instant startTime,
                           Duration uptime, Figures totals, Map<String, App> applications, Map<String, Server> servers) {
        /** Requests a second over the uptime (CherryPy's {@code Requests/Second}). */
        public double requestsPerSecond() {
            return perSecond(totals.requests());
        }

        double perSecond(long count) {
            double seconds = uptime.toNanos() / 1e9;
            return seconds <= 0 ? 0 : count / seconds;
        }
    }

    /**
     * One application's requests.
     *
     * @param scriptName its mount point
     * @param totals     all its requests
     * @param paths      by path template (see the class doc for the keys)
     */
    public record App(String scriptName, Figures totals, Map<String, Figures> paths) {
    }

    /**
     * One server's counters.
     *
     * @param name        "" for the main server, else its name ({@code server.NAME.*})
     * @param bindAddress where it listens ({@code host:port}, or the socket file)
     * @param statistics  its counters
     */
    public record Server(String name, String bindAddress, ServerStatistics statistics) {
    }

    /**
     * Requests counted together (a path, an application, the site).
     *
     * @param requests        requests ended ({@code Total Requests})
     * @param currentRequests requests running now ({@code Current Requests}); 0 for a path
     * @param statusClasses   the ended requests by status class
     * @param bytesRead       request body bytes read ({@code Total Bytes Read})
     * @param bytesWritten    response body bytes sent ({@code Total Bytes Written})
     * @param latency         their times, from the handler's config applied to the response sent
     */
    public record Figures(long requests, long currentRequests, StatusClasses statusClasses, long bytesRead,
                          long bytesWritten, Latency latency) {
        /** The time all the requests took together ({@code Total Time}). */
        public Duration totalTime() {
            return latency.total();
        }
    }

    /** Requests by the class of their status. */
    public record StatusClasses(long informational, long success, long redirection, long clientError, long serverError) {
    }

    /**
     * Request times: the percentiles read from log-scale buckets, each at most 12.5 % above the
     * true value and never below it, never above {@code max}.
     *
     * @param count requests timed
     * @param total their times added up
     * @param mean  {@code total / count}
     */
    public record Latency(long count, Duration total, Duration mean, Duration p50, Duration p90, Duration p99,
                          Duration max) {
    }
}
