/**
 * Metrics for Micrometer and Prometheus: {@link dev.morello.micrometer.MorelloMetrics} binds the
 * servers' counters and the {@code cpstats} figures to a {@code MeterRegistry};
 * {@link dev.morello.micrometer.PrometheusPage} serves a Prometheus registry's scrape where it is
 * mounted.
 */
package dev.morello.micrometer;
