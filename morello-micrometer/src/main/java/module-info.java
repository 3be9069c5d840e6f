/**
 * Morello's figures as Micrometer meters: {@link dev.morello.micrometer.MorelloMetrics} binds each
 * server's counters and the {@code cpstats} figures by application and path template to any
 * {@code MeterRegistry}; {@link dev.morello.micrometer.PrometheusPage}, mounted where you choose,
 * serves a Prometheus registry's scrape. The framework itself does not depend on Micrometer.
 *
 * <p>Micrometer's jars are automatic modules ({@code micrometer.core},
 * {@code micrometer.registry.prometheus}), required transitively: their types are in this
 * module's API.
 */
module dev.morello.micrometer {
    requires transitive dev.morello;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus;

    exports dev.morello.micrometer;
}
