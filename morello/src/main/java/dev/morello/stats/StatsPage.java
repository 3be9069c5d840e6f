package dev.morello.stats;

import dev.morello.Expose;
import dev.morello.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The statistics as pages, CherryPy's {@code StatsPage}: mount it where you like.
 *
 * <pre>{@code
 * Morello.tree().mount(new StatsPage(), "/cpstats");
 * Morello.tree().mount(new Shop(), "/shop", Map.of("/", Map.of("tools.cpstats.on", true)));
 * }</pre>
 *
 * <ul>
 * <li>{@code /cpstats/} — a dashboard: one HTML page with its style and script inline (no other
 *     request but its data), charts of the last minute (requests a second, latency p50, p90, p99,
 *     open connections), and tables of applications, path templates and servers, refreshed every second.
 * <li>{@code /cpstats/data} — the figures as JSON, in CherryPy's names (see {@code docs/operations.md}),
 *     for monitoring; never cached.
 * </ul>
 *
 * <p>The page shows what anyone who reaches it asks for: request paths, addresses, load. Mount it
 * where only operators reach it, or put an auth tool on it
 * ({@code tools.auth_basic.on} on its mount point).
 */
public class StatsPage {
    private static final String DASHBOARD = load("dashboard.html");

    private final Statistics statistics;

    /** The site's statistics ({@link Statistics#site()}). */
    public StatsPage() {
        this(Statistics.site());
    }

    public StatsPage(Statistics statistics) {
        this.statistics = Objects.requireNonNull(statistics, "statistics");
    }

    /** The dashboard. */
    @Expose
    public String index(Response response) {
        response.headers().set("Content-Type", "text/html;charset=utf-8");
        response.headers().set("Cache-Control", "no-store");
        return DASHBOARD;
    }

    /** The figures now, as JSON. */
    @Expose
    public String data(Response response) {
        response.headers().set("Content-Type", "application/json");
        response.headers().set("Cache-Control", "no-store");
        return StatsJson.of(statistics.snapshot());
    }

    private static String load(String name) {
        try (InputStream in = StatsPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard is missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
