package dev.morello.http.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} field (RFC 9110 §6.6.1, IMF-fixdate) as ready bytes, made again only when the
 * second changes: a response costs one clock read, not a date format.
 */
public final class DateCache {
    private static final byte[] PREFIX = "Date: ".getBytes(StandardCharsets.US_ASCII);

    private record Line(long second, byte[] bytes) {
    }

    private volatile Line line = make(System.currentTimeMillis() / 1000);

    /** {@code Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n} for the current second. */
    public byte[] line() {
        long second = System.currentTimeMillis() / 1000;
        Line l = line;
        if (l.second != second) {
            l = make(second);
            line = l;
        }
        return l.bytes;
    }

    private static Line make(long second) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC));
        // RFC_1123_DATE_TIME writes single-digit days without the leading zero IMF-fixdate needs.
        if (date.charAt(6) == ' ') {
            date = date.substring(0, 5) + "0" + date.substring(5);
        }
        byte[] text = date.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[PREFIX.length + text.length + 2];
        System.arraycopy(PREFIX, 0, bytes, 0, PREFIX.length);
        System.arraycopy(text, 0, bytes, PREFIX.length, text.length);
        bytes[bytes.length - 2] = '\r';
        bytes[bytes.length - 1] = '\n';
        return new Line(second, bytes);
    }
}
