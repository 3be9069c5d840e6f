package dev.morello.stats;

import dev.morello.http.ServerStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A {@link Statistics.Snapshot} as JSON, in the shape of CherryPy's {@code /cpstats/data}: one
 * object per namespace, keyed as CherryPy names its figures ({@code "Total Requests"},
 * {@code "Bytes Read/Second"} ...), times in seconds, instants in seconds since the epoch (as
 * Python's {@code time.time()}). The shape is fixed and holds only numbers, booleans, null and
 * strings, so a few lines write it; the strings (mount points, path templates, which may come
 * from the request's path) are escaped as RFC 8259 §7 says.
 *
 * <pre>
 * {"CherryPy Applications": {"Enabled": true, "Total Requests": 12, ..., "Applications": {"/": {...,
 *      "Paths": {"/user/*": {...}}}}},
 *  "Morello HTTPServer": {"Bind Address": "127.0.0.1:8080", "Accepts": 3, ...}}
 * </pre>
 */
final class StatsJson {
    /** CherryPy's namespace for the applications' figures. */
    static final String APPLICATIONS = "CherryPy Applications";
    /** The servers' namespaces: Cheroot's "Cheroot HTTPServer", and the name of an extra server after it. */
    static final String SERVER = "Morello HTTPServer";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(1024);
    private boolean first = true;

    private StatsJson() {
    }

    static String of(Statistics.Snapshot s) {
        StatsJson j = new StatsJson();
        j.open();
        j.key(APPLICATIONS).open();
        j.key("Enabled").bool(true);
        j.key("Server Version").string("Morello " + s.serverVersion());
        j.key("Engine State").string(s.engineState());
        j.key("Start Time").instant(s.startTime());
        j.key("Current Time").instant(s.currentTime());
        j.key("Uptime").seconds(s.uptime());
        Statistics.Figures t = s.totals();
        j.figures(t);
        j.key("Requests/Second").number(s.perSecond(t.requests()));
        j.key("Bytes Read/Request").number(t.requests() == 0 ? 0 : (double) t.bytesRead() / t.requests());
        j.key("Bytes Read/Second").number(s.perSecond(t.bytesRead()));
        j.key("Bytes Written/Request").number(t.requests() == 0 ? 0 : (double) t.bytesWritten() / t.requests());
        j.key("Bytes Written/Second").number(s.perSecond(t.bytesWritten()));
        j.key("Applications").open();
        for (Statistics.App app : s.applications().values()) {
            j.key(app.scriptName().isEmpty() ? "/" : app.scriptName()).open();
            j.figures(app.totals());
            j.key("Paths").open();
            for (Map.Entry<String, Statistics.Figures> p : app.paths().entrySet()) {
                j.key(p.getKey()).open();
                j.figures(p.getValue());
                j.close();
            }
            j.close();
            j.close();
        }
        j.close();
        j.close();
        for (Statistics.Server server : s.servers().values()) {
            j.key(server.name().isEmpty() ? SERVER : SERVER + " " + server.name()).open();
            j.server(server);
            j.close();
        }
        j.close();
        return j.out.toString();
    }

    private void figures(Statistics.Figures f) {
        key("Current Requests").number(f.currentRequests());
        key("Total Requests").number(f.requests());
        key("Total Bytes Read").number(f.bytesRead());
        key("Total Bytes Written").number(f.bytesWritten());
        key("Total Time").seconds(f.totalTime());
        Statistics.StatusClasses c = f.statusClasses();
        key("Status").open();
        key("1xx").number(c.informational());
        key("2xx").number(c.success());
        key("3xx").number(c.redirection());
        key("4xx").number(c.clientError());
        key("5xx").number(c.serverError());
        close();
        Statistics.Latency l = f.latency();
        key("Latency").open();
        key("Avg").seconds(l.mean());
        key("p50").seconds(l.p50());
        key("p90").seconds(l.p90());
        key("p99").seconds(l.p99());
        key("Max").seconds(l.max());
        close();
    }

    private void server(Statistics.Server server) {
        ServerStatistics s = server.statistics();
        double run = s.uptime().toNanos() / 1e9;
        key("Enabled").bool(true);
        key("Bind Address").string(server.bindAddress());
        key("Start Time").instant(s.startTime());
        key("Run time").number(run);
        key("Accepts").number(s.connectionsAccepted());
        key("Accepts/sec").number(run <= 0 ? 0 : s.connectionsAccepted() / run);
        key("Connections Open").number(s.connectionsOpen());
        key("Requests").number(s.requests());
        key("Requests Running").number(s.requestsRunning());
        key("Queue").number(s.requestsWaiting());
        key("Bytes Read").number(s.bytesRead());
        key("Bytes Written").number(s.bytesWritten());
        key("HTTP/2 Connections").number(s.http2Connections());
        key("HTTP/2 Requests").number(s.http2Requests());
        key("WebSocket Upgrades").number(s.webSocketUpgrades());
        key("WebSockets Open").number(s.webSocketsOpen());
        key("Refusals").open();
        for (Map.Entry<Integer, Long> r : s.refusals().entrySet()) {
            key(Integer.toString(r.getKey())).number(r.getValue());
        }
        close();
    }

    // ---- the writer ---------------------------------------------------------------------------

    private StatsJson open() {
        out.append('{');
        first = true;
        return this;
    }

    private void close() {
        out.append('}');
        first = false;
    }

    private StatsJson key(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(name);
        out.append(':');
        return this;
    }

    private void string(String value) {
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        first = false;
    }

    private void bool(boolean value) {
        out.append(value);
    }

    private void number(long value) {
        out.append(value);
    }

    /** A finite double as JSON has it (Java's form, {@code 1.0E-4} included, is JSON's too); 0 otherwise. */
    private void number(double value) {
        out.append(Double.isFinite(value) ? value : 0);
    }

    private void seconds(Duration d) {
        number(d.toNanos() / 1e9);
    }

    private void instant(Instant i) {
        if (i == null) {
            out.append("null");
        } else {
            number(i.toEpochMilli() / 1000.0);
        }
    }

    /** RFC 8259 §7: quote, backslash and control characters escaped; the rest as it is. */
    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // valid JSON as they are, but not in older JavaScript string literals
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
