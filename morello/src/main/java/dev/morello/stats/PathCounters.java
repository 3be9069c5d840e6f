package dev.morello.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The requests one path template of one application answered: how many, their statuses by class,
 * their body bytes each way and their times. Counted when a request ends, by adders and the
 * {@link LatencyHistogram}: no lock, and nothing allocated per request.
 */
final class PathCounters {
    private final LongAdder requests = new LongAdder();
    /** 1xx to 5xx; a status outside 100-599 is counted with none of them. */
    private final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder()};
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    void record(int status, long read, long written, long nanos) {
        requests.increment();
        int statusClass = status / 100 - 1;
        if (statusClass >= 0 && statusClass < statusClasses.length) {
            statusClasses[statusClass].increment();
        }
        if (read > 0) {
            bytesRead.add(read);
        }
        if (written > 0) {
            bytesWritten.add(written);
        }
        latency.record(nanos);
    }

    /** Adds these counts into a tally: a path's own figures, or its application's, or the site's. */
    void addTo(Tally tally) {
        tally.requests += requests.sum();
        for (int i = 0; i < statusClasses.length; i++) {
            tally.statusClasses[i] += statusClasses[i].sum();
        }
        tally.bytesRead += bytesRead.sum();
        tally.bytesWritten += bytesWritten.sum();
        latency.addTo(tally.latency);
    }

    /** Counts of one or more paths summed, made into {@link Statistics.Figures}. */
    static final class Tally {
        long requests;
        final long[] statusClasses = new long[5];
        long bytesRead;
        long bytesWritten;
        final LatencyHistogram.Tally latency = new LatencyHistogram.Tally();

        Statistics.Figures figures(long current) {
            return new Statistics.Figures(requests, current,
                    new Statistics.StatusClasses(statusClasses[0], statusClasses[1], statusClasses[2], statusClasses[3],
                            statusClasses[4]),
                    bytesRead, bytesWritten, latency.latency());
        }
    }
}
