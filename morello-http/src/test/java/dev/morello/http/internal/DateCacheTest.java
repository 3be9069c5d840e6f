package dev.morello.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.morello.http.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Date field as RFC 9110 §5.6.7 IMF-fixdate ({@code Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n}),
 * read from a pinned clock: no assertion here depends on the day the test runs.
 */
class DateCacheTest {
    /** An independent IMF-fixdate formatter to compare with: English names, two-digit day. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1994-11-06T08:49:37Z|Sun, 06 Nov 1994 08:49:37 GMT",
        "1970-01-01T00:00:00Z|Thu, 01 Jan 1970 00:00:00 GMT",
        "2026-12-07T04:07:25Z|Mon, 07 Dec 2026 04:07:25 GMT",
        "2026-12-01T00:00:00Z|Tue, 01 Dec 2026 00:00:00 GMT",
        "2026-12-31T23:59:59Z|Thu, 31 Dec 2026 23:59:59 GMT",
        "2024-02-29T12:00:00Z|Thu, 29 Feb 2024 12:00:00 GMT",
        "2000-02-29T00:00:01Z|Tue, 29 Feb 2000 00:00:01 GMT",
        "2024-12-31T23:59:59Z|Tue, 31 Dec 2024 23:59:59 GMT",
        "2025-01-01T00:00:00Z|Wed, 01 Jan 2025 00:00:00 GMT",
        "9999-12-31T23:59:59Z|Fri, 31 Dec 9999 23:59:59 GMT",
    })
    void lineIsThePinnedSecondAsImfFixdate(String instant, String expected) {
        DateCache cache = new DateCache(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
        assertEquals("Date: " + expected + "\r\n", text(cache.line()));
    }

    @Test
    void lineIsMadeAgainOnlyWhenTheSecondChanges() {
        SettableClock clock = new SettableClock(Instant.parse("2024-12-31T23:59:59.100Z"));
        DateCache cache = new DateCache(clock);
        byte[] first = cache.line();
        clock.set(Instant.parse("2024-12-31T23:59:59.999Z"));
        assertSame(first, cache.line(), "same second, same bytes");
        clock.set(Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals("Date: Wed, 01 Jan 2025 00:00:00 GMT\r\n", text(cache.line()));
    }

    @Test
    void aClockGoingBackIsFollowed() {
        SettableClock clock = new SettableClock(Instant.parse("2025-01-01T00:00:01Z"));
        DateCache cache = new DateCache(clock);
        cache.line();
        clock.set(Instant.parse("2024-12-31T23:59:59Z"));
        assertEquals("Date: Tue, 31 Dec 2024 23:59:59 GMT\r\n", text(cache.line()));
    }

    /** Every day of a leap year and of the years around it, at noon and a second before midnight. */
    @Test
    void everyDayOfThreeYearsMatchesAnIndependentFormatter() {
        SettableClock clock = new SettableClock(Instant.EPOCH);
        DateCache cache = new DateCache(clock);
        for (LocalDate day = LocalDate.of(2023, 1, 1); day.getYear() <= 2025; day = day.plusDays(1)) {
            for (var time : new java.time.LocalTime[] {java.time.LocalTime.NOON, java.time.LocalTime.of(23, 59, 59)}) {
                clock.set(day.atTime(time).toInstant(ZoneOffset.UTC));
                assertEquals("Date: " + IMF_FIXDATE.format(day.atTime(time)) + "\r\n", text(cache.line()), day.toString());
            }
        }
    }

    @Test
    void theClocksZoneDoesNotMatter() {
        Instant at = Instant.parse("2026-12-31T23:30:00Z");
        for (String zone : new String[] {"Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kolkata"}) {
            DateCache cache = new DateCache(Clock.fixed(at, java.time.ZoneId.of(zone)));
            assertEquals("Date: Thu, 31 Dec 2026 23:30:00 GMT\r\n", text(cache.line()), zone);
        }
    }

    @Test
    void namesAreEnglishWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            for (Locale l : new Locale[] {Locale.GERMANY, Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("th-TH-u-nu-thai")}) {
                Locale.setDefault(l);
                DateCache cache = new DateCache(Clock.fixed(Instant.ofEpochSecond(784111777), ZoneOffset.UTC));
                assertEquals("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", text(cache.line()), l.toString());
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.US_ASCII);
    }
}
