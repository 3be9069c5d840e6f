package dev.morello.http.internal;

import dev.morello.http.ServerStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server has done, counted as it happens and read by {@link ServerStatistics}. Every
 * counter is a {@link LongAdder}: the threads serving connections add to cells of their own, so
 * counting takes no lock and makes no thread wait for another; only a snapshot sums the cells.
 * Gauges (connections open, handlers running) are an adder incremented and decremented in pairs.
 *
 * <p>A snapshot is not atomic across counters: each is exact for the moment it was read, and
 * two read a moment apart may disagree by the requests in between (requests counted, bytes not
 * yet), which a dashboard does not notice.
 */
final class ServerCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder http2Requests = new LongAdder();
    final LongAdder http2Connections = new LongAdder();
    final LongAdder webSocketUpgrades = new LongAdder();
    final LongAdder webSocketsOpen = new LongAdder();
    /** Handlers running now: the requests in flight (a WebSocket stops counting once it is open). */
    final LongAdder running = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    /** Refusals by status (100-999), each adder made when its status is first refused. */
    private final AtomicReferenceArray<LongAdder> refusals = new AtomicReferenceArray<>(1000);

    void refused(int status) {
        if (status < 0 || status >= 1000) {
            return;
        }
        LongAdder a = refusals.get(status);
        if (a == null) {
            refusals.compareAndSet(status, null, new LongAdder());
            a = refusals.get(status);
        }
        a.increment();
    }

    void read(long n) {
        if (n > 0) {
            bytesRead.add(n);
        }
    }

    void written(long n) {
        if (n > 0) {
            bytesWritten.add(n);
        }
    }

    ServerStatistics snapshot(Instant started, Duration uptime, int connectionsOpen, int waiting) {
        Map<Integer, Long> refused = new TreeMap<>();
        for (int status = 0; status < refusals.length(); status++) {
            LongAdder a = refusals.get(status);
            if (a != null) {
                refused.put(status, a.sum());
            }
        }
        return new ServerStatistics(started, uptime, accepted.sum(), connectionsOpen, http2Connections.sum(),
                requests.sum(), http2Requests.sum(), (int) Math.max(0, running.sum()), waiting,
                webSocketUpgrades.sum(), (int) Math.max(0, webSocketsOpen.sum()), bytesRead.sum(), bytesWritten.sum(),
                refused);
    }
}
