package dev.morello.bench;

/**
 * The {@code Date} header's value (RFC 9110 §5.6.7 IMF-fixdate), for the servers that do not add
 * one themselves (Netty, Vert.x). TechEmpower allows it to be recomputed once a second, which is
 * what Morello, Jetty and Undertow do internally as well.
 */
final class HttpDate {
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
        return new Stamp(second, dev.morello.http.HttpDate.format(second));
    }
}
