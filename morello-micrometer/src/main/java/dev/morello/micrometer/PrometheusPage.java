package dev.morello.micrometer;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.HeaderElement;
import dev.morello.Request;
import dev.morello.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * A Prometheus registry's scrape as a page: mount it where you choose, and point Prometheus at it.
 *
 * <pre>{@code
 * Morello.tree().mount(PrometheusPage.withDefaults(), "/metrics");   // Morello's meters and the JVM's
 *
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * new MorelloMetrics().bindTo(registry);                              // or your own registry
 * Morello.tree().mount(new PrometheusPage(registry), "/metrics");
 * }</pre>
 *
 * <p>{@code GET} (and {@code HEAD}) answer the text format, {@value #TEXT_FORMAT}; a request whose
 * {@code Accept} prefers {@code application/openmetrics-text} (as Prometheus's does) gets
 * OpenMetrics, {@value #OPENMETRICS_FORMAT}. Any other method is 405 with
 * {@code Allow: GET, HEAD} (the {@code allow} tool, on by this class's {@link Config}). The answer
 * is never cached and varies with {@code Accept}. Before each scrape the page
 * {@linkplain MorelloMetrics#refresh() refreshes} every {@link MorelloMetrics} bound to its
 * registry, so that servers, applications and path templates seen since the last scrape are on it.
 *
 * <p>The page shows paths and load to whoever reaches it: mount it where only Prometheus does, or
 * put an auth tool on its mount point, as for {@code StatsPage}.
 */
// trailing_slash off: Prometheus asks for /metrics as configured, and the page answers there
// rather than redirect to /metrics/ (where it answers too)
@Config({"tools.allow.on = True", "tools.trailing_slash.on = False"})
public class PrometheusPage {
    /** The Prometheus text format, version 0.0.4: the answer unless OpenMetrics is asked for. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0.0 text, for an {@code Accept} that prefers it. */
    public static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";

    private final PrometheusMeterRegistry registry;

    /** A page serving {@code registry}'s scrape. */
    public PrometheusPage(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * A page on a new registry with {@link MorelloMetrics} (the site's statistics) and the JVM's
     * binders ({@link MorelloMetrics#bindJvm}) bound; {@link #registry()} takes meters of your own.
     */
    public static PrometheusPage withDefaults() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MorelloMetrics.bindJvm(registry);
        new MorelloMetrics().bindTo(registry);
        return new PrometheusPage(registry);
    }

    /** The registry this page scrapes. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The scrape, in the format {@code Accept} prefers. */
    @Expose
    public byte[] index(Request request, Response response) {
        String format = format(request);
        MorelloMetrics.refresh(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            // the registry picks its writer from the type given: ours, so it is the one we name below
            registry.scrape(out, format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.headers().set("Content-Type", format);
        response.headers().set("Cache-Control", "no-store");
        response.headers().set("Vary", "Accept");
        return out.toByteArray();
    }

    /**
     * OpenMetrics when {@code Accept} ranks it above the text format (the elements come best
     * q-value first, RFC 9110 §12.5.1), the text format otherwise: also when nothing acceptable is
     * named, since a scraper is better served by the format every one of them reads than by a 406.
     */
    static String format(Request request) {
        for (HeaderElement e : request.headers().elements("Accept")) {
            if (e.qvalue() <= 0) {
                continue;
            }
            String type = e.value().toLowerCase(Locale.ROOT);
            if (type.equals(OPENMETRICS_MEDIA_TYPE)) {
                return OPENMETRICS_FORMAT;
            }
            if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
                return TEXT_FORMAT;
            }
        }
        return TEXT_FORMAT;
    }
}
