package dev.morello.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9110 §5.6.7 dates: IMF-fixdate written; all three forms read; nothing else accepted. */
class HttpDatesTest {
    private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void writesImfFixdateToTheSecond() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(RFC_EXAMPLE.plusMillis(999)));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(Instant.EPOCH));
        assertEquals("Tue, 29 Feb 2028 23:59:59 GMT", HttpDates.format(Instant.parse("2028-02-29T23:59:59Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
        "  Sun, 06 Nov 1994 08:49:37 GMT  "})
    void readsTheThreeForms(String text) {
        assertEquals(RFC_EXAMPLE, HttpDates.parse(text, NOW));
    }

    @Test
    void roundTrips() {
        Instant t = Instant.parse("2031-12-31T23:00:01Z");
        assertEquals(t, HttpDates.parse(HttpDates.format(t)));
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead is in the past century
        "'Friday, 01-Jan-76 00:00:00 GMT', 2076-01-01T00:00:00Z",
        "'Tuesday, 01-Jan-77 00:00:00 GMT', 1977-01-01T00:00:00Z",
        "'Saturday, 01-Jan-00 00:00:00 GMT', 2000-01-01T00:00:00Z",
    })
    void twoDigitYearsAreWithinFiftyYearsAhead(String text, String instant) {
        assertEquals(Instant.parse(instant), HttpDates.parse(text, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT", "sun, 06 nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Xyz 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08-49-37 GMT", "Sun, ٠٦ Nov 1994 08:49:37 GMT",
        "Sun, +6 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 06 08:49:37 94",
        "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z", "784111777"})
    void refusesAnythingElse(String text) {
        assertNull(HttpDates.parse(text, NOW), text);
    }

    @Test
    void nullIsNoDate() {
        assertNull(HttpDates.parse(null));
    }
}
