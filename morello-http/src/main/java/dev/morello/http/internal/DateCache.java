package dev.morello.http.internal;

import dev.morello.http.HttpDate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The {@code Date} field (RFC 9110 §6.6.1, IMF-fixdate) as ready bytes, made again only when the
 * second changes: a response costs one clock read, not a date format. The clock is the server's
 * ({@code ServerConfig.clock}), so a test can pin it.
 */
public final class DateCache {
    private static final byte[] PREFIX = "Date: ".getBytes(StandardCharsets.US_ASCII);

    private record Line(long second, byte[] bytes, String text) {
    }

    private final Clock clock;
    private volatile Line line;

    public DateCache(Clock clock) {
        this.clock = clock;
        this.line = make(Math.floorDiv(clock.millis(), 1000L));
    }

    /** {@code Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n} for the clock's current second. */
    public byte[] line() {
        return current().bytes;
    }

    /** The field's value alone ({@code Sun, 06 Nov 1994 08:49:37 GMT}), for HTTP/2's header block. */
    public String text() {
        return current().text;
    }

    private Line current() {
        long second = Math.floorDiv(clock.millis(), 1000L);
        Line l = line;
        if (l.second != second) {
            // racing threads may both make the same second's line; harmless, and no lock is taken
            l = make(second);
            line = l;
        }
        return l;
    }

    private static Line make(long second) {
        byte[] bytes = new byte[PREFIX.length + HttpDate.LENGTH + 2];
        System.arraycopy(PREFIX, 0, bytes, 0, PREFIX.length);
        HttpDate.write(second, bytes, PREFIX.length);
        bytes[bytes.length - 2] = '\r';
        bytes[bytes.length - 1] = '\n';
        return new Line(second, bytes, new String(bytes, PREFIX.length, HttpDate.LENGTH, StandardCharsets.US_ASCII));
    }
}
