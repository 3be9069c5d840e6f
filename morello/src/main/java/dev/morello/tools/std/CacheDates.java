package dev.morello.tools.std;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP-dates (RFC 9110 §5.6.7), written as IMF-fixdate and read in that form. */
final class CacheDates {
    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}: always two day digits, unlike RFC_1123_DATE_TIME. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private CacheDates() {
    }

    static String format(Instant when) {
        return IMF_FIXDATE.format(when);
    }

    /** The instant of an IMF-fixdate, or null when the text is not one (obsolete forms included). */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.from(IMF_FIXDATE.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
