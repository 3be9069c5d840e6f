/**
 * Live statistics, CherryPy's {@code cpstats}: the {@code cpstats} tool
 * ({@code tools.cpstats.on = True}) counts requests by application and path template into
 * {@link dev.morello.stats.Statistics}, beside each server's own counters; a
 * {@link dev.morello.stats.StatsPage} mounted where you choose shows them as a dashboard and
 * serves them as JSON.
 */
package dev.morello.stats;
