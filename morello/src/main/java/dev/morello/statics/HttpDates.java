package dev.morello.statics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in all three forms a recipient must
 * accept.
 *
 * <pre>
 * IMF-fixdate   Sun, 06 Nov 1994 08:49:37 GMT
 * rfc850-date   Sunday, 06-Nov-94 08:49:37 GMT
 * asctime-date  Sun Nov  6 08:49:37 1994
 * </pre>
 *
 * The parser is a plain scan over the characters, with its own digit reading: no locale, no
 * lenient calendar. The day name is checked for shape but not against the date (§5.6.7 leaves
 * the weekday to the sender, and a wrong one does not change the instant).
 */
final class HttpDates {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
        "Oct", "Nov", "Dec"};
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday"};

    private HttpDates() {
    }

    /** The instant as an IMF-fixdate, to the second (fractions dropped). */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(29);
        b.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
        two(b, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
        int y = t.getYear();
        if (y < 1000) {
            b.append(y < 10 ? "000" : y < 100 ? "00" : "0");
        }
        b.append(y).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append(" GMT");
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** The instant an HTTP date names, or null when the text is not one (any form). */
    static Instant parse(String text) {
        return parse(text, Instant.now());
    }

    /** As {@link #parse(String)}; {@code now} decides the century of a two-digit year. */
    static Instant parse(String text, Instant now) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
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
            // a day that does not exist (31 Feb) or a field out of range
            return null;
        }
    }

    // Sun, 06 Nov 1994 08:49:37 GMT
    private static Instant imfFixdate(String s) {
        if (s.length() != 29 || indexOf(DAYS, s, 0) < 0 || s.charAt(4) != ' ' || s.charAt(7) != ' '
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
        if (indexOf(LONG_DAYS, s, 0) < 0 || LONG_DAYS[indexOf(LONG_DAYS, s, 0)].length() != comma
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
        // RFC 9110 §5.6.7: a two-digit year that looks more than 50 years in the future is the
        // most recent past year with those last two digits.
        int thisYear = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
        int year = thisYear / 100 * 100 + yy;
        if (year > thisYear + 50) {
            year -= 100;
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
