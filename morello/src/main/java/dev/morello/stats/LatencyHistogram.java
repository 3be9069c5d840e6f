package dev.morello.stats;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request times in fixed log-scale buckets: eight to each doubling from 1 µs to about 4.6 minutes,
 * one below (under 1 µs) and one above. Recording one is an index computed from the bits of the
 * time and an atomic add: no lock, no allocation, and the memory is fixed (226 longs) however many
 * requests come.
 *
 * <p>A percentile is read as the upper edge of the bucket it falls in, capped at the largest time
 * seen: never below the true value, and at most an eighth of a doubling (12.5 %) above it. So a
 * handler that takes at least 200 ms shows a p99 of at least 200 ms, never less.
 */
final class LatencyHistogram {
    /** Eight buckets to a doubling: the next three bits after the highest set bit. */
    private static final int SUB_BITS = 3;
    private static final int SUBS = 1 << SUB_BITS;
    /** The first doubling bucketed: 2^10 ns, about 1 µs; below it, one bucket. */
    private static final int MIN_EXPONENT = 10;
    /** The last doubling bucketed: 2^37 ns, about 137 s to 275 s; above it, one bucket. */
    private static final int MAX_EXPONENT = 37;
    static final int BUCKETS = 1 + (MAX_EXPONENT - MIN_EXPONENT + 1) * SUBS + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        long n = Math.max(0, nanos);
        counts.incrementAndGet(index(n));
        totalNanos.add(n);
        maxNanos.accumulate(n);
    }

    /** The bucket of a time: 0 below 1 µs, then eight per doubling, the last for anything longer. */
    static int index(long nanos) {
        if (nanos < (1L << MIN_EXPONENT)) {
            return 0;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUBS - 1);
        return 1 + (exponent - MIN_EXPONENT) * SUBS + sub;
    }

    /** The exclusive upper edge of a bucket, in nanoseconds; Long.MAX_VALUE for the last. */
    static long upperEdge(int index) {
        if (index == 0) {
            return 1L << MIN_EXPONENT;
        }
        if (index == BUCKETS - 1) {
            return Long.MAX_VALUE;
        }
        int exponent = MIN_EXPONENT + (index - 1) / SUBS;
        int sub = (index - 1) % SUBS;
        return (long) (SUBS + sub + 1) << (exponent - SUB_BITS);
    }

    /** Adds this histogram's counts into a tally (to sum histograms: a path's into its application's). */
    void addTo(Tally tally) {
        for (int i = 0; i < BUCKETS; i++) {
            tally.buckets[i] += counts.get(i);
        }
        tally.totalNanos += totalNanos.sum();
        tally.maxNanos = Math.max(tally.maxNanos, maxNanos.get());
    }

    /** Bucket counts summed from one or more histograms, read as percentiles. */
    static final class Tally {
        final long[] buckets = new long[BUCKETS];
        long totalNanos;
        long maxNanos;

        long count() {
            long n = 0;
            for (long b : buckets) {
                n += b;
            }
            return n;
        }

        /** The time at or under which a fraction {@code p} of the requests took (see the class doc). */
        long percentileNanos(double p) {
            long count = count();
            if (count == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(p * count));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return Math.min(upperEdge(i), maxNanos);
                }
            }
            return maxNanos;
        }

        Statistics.Latency latency() {
            long count = count();
            return new Statistics.Latency(count, Duration.ofNanos(totalNanos),
                    Duration.ofNanos(count == 0 ? 0 : totalNanos / count), Duration.ofNanos(percentileNanos(0.50)),
                    Duration.ofNanos(percentileNanos(0.90)), Duration.ofNanos(percentileNanos(0.99)),
                    Duration.ofNanos(maxNanos));
        }
    }
}
