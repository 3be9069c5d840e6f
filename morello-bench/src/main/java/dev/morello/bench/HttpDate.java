package dev.morello.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header's value (RFC 9110 §5.6.7 IMF-fixdate), for the servers that do not add
 * one themselves (Netty, Vert.x). TechEmpower allows it to be recomputed once a second, which is
 * what Morello, Jetty and Undertow do internally as well.
 */
final class HttpDate {
    /** IMF-fixdate: a two-digit day, unlike {@link DateTimeFormatter#RFC_1123_DATE_TIME}. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Stamp(long second, String value) {
    }

    /** Replaced whole, so a reader never sees a second paired with another second's text. */
    private static volatile Stamp current = stamp(System.currentTimeMillis() / 1000);

    private HttpDate() {
    }

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = current;
        if (s.second() != second) {
            // Racing threads may both format the same second; harmless, and no lock is taken.
            s = stamp(second);
            current = s;
        }
        return s.value();
    }

    private static Stamp stamp(long second) {
        return new Stamp(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
    }
}
