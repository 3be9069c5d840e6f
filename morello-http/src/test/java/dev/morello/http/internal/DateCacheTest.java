package dev.morello.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Date field as RFC 9110 §5.6.7 IMF-fixdate: {@code Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n}. */
class DateCacheTest {
    private static final Pattern IMF_FIXDATE_LINE = Pattern.compile(
            "Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                    + " [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] GMT\r\n");
    /** An independent IMF-fixdate formatter to compare with: English names, two-digit day. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    @Test
    void lineIsTheCurrentSecondAsImfFixdate() {
        long before = Instant.now().getEpochSecond();
        String line = new String(new DateCache().line(), StandardCharsets.US_ASCII);
        long after = Instant.now().getEpochSecond();
        assertTrue(IMF_FIXDATE_LINE.matcher(line).matches(), line);
        assertEquals(37, line.length(), line);
        long second = ZonedDateTime.parse(line.substring(6, line.length() - 2), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toEpochSecond();
        assertTrue(second >= before && second <= after, line + " is not between " + before + " and " + after);
    }

    @Test
    void lineStaysTheSameWithinASecond() {
        DateCache cache = new DateCache();
        for (int attempt = 0; attempt < 10; attempt++) {
            long second = Instant.now().getEpochSecond();
            byte[] a = cache.line();
            byte[] b = cache.line();
            if (Instant.now().getEpochSecond() == second) {
                assertArrayEquals(a, b);
                return;
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "784111777|Sun, 06 Nov 1994 08:49:37 GMT",
        "0|Thu, 01 Jan 1970 00:00:00 GMT",
        "1212491130|Tue, 03 Jun 2008 11:05:30 GMT",
        "1709251199|Thu, 29 Feb 2024 23:59:59 GMT",
        "1735689600|Wed, 01 Jan 2025 00:00:00 GMT",
        "253402300799|Fri, 31 Dec 9999 23:59:59 GMT",
    })
    void formatsKnownInstants(long epochSecond, String expected) throws ReflectiveOperationException {
        assertEquals("Date: " + expected + "\r\n", lineFor(epochSecond));
    }

    @Test
    void everyDayOfALeapYearHasATwoDigitDay() throws ReflectiveOperationException {
        for (LocalDate day = LocalDate.of(2024, 1, 1); day.getYear() == 2024; day = day.plusDays(1)) {
            long second = day.atTime(9, 5, 7).toEpochSecond(ZoneOffset.UTC);
            String expected = "Date: " + IMF_FIXDATE.format(day.atTime(9, 5, 7)) + "\r\n";
            assertEquals(expected, lineFor(second), day.toString());
        }
    }

    @Test
    void namesAreEnglishWhateverTheDefaultLocale() throws ReflectiveOperationException {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", lineFor(784111777));
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertEquals("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", lineFor(784111777));
        } finally {
            Locale.setDefault(saved);
        }
    }

    /** The line for any second, through DateCache's private factory (the clock cannot be set). */
    private static String lineFor(long epochSecond) throws ReflectiveOperationException {
        Method make = DateCache.class.getDeclaredMethod("make", long.class);
        make.setAccessible(true);
        Object line = make.invoke(null, epochSecond);
        Method bytes = line.getClass().getDeclaredMethod("bytes");
        bytes.setAccessible(true);
        return new String((byte[]) bytes.invoke(line), StandardCharsets.US_ASCII);
    }
}
