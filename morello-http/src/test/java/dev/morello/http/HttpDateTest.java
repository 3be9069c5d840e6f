package dev.morello.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §5.6.7: IMF-fixdate written, all three forms read; nothing here reads the wall clock. */
class HttpDateTest {
    private static final Instant NOW = Instant.parse("2026-12-07T04:07:25Z");
    /** An independent IMF-fixdate formatter to compare with: English names, two-digit day. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1994-11-06T08:49:37Z|Sun, 06 Nov 1994 08:49:37 GMT",
        "1970-01-01T00:00:00Z|Thu, 01 Jan 1970 00:00:00 GMT",
        "1969-12-31T23:59:59Z|Wed, 31 Dec 1969 23:59:59 GMT",
        "2026-12-07T04:07:25Z|Mon, 07 Dec 2026 04:07:25 GMT",
        "2026-03-01T09:05:07Z|Sun, 01 Mar 2026 09:05:07 GMT",
        "2024-02-29T23:59:59Z|Thu, 29 Feb 2024 23:59:59 GMT",
        "2000-02-29T00:00:00Z|Tue, 29 Feb 2000 00:00:00 GMT",
        "2026-12-31T23:59:59Z|Thu, 31 Dec 2026 23:59:59 GMT",
        "2027-01-01T00:00:00Z|Fri, 01 Jan 2027 00:00:00 GMT",
        "0999-01-09T01:02:03Z|Wed, 09 Jan 0999 01:02:03 GMT",
        "9999-12-31T23:59:59Z|Fri, 31 Dec 9999 23:59:59 GMT",
    })
    void formatsAsImfFixdate(String instant, String expected) {
        assertEquals(expected, HttpDate.format(Instant.parse(instant)));
        assertEquals(Instant.parse(instant), HttpDate.parse(expected, NOW), "reads back what it writes");
    }

    @Test
    void dropsFractionsOfASecond() {
        assertEquals("Mon, 07 Dec 2026 04:07:25 GMT", HttpDate.format(Instant.parse("2026-12-07T04:07:25.999Z")));
        assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDate.format(Instant.parse("1969-12-31T23:59:59.500Z")));
    }

    @Test
    void clampsInstantsWithoutAFourDigitYear() {
        assertEquals("Fri, 31 Dec 9999 23:59:59 GMT", HttpDate.format(Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals("Mon, 01 Jan 0001 00:00:00 GMT", HttpDate.format(Instant.parse("-0001-06-01T00:00:00Z")));
    }

    /** Every day from 1999 to 2029 (three leap years, a century's leap day), checked both ways. */
    @Test
    void everyDayOfThirtyYearsMatchesAnIndependentFormatter() {
        for (LocalDate day = LocalDate.of(1999, 1, 1); day.getYear() < 2030; day = day.plusDays(1)) {
            for (LocalTime time : new LocalTime[] {LocalTime.MIDNIGHT, LocalTime.of(9, 5, 7), LocalTime.of(23, 59, 59)}) {
                LocalDateTime t = day.atTime(time);
                Instant at = t.toInstant(ZoneOffset.UTC);
                String text = HttpDate.format(at);
                assertEquals(IMF_FIXDATE.format(t), text, t.toString());
                assertEquals(at, HttpDate.parse(text, NOW), text);
            }
        }
    }

    @Test
    void namesAreEnglishWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            for (Locale l : new Locale[] {Locale.GERMANY, Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("th-TH-u-nu-thai")}) {
                Locale.setDefault(l);
                assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(Instant.ofEpochSecond(784111777)), l.toString());
                assertEquals(Instant.ofEpochSecond(784111777), HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW));
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "  Sun, 06 Nov 1994 08:49:37 GMT ",
    })
    void readsTheThreeForms(String text) {
        assertEquals(Instant.parse("1994-11-06T08:49:37Z"), HttpDate.parse(text, NOW));
    }

    @Test
    void readsAsctimeWithATwoDigitDay() {
        assertEquals(Instant.parse("1994-11-16T08:49:37Z"), HttpDate.parse("Wed Nov 16 08:49:37 1994", NOW));
    }

    /** §5.6.7: a two-digit year more than 50 years ahead of now is in the past century; one 50 or more years back, in the next. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-12-07T00:00:00Z|Monday, 07-Dec-76 00:00:00 GMT|2076-12-07T00:00:00Z",
        "2026-12-07T00:00:00Z|Tuesday, 07-Dec-77 00:00:00 GMT|1977-12-07T00:00:00Z",
        "2026-12-07T00:00:00Z|Sunday, 06-Nov-94 08:49:37 GMT|1994-11-06T08:49:37Z",
        "2026-12-07T00:00:00Z|Sunday, 06-Nov-26 08:49:37 GMT|2026-11-06T08:49:37Z",
        "2099-06-01T00:00:00Z|Friday, 01-Jan-49 00:00:00 GMT|2149-01-01T00:00:00Z",
        "2099-06-01T00:00:00Z|Saturday, 01-Jan-50 00:00:00 GMT|2050-01-01T00:00:00Z",
        "2099-06-01T00:00:00Z|Friday, 01-Jan-00 00:00:00 GMT|2100-01-01T00:00:00Z",
    })
    void readsRfc850YearsRelativeToTheGivenNow(String now, String text, String expected) {
        assertEquals(Instant.parse(expected), HttpDate.parse(text, Instant.parse(now)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "yesterday",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 29 Feb 2023 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov +994 08:49:37 GMT",
        "Sun, ٠٦ Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT extra",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sundy, 06-Nov-94 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 94",
        "Sun Nov 06 08:49:37 94",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Xyz 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sun, +6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
        "1994-11-06T08:49:37Z",
        "784111777",
    })
    void refusesWhatIsNotAnHttpDate(String text) {
        assertNull(HttpDate.parse(text, NOW), text);
    }

    @Test
    void readsNullAsNoDate() {
        assertNull(HttpDate.parse(null, NOW));
    }

    @Test
    void readsALeapSecondAsTheNextInstant() {
        assertEquals(Instant.parse("2017-01-01T00:00:00Z"), HttpDate.parse("Sat, 31 Dec 2016 23:59:60 GMT", NOW));
    }
}
