package dev.morello.micrometer;

import dev.morello.engine.State;
import dev.morello.http.ServerStatistics;
import dev.morello.stats.Statistics;
import dev.morello.stats.Statistics.App;
import dev.morello.stats.Statistics.Figures;
import dev.morello.stats.Statistics.Latency;
import dev.morello.stats.Statistics.Server;
import dev.morello.stats.Statistics.Snapshot;
import dev.morello.stats.Statistics.StatusClasses;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Morello's figures as Micrometer meters: each server's counters (kept always, by every
 * {@code HttpServer}), the {@code cpstats} figures by application and path template (where
 * {@code tools.cpstats.on} is set), and the engine's state and uptime.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * new MorelloMetrics().bindTo(registry);
 * MorelloMetrics.bindJvm(registry);                  // Micrometer's own JVM and process binders
 * Morello.tree().mount(new PrometheusPage(registry), "/metrics");
 * }</pre>
 *
 * <p><b>Nothing on the request path.</b> Every meter is a function of {@link Statistics#site()}'s
 * {@link Statistics#snapshot() snapshot}, read when the registry reads the meter: the counters the
 * server and the tool keep anyway are all there is. A snapshot serves the reads of about a second
 * ({@value #FRESH_MILLIS} ms), so the meters of one scrape read one snapshot and agree with each
 * other, and a scrape sums each path's buckets once, not once a meter.
 *
 * <p><b>Meters appear as their subjects do.</b> Servers start after the binder is bound, and
 * applications, path templates and refusal statuses are first seen when a request brings them;
 * Micrometer has no hook that runs before a registry is read. So {@link #refresh()} registers the
 * meters of whatever it sees for the first time in a new snapshot, and {@link PrometheusPage} calls
 * it for every binder bound to its registry before each scrape: a path is on the page from the
 * first scrape after its first request. A registry that pushes (not Prometheus) sees new ones
 * after the next {@code refresh()} the application makes (from a scheduler, say); what was
 * registered keeps being read without it. The table is bounded by the statistics' own bound
 * ({@value Statistics#MAX_PATHS} templates an application).
 *
 * <p>Names in Micrometer's style (dots); Prometheus writes them with underscores, the base unit
 * and {@code _total} for counters ({@code morello.http.requests} is
 * {@code morello_http_requests_total}):
 *
 * <table class="striped">
 * <caption>The meters</caption>
 * <thead><tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr></thead>
 * <tbody>
 * <tr><td>{@code morello.server.connections.accepted}</td><td>counter</td><td>server</td><td>connections accepted</td></tr>
 * <tr><td>{@code morello.server.connections.open}</td><td>gauge</td><td>server</td><td>connections open now</td></tr>
 * <tr><td>{@code morello.server.requests}</td><td>counter</td><td>server</td><td>requests received whole</td></tr>
 * <tr><td>{@code morello.server.requests.running}</td><td>gauge</td><td>server</td><td>requests whose handler runs now</td></tr>
 * <tr><td>{@code morello.server.requests.waiting}</td><td>gauge</td><td>server</td><td>requests waiting for a handler</td></tr>
 * <tr><td>{@code morello.server.read}, {@code .written}</td><td>counter, bytes</td><td>server</td><td>bytes on the connections</td></tr>
 * <tr><td>{@code morello.server.refusals}</td><td>counter</td><td>server, status</td><td>what the server answered itself</td></tr>
 * <tr><td>{@code morello.server.http2.connections}, {@code .requests}</td><td>counter</td><td>server</td><td>HTTP/2</td></tr>
 * <tr><td>{@code morello.server.websocket.upgrades}</td><td>counter</td><td>server</td><td>WebSocket upgrades</td></tr>
 * <tr><td>{@code morello.server.websocket.open}</td><td>gauge</td><td>server</td><td>WebSockets open now</td></tr>
 * <tr><td>{@code morello.server.uptime}</td><td>time gauge</td><td>server</td><td>since the server started</td></tr>
 * <tr><td>{@code morello.http.requests}</td><td>counter</td><td>app, path, status</td><td>requests ended, by status class ({@code 1xx} … {@code 5xx})</td></tr>
 * <tr><td>{@code morello.http.latency}</td><td>function timer</td><td>app, path</td><td>count and total time of those requests</td></tr>
 * <tr><td>{@code morello.http.latency.quantile}</td><td>time gauge</td><td>app, path, quantile</td><td>p50, p90, p99 and the largest ({@code 1.0}) since the start</td></tr>
 * <tr><td>{@code morello.http.read}, {@code .written}</td><td>counter, bytes</td><td>app, path</td><td>request and response body bytes</td></tr>
 * <tr><td>{@code morello.http.requests.active}</td><td>gauge</td><td>app</td><td>requests begun and not ended</td></tr>
 * <tr><td>{@code morello.engine.state}</td><td>gauge</td><td>state</td><td>1 for the engine's state, 0 for the others</td></tr>
 * <tr><td>{@code morello.uptime}</td><td>time gauge</td><td></td><td>since the engine started</td></tr>
 * <tr><td>{@code morello.info}</td><td>gauge</td><td>version</td><td>always 1</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Tag values: {@code server} is {@value #MAIN_SERVER} for the main server and the name of an
 * extra one ({@code server.NAME.*}); {@code app} the mount point, {@code /} for the root;
 * {@code path} the path template (or {@code (not found)}, {@code (no handler)},
 * {@code (other paths)}: see {@link Statistics}). The quantiles are the statistics' own,
 * cumulative since the start (as {@code cpstats} shows them), not over a sliding window: for rates
 * over time, use the timer's count and total.
 */
public final class MorelloMetrics implements MeterBinder {
    /** The {@code server} tag of the main server (whose name in the statistics is ""). */
    public static final String MAIN_SERVER = "main";
    /** How long one snapshot serves the meters' reads, in milliseconds. */
    static final long FRESH_MILLIS = 1000;
    private static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(FRESH_MILLIS);

    private static final ReentrantLock BOUND_LOCK = new ReentrantLock();
    /**
     * The binders bound to each registry, for {@link #refresh(MeterRegistry)}. This also keeps a
     * binder alive as long as a registry it is bound to: Micrometer holds the object its function
     * meters read weakly, and an application that binds {@code new MorelloMetrics()} keeps no
     * reference of its own. The keys are weak (registries compare by identity) and a binder holds
     * its registries weakly too, so a registry the application drops is dropped here as well.
     */
    private static final Map<MeterRegistry, Set<MorelloMetrics>> BOUND = new WeakHashMap<>();

    private final Statistics statistics;
    private final Tags tags;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();
    /** Each server's counters as last seen: a server that stopped keeps its counts, not zeros. */
    private final ConcurrentHashMap<String, ServerStatistics> lastServers = new ConcurrentHashMap<>();
    private volatile Taken taken;

    /** A snapshot and when it was taken ({@link System#nanoTime()}). */
    private record Taken(Snapshot snapshot, long nanos) {
    }

    /** What a binder has registered in one registry. */
    private static final class Binding {
        final WeakReference<MeterRegistry> registry;
        final Set<Subject> registered = ConcurrentHashMap.newKeySet();

        Binding(MeterRegistry registry) {
            this.registry = new WeakReference<>(registry);
        }
    }

    /** What a group of meters is about, registered once per registry. */
    private sealed interface Subject permits ServerSubject, RefusalSubject, AppSubject, PathSubject {
    }

    private record ServerSubject(String server) implements Subject {
    }

    private record RefusalSubject(String server, int status) implements Subject {
    }

    private record AppSubject(String app) implements Subject {
    }

    private record PathSubject(String app, String path) implements Subject {
    }

    /** The status classes, as the {@code status} tag of {@code morello.http.requests} names them. */
    private enum StatusClass {
        INFORMATIONAL("1xx", StatusClasses::informational),
        SUCCESS("2xx", StatusClasses::success),
        REDIRECTION("3xx", StatusClasses::redirection),
        CLIENT_ERROR("4xx", StatusClasses::clientError),
        SERVER_ERROR("5xx", StatusClasses::serverError);

        final String tag;
        final ToLongFunction<StatusClasses> count;

        StatusClass(String tag, ToLongFunction<StatusClasses> count) {
            this.tag = tag;
            this.count = count;
        }
    }

    /** The latency figures read as quantiles; the largest time seen is the quantile 1. */
    private enum Quantile {
        P50("0.5", Latency::p50),
        P90("0.9", Latency::p90),
        P99("0.99", Latency::p99),
        MAX("1.0", Latency::max);

        final String tag;
        final Function<Latency, Duration> value;

        Quantile(String tag, Function<Latency, Duration> value) {
            this.tag = tag;
            this.value = value;
        }
    }

    /** The site's statistics ({@link Statistics#site()}), without tags of its own. */
    public MorelloMetrics() {
        this(Statistics.site(), Tags.empty());
    }

    /**
     * @param statistics the statistics to read
     * @param tags       added to every meter (an instance name, say)
     */
    public MorelloMetrics(Statistics statistics, Iterable<Tag> tags) {
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the meters of the site and of every server, application and path the statistics
     * have now; later ones come with {@link #refresh()}. Binding twice to one registry does nothing
     * the second time.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        BOUND_LOCK.lock();
        try {
            if (!BOUND.computeIfAbsent(registry, r -> new LinkedHashSet<>()).add(this)) {
                return;
            }
        } finally {
            BOUND_LOCK.unlock();
        }
        Binding binding = new Binding(registry);
        bindings.add(binding);
        Snapshot snapshot = take();
        bindSite(registry, snapshot.serverVersion());
        register(binding, registry, snapshot);
    }

    /**
     * Takes a fresh snapshot for the meters to read and registers, in every registry this binder
     * is bound to, the meters of servers, applications, path templates and refusal statuses seen
     * for the first time. {@link PrometheusPage} calls it before each scrape.
     */
    public void refresh() {
        Snapshot snapshot = take();
        for (Binding b : bindings) {
            MeterRegistry registry = b.registry.get();
            if (registry == null) {
                bindings.remove(b);
            } else {
                register(b, registry, snapshot);
            }
        }
    }

    /** {@link #refresh()} of every binder bound to {@code registry}. */
    static void refresh(MeterRegistry registry) {
        List<MorelloMetrics> binders;
        BOUND_LOCK.lock();
        try {
            Set<MorelloMetrics> bound = BOUND.get(registry);
            binders = bound == null ? List.of() : List.copyOf(bound);
        } finally {
            BOUND_LOCK.unlock();
        }
        for (MorelloMetrics m : binders) {
            m.refresh();
        }
    }

    /**
     * Binds Micrometer's own JVM and process binders, so that one registry has the JVM's figures
     * beside the server's: {@code ClassLoaderMetrics}, {@code JvmMemoryMetrics},
     * {@code JvmGcMetrics}, {@code JvmThreadMetrics}, {@code JvmInfoMetrics},
     * {@code ProcessorMetrics}, {@code UptimeMetrics} and {@code FileDescriptorMetrics}
     * ({@code jvm_memory_used_bytes}, {@code jvm_gc_pause_seconds}, {@code process_cpu_usage} ...).
     *
     * @return what stops the GC binder listening for collections, for a registry discarded before
     *         the JVM ends
     */
    public static AutoCloseable bindJvm(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return gc;
    }

    // ---- the snapshot the meters read ---------------------------------------------------------

    private Snapshot current() {
        Taken t = taken;
        if (t != null && System.nanoTime() - t.nanos() < FRESH_NANOS) {
            return t.snapshot();
        }
        return take();
    }

    private Snapshot take() {
        Snapshot snapshot = statistics.snapshot();
        for (Server s : snapshot.servers().values()) {
            lastServers.put(s.name(), s.statistics());
        }
        taken = new Taken(snapshot, System.nanoTime());
        return snapshot;
    }

    /** A counter of a server: as last seen, so that it never goes back while the server is away. */
    private double serverCount(String server, ToDoubleFunction<ServerStatistics> figure) {
        current();
        ServerStatistics s = lastServers.get(server);
        return s == null ? 0 : figure.applyAsDouble(s);
    }

    /** A level of a server: now, 0 when it is not running. */
    private double serverLevel(String server, ToDoubleFunction<ServerStatistics> figure) {
        Server s = current().servers().get(server);
        return s == null ? 0 : figure.applyAsDouble(s.statistics());
    }

    /** A figure of a path; 0 when the statistics no longer have it (they were cleared). */
    private double pathFigure(String app, String path, ToDoubleFunction<Figures> figure) {
        App a = current().applications().get(app);
        Figures f = a == null ? null : a.paths().get(path);
        return f == null ? 0 : figure.applyAsDouble(f);
    }

    // ---- registering --------------------------------------------------------------------------

    private void register(Binding binding, MeterRegistry registry, Snapshot snapshot) {
        for (Server s : snapshot.servers().values()) {
            if (binding.registered.add(new ServerSubject(s.name()))) {
                bindServer(registry, s.name());
            }
            for (int status : s.statistics().refusals().keySet()) {
                if (binding.registered.add(new RefusalSubject(s.name(), status))) {
                    bindRefusals(registry, s.name(), status);
                }
            }
        }
        for (App a : snapshot.applications().values()) {
            if (binding.registered.add(new AppSubject(a.scriptName()))) {
                bindApp(registry, a.scriptName());
            }
            for (String path : a.paths().keySet()) {
                if (binding.registered.add(new PathSubject(a.scriptName(), path))) {
                    bindPath(registry, a.scriptName(), path);
                }
            }
        }
    }

    private void bindSite(MeterRegistry registry, String version) {
        for (State state : State.values()) {
            String name = state.name();
            Gauge.builder("morello.engine.state", this, m -> name.equals(m.current().engineState()) ? 1 : 0)
                    .tags(tags).tag("state", name)
                    .description("1 for the state the engine is in, 0 for the others")
                    .register(registry);
        }
        TimeGauge.builder("morello.uptime", this, TimeUnit.NANOSECONDS, m -> m.current().uptime().toNanos())
                .tags(tags)
                .description("Time since the engine started")
                .register(registry);
        Gauge.builder("morello.info", () -> 1)
                .tags(tags).tag("version", version)
                .description("Morello's version, in the tag")
                .register(registry);
    }

    private void bindServer(MeterRegistry registry, String server) {
        Tags t = tags.and("server", server.isEmpty() ? MAIN_SERVER : server);
        serverCounter(registry, server, t, "morello.server.connections.accepted", null,
                "Connections accepted, those turned away at a limit included", ServerStatistics::connectionsAccepted);
        serverGauge(registry, server, t, "morello.server.connections.open", "Connections open now",
                ServerStatistics::connectionsOpen);
        serverCounter(registry, server, t, "morello.server.requests", null,
                "Requests received whole, answered by the handler or refused", ServerStatistics::requests);
        serverGauge(registry, server, t, "morello.server.requests.running", "Requests whose handler is running now",
                ServerStatistics::requestsRunning);
        serverGauge(registry, server, t, "morello.server.requests.waiting", "Requests waiting for a handler to be free",
                ServerStatistics::requestsWaiting);
        serverCounter(registry, server, t, "morello.server.read", BaseUnits.BYTES,
                "Bytes read from connections (over TLS, decrypted)", ServerStatistics::bytesRead);
        serverCounter(registry, server, t, "morello.server.written", BaseUnits.BYTES,
                "Bytes written to connections (over TLS, before encryption)", ServerStatistics::bytesWritten);
        serverCounter(registry, server, t, "morello.server.http2.connections", null,
                "Connections that came to speak HTTP/2", ServerStatistics::http2Connections);
        serverCounter(registry, server, t, "morello.server.http2.requests", null, "Requests that came over HTTP/2",
                ServerStatistics::http2Requests);
        serverCounter(registry, server, t, "morello.server.websocket.upgrades", null,
                "Connections upgraded to WebSocket", ServerStatistics::webSocketUpgrades);
        serverGauge(registry, server, t, "morello.server.websocket.open", "WebSockets open now",
                ServerStatistics::webSocketsOpen);
        TimeGauge.builder("morello.server.uptime", this, TimeUnit.NANOSECONDS,
                        m -> m.serverLevel(server, s -> s.uptime().toNanos()))
                .tags(t)
                .description("Time since the server started")
                .register(registry);
    }

    private void serverCounter(MeterRegistry registry, String server, Tags t, String name, String unit,
                               String description, ToDoubleFunction<ServerStatistics> figure) {
        FunctionCounter.builder(name, this, m -> m.serverCount(server, figure))
                .tags(t).baseUnit(unit).description(description)
                .register(registry);
    }

    private void serverGauge(MeterRegistry registry, String server, Tags t, String name, String description,
                             ToDoubleFunction<ServerStatistics> figure) {
        Gauge.builder(name, this, m -> m.serverLevel(server, figure))
                .tags(t).description(description)
                .register(registry);
    }

    private void bindRefusals(MeterRegistry registry, String server, int status) {
        FunctionCounter.builder("morello.server.refusals", this, m -> m.serverCount(server, s -> s.refusals(status)))
                .tags(tags).tag("server", server.isEmpty() ? MAIN_SERVER : server).tag("status", Integer.toString(status))
                .description("Requests and connections the server answered itself, by status")
                .register(registry);
    }

    private void bindApp(MeterRegistry registry, String app) {
        Gauge.builder("morello.http.requests.active", this, m -> {
                    App a = m.current().applications().get(app);
                    return a == null ? 0 : a.totals().currentRequests();
                })
                .tags(tags).tag("app", appTag(app))
                .description("Requests begun and not ended (where tools.cpstats is on)")
                .register(registry);
    }

    private void bindPath(MeterRegistry registry, String app, String path) {
        Tags t = tags.and("app", appTag(app), "path", path);
        for (StatusClass c : StatusClass.values()) {
            FunctionCounter.builder("morello.http.requests", this,
                            m -> m.pathFigure(app, path, f -> c.count.applyAsLong(f.statusClasses())))
                    .tags(t).tag("status", c.tag)
                    .description("Requests ended, by the class of their status (where tools.cpstats is on)")
                    .register(registry);
        }
        FunctionTimer.builder("morello.http.latency", this,
                        m -> (long) m.pathFigure(app, path, f -> f.latency().count()),
                        m -> m.pathFigure(app, path, f -> f.latency().total().toNanos()), TimeUnit.NANOSECONDS)
                .tags(t)
                .description("Request times, from the handler found to the response sent")
                .register(registry);
        for (Quantile q : Quantile.values()) {
            TimeGauge.builder("morello.http.latency.quantile", this, TimeUnit.NANOSECONDS,
                            m -> m.pathFigure(app, path, f -> q.value.apply(f.latency()).toNanos()))
                    .tags(t).tag("quantile", q.tag)
                    .description("Request time percentiles since the start (at most 12.5 % above the true value); 1.0 is the largest")
                    .register(registry);
        }
        FunctionCounter.builder("morello.http.read", this, m -> m.pathFigure(app, path, Figures::bytesRead))
                .tags(t).baseUnit(BaseUnits.BYTES)
                .description("Request body bytes read")
                .register(registry);
        FunctionCounter.builder("morello.http.written", this, m -> m.pathFigure(app, path, Figures::bytesWritten))
                .tags(t).baseUnit(BaseUnits.BYTES)
                .description("Response body bytes sent")
                .register(registry);
    }

    /** The root application is mounted at "", shown as "/" (as on the statistics page). */
    private static String appTag(String scriptName) {
        return scriptName.isEmpty() ? "/" : scriptName;
    }
}
