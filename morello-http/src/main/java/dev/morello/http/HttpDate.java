package dev.morello.http;

import java.time.Instant;
import java.time.LocalDate;

/**
 * HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in the three forms a recipient must
 * accept.
 *
 * <pre>
 * IMF-fixdate   Sun, 06 Nov 1994 08:49:37 GMT     what we send: always two day digits
 * rfc850-date   Sunday, 06-Nov-94 08:49:37 GMT    obsolete, read only
 * asctime-date  Sun Nov  6 08:49:37 1994          obsolete, read only
 * </pre>
 *
 * <p>One helper for every date on the wire: the server's {@code Date} line, {@code Last-Modified},
 * {@code Expires}, a cookie's {@code Expires}, and the conditional request fields. Both directions
 * are plain loops over characters: no locale (the names are English whatever the default locale),
 * no time zone (always UTC), no lenient calendar ({@code 31 Feb} is not a date).
 *
 * <pre>{@code
 * HttpDate.format(Instant.ofEpochSecond(784111777));         // "Sun, 06 Nov 1994 08:49:37 GMT"
 * HttpDate.parse("Sun Nov  6 08:49:37 1994", clock.instant()); // the same instant
 * }</pre>
 */
public final class HttpDate {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};
    /** Indexed by {@code DayOfWeek.ordinal()}: Monday first. */
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday"};
    /** 0001-01-01 and 9999-12-31 23:59:59: IMF-fixdate has exactly four year digits. */
    private static final long MIN_SECOND = -62_135_596_800L;
    private static final long MAX_SECOND = 253_402_300_799L;

    /** The length of an IMF-fixdate. */
    public static final int LENGTH = 29;

    private HttpDate() {
    }

    /** The instant as an IMF-fixdate, to the second (fractions dropped). */
    public static String format(Instant instant) {
        return format(instant.getEpochSecond());
    }

    /**
     * The second since the epoch as an IMF-fixdate. Seconds before year 1 or after year 9999 have
     * no four-digit year: they are clamped to the first or last second that has.
     */
    public static String format(long epochSecond) {
        byte[] b = new byte[LENGTH];
        write(epochSecond, b, 0);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Writes the IMF-fixdate of the second into {@code out} at {@code at} ({@link #LENGTH} bytes),
     * for callers that keep the line as bytes (the server's {@code Date} cache).
     */
    public static void write(long epochSecond, byte[] out, int at) {
        long s = Math.max(MIN_SECOND, Math.min(MAX_SECOND, epochSecond));
        long day = Math.floorDiv(s, 86_400L);
        int secondOfDay = (int) Math.floorMod(s, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        put(out, at, DAYS[date.getDayOfWeek().ordinal()]);
        out[at + 3] = ',';
        out[at + 4] = ' ';
        two(out, at + 5, date.getDayOfMonth());
        out[at + 7] = ' ';
        put(out, at + 8, MONTHS[date.getMonthValue() - 1]);
        out[at + 11] = ' ';
        int year = date.getYear();
        two(out, at + 12, year / 100);
        two(out, at + 14, year % 100);
        out[at + 16] = ' ';
        two(out, at + 17, secondOfDay / 3600);
        out[at + 19] = ':';
        two(out, at + 20, secondOfDay / 60 % 60);
        out[at + 22] = ':';
        two(out, at + 23, secondOfDay % 60);
        put(out, at + 25, " GMT");
    }

    private static void put(byte[] out, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out[at + i] = (byte) ascii.charAt(i);
        }
    }

    private static void two(byte[] out, int at, int n) {
        out[at] = (byte) ('0' + n / 10);
        out[at + 1] = (byte) ('0' + n % 10);
    }

    /**
     * The instant an HTTP date names, in any of the three forms, or null when the text is not one.
     * {@code now} decides the century of an rfc850-date's two-digit year (RFC 9110 §5.6.7: a year
     * more than 50 years ahead is the most recent past year with those digits).
     */
    public static Instant parse(String text, Instant now) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        int comma = s.indexOf(',');
        try {
            if (comma == 3) {
                return imfFixdate(s);
            }
            if (comma > 3) {
                return rfc850(s, comma, now);
            }
            return asctime(s);
        } catch (RuntimeException e) {
            // a day that does not exist (31 Feb) or a field out of range: not a date
            return null;
        }
    }

    // Sun, 06 Nov 1994 08:49:37 GMT
    private static Instant imfFixdate(String s) {
        if (s.length() != LENGTH || indexOf(DAYS, s, 0) < 0 || s.charAt(4) != ' ' || s.charAt(7) != ' '
                || s.charAt(11) != ' ' || s.charAt(16) != ' ' || !s.startsWith(" GMT", 25)) {
            return null;
        }
        int day = digits(s, 5, 2);
        int month = indexOf(MONTHS, s, 8) + 1;
        int year = digits(s, 12, 4);
        return time(s, 17, year, month, day);
    }

    // Sunday, 06-Nov-94 08:49:37 GMT
    private static Instant rfc850(String s, int comma, Instant now) {
        int i = comma + 2;
        int weekday = indexOf(LONG_DAYS, s, 0);
        if (weekday < 0 || LONG_DAYS[weekday].length() != comma
                || s.length() != i + 22 || s.charAt(comma + 1) != ' ' || s.charAt(i + 2) != '-'
                || s.charAt(i + 6) != '-' || s.charAt(i + 9) != ' ' || !s.startsWith(" GMT", i + 18)) {
            return null;
        }
        int day = digits(s, i, 2);
        int month = indexOf(MONTHS, s, i + 3) + 1;
        int yy = digits(s, i + 7, 2);
        if (day < 0 || month <= 0 || yy < 0) {
            return null;
        }
        int thisYear = LocalDate.ofEpochDay(Math.floorDiv(now.getEpochSecond(), 86_400L)).getYear();
        // a 100-year window ending 50 years ahead: more than 50 years ahead is the past century
        // (RFC 9110 §5.6.7), and 50 or more years back is the next one
        int year = thisYear / 100 * 100 + yy;
        if (year > thisYear + 50) {
            year -= 100;
        } else if (year <= thisYear - 50) {
            year += 100;
        }
        return time(s, i + 10, year, month, day);
    }

    // Sun Nov  6 08:49:37 1994
    private static Instant asctime(String s) {
        if (s.length() != 24 || indexOf(DAYS, s, 0) < 0 || s.charAt(3) != ' ' || s.charAt(7) != ' '
                || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return null;
        }
        int month = indexOf(MONTHS, s, 4) + 1;
        int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
        int year = digits(s, 20, 4);
        return time(s, 11, year, month, day);
    }

    /** Reads {@code HH:MM:SS} at {@code at} and builds the instant; null when anything is off. */
    private static Instant time(String s, int at, int year, int month, int day) {
        if (year < 0 || month <= 0 || day <= 0 || s.charAt(at + 2) != ':' || s.charAt(at + 5) != ':') {
            return null;
        }
        int h = digits(s, at, 2);
        int m = digits(s, at + 3, 2);
        int sec = digits(s, at + 6, 2);
        // the grammar allows second 60 (a leap second); it is read as the next instant
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400L + h * 3600L + m * 60L + sec);
    }

    /** The ASCII digits at {@code [at, at+n)} as a number, or -1 if any is not a digit. */
    private static int digits(String s, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Which of the names (case-sensitive, RFC 9110 §5.6.7) starts at {@code at}, or -1. */
    private static int indexOf(String[] names, String s, int at) {
        for (int i = 0; i < names.length; i++) {
            if (s.startsWith(names[i], at)) {
                return i;
            }
        }
        return -1;
    }
}
