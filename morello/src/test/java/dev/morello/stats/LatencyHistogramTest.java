package dev.morello.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The buckets' arithmetic: every time falls in a bucket whose upper edge is above it and at most
 * an eighth of a doubling away, buckets follow each other without gaps, and a percentile is never
 * below the true one nor above the largest time.
 */
class LatencyHistogramTest {
    @Test
    void everyTimeIsBelowItsBucketsUpperEdgeAndWithinAnEighthOfIt() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long nanos = (long) Math.pow(2, random.nextDouble() * 38) + random.nextInt(3);
            int index = LatencyHistogram.index(nanos);
            long upper = LatencyHistogram.upperEdge(index);
            long lower = index == 0 ? 0 : LatencyHistogram.upperEdge(index - 1);
            assertTrue(nanos >= lower && nanos < upper, nanos + " in [" + lower + ", " + upper + ")");
            if (index > 0 && index < LatencyHistogram.BUCKETS - 1) {
                assertTrue(upper - nanos <= nanos / 8 + 1, nanos + " is within 12.5 % of " + upper);
            }
        }
    }

    @Test
    void theEdgesRiseWithoutGapsToTheLastBucket() {
        for (int i = 1; i < LatencyHistogram.BUCKETS - 1; i++) {
            long edge = LatencyHistogram.upperEdge(i - 1);
            assertEquals(i, LatencyHistogram.index(edge), "the bucket after edge " + edge);
            assertEquals(i - 1, LatencyHistogram.index(edge - 1));
        }
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.index(Long.MAX_VALUE));
        assertEquals(0, LatencyHistogram.index(0));
        assertEquals(0, LatencyHistogram.index(1023));
    }

    @Test
    void aPercentileIsAtLeastTheTrueOneAndAtMostTheMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        long[] times = new long[1000];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_000_000L * (i + 1);      // 1 ms to 1000 ms
            h.record(times[i]);
        }
        LatencyHistogram.Tally t = new LatencyHistogram.Tally();
        h.addTo(t);
        assertEquals(1000, t.count());
        for (double p : new double[] {0.5, 0.9, 0.99, 1.0}) {
            long exact = times[(int) Math.ceil(p * times.length) - 1];
            long read = t.percentileNanos(p);
            assertTrue(read >= exact && read <= exact + exact / 8 + 1, p + ": " + read + " for " + exact);
            assertTrue(read <= 1_000_000_000L, "never above the largest time");
        }
        Statistics.Latency l = t.latency();
        assertEquals(1_000_000_000L, l.max().toNanos());
        assertEquals(500_500_000L, l.mean().toNanos());
    }

    @Test
    void noTimesReadAsZero() {
        LatencyHistogram.Tally t = new LatencyHistogram.Tally();
        new LatencyHistogram().addTo(t);
        assertEquals(0, t.latency().p99().toNanos());
        assertEquals(0, t.latency().count());
    }
}
