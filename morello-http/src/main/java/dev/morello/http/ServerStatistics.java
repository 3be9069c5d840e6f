package dev.morello.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a server has done since it started, as {@link HttpServer#statistics()} reads it: Cheroot's
 * server statistics ({@code Accepts}, {@code Requests}, {@code Queue}, {@code Bytes Read},
 * {@code Bytes Written}, {@code Run time}), with what this server adds (HTTP/2, WebSockets, the
 * refusals by status). The counters are always kept, without locks: reading them costs a sum over
 * a few cells each, keeping them an add per event.
 *
 * <pre>{@code
 * ServerStatistics s = server.statistics();
 * System.out.printf("%d requests, %d running, %d waiting, %d refused%n",
 *         s.requests(), s.requestsRunning(), s.requestsWaiting(), s.refusalCount());
 * }</pre>
 *
 * <p>Each figure is exact when read; figures read together may disagree by the events between
 * their reads (a request counted whose bytes are not yet).
 *
 * @param startTime         when the server started, by its {@link ServerConfig#clock()}; null before
 * @param uptime            how long it has been running (zero before it started)
 * @param connectionsAccepted connections accepted (Cheroot's {@code Accepts}), those turned away
 *                          at a limit included
 * @param connectionsOpen   connections open now
 * @param http2Connections  connections that came to speak HTTP/2 (by ALPN or prior knowledge)
 * @param requests          requests received whole: HTTP/1.x heads read and HTTP/2 streams opened,
 *                          answered by the handler or refused (Cheroot's {@code Requests})
 * @param http2Requests     those of {@code requests} that came over HTTP/2
 * @param requestsRunning   requests whose handler is running now (the requests in flight)
 * @param requestsWaiting   requests waiting for a handler to be free ({@link ServerConfig#maxConcurrentRequests()};
 *                          Cheroot's {@code Queue})
 * @param webSocketUpgrades connections upgraded to WebSocket
 * @param webSocketsOpen    WebSockets open now
 * @param bytesRead         bytes read from connections: request heads and bodies, HTTP/2 frames,
 *                          WebSocket frames (over TLS, the decrypted bytes)
 * @param bytesWritten      bytes written to connections, likewise (over TLS, before encryption)
 * @param refusals          requests and connections the server answered itself, by status (400,
 *                          408, 413, 414, 431, 503 ...): see {@link RefusalListener}
 */
public record ServerStatistics(
        Instant startTime,
        Duration uptime,
        long connectionsAccepted,
        int connectionsOpen,
        long http2Connections,
        long requests,
        long http2Requests,
        int requestsRunning,
        int requestsWaiting,
        long webSocketUpgrades,
        int webSocketsOpen,
        long bytesRead,
        long bytesWritten,
        Map<Integer, Long> refusals) {

    public ServerStatistics {
        // by status, in order
        refusals = Collections.unmodifiableMap(new TreeMap<>(refusals));
    }

    /** Refusals of every status. */
    public long refusalCount() {
        long n = 0;
        for (long v : refusals.values()) {
            n += v;
        }
        return n;
    }

    /** Refusals with this status (0 when there was none). */
    public long refusals(int status) {
        return refusals.getOrDefault(status, 0L);
    }
}
