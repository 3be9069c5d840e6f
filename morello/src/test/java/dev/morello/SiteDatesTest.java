package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpDate;
import dev.morello.internal.Logs;
import dev.morello.testing.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every date the framework writes, through a real server whose clock is pinned ({@link Morello#clock}):
 * the server's {@code Date}, {@code Last-Modified}, the {@code expires} tool's {@code Expires}, a
 * cookie's {@code Expires}, and the access log's timestamp. The instants are the ones that broke
 * or could break a formatter: a single-digit day, 29 February, the last second of a year (where an
 * hour ahead is next year), and a zone where local time is already the next day.
 */
class SiteDatesTest {
    /** An independent IMF-fixdate formatter to compare with: English names, two-digit day. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    /** CherryPy's log time, written independently of the code under test. */
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss']'", Locale.ROOT);

    @TempDir
    Path dir;

    public static class Root {
        @Expose
        public String index(Request request, Response response) {
            response.cookie("seen", "1").expires(request.time().plusSeconds(3600)).path("/");
            return "hello";
        }
    }

    @AfterEach
    void stop() {
        Site.stop();
        Morello.reset();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // now                 | zone              | Date                          | an hour later                  | access log time
        "2026-12-07T04:07:25Z | UTC               | Mon, 07 Dec 2026 04:07:25 GMT | Mon, 07 Dec 2026 05:07:25 GMT | [07/Dec/2026:04:07:25]",
        "2024-02-29T23:30:00Z | UTC               | Thu, 29 Feb 2024 23:30:00 GMT | Fri, 01 Mar 2024 00:30:00 GMT | [29/Feb/2024:23:30:00]",
        "2026-12-31T23:59:59Z | UTC               | Thu, 31 Dec 2026 23:59:59 GMT | Fri, 01 Jan 2027 00:59:59 GMT | [31/Dec/2026:23:59:59]",
        "2026-12-31T23:59:59Z | Pacific/Kiritimati| Thu, 31 Dec 2026 23:59:59 GMT | Fri, 01 Jan 2027 00:59:59 GMT | [01/Jan/2027:13:59:59]",
        "2027-01-01T00:00:01Z | America/Anchorage | Fri, 01 Jan 2027 00:00:01 GMT | Fri, 01 Jan 2027 01:00:01 GMT | [31/Dec/2026:15:00:01]",
    })
    void everyDateTheSiteWritesFollowsItsClock(String now, String zone, String date, String hourLater, String logTime)
            throws Exception {
        Instant at = Instant.parse(now);
        Path access = dir.resolve("access.log");
        Path page = Files.writeString(dir.resolve("page.txt"), "static");
        Files.setLastModifiedTime(page, FileTime.from(at.minusSeconds(86_400)));
        Site.start(() -> {
            Morello.clock(Clock.fixed(at, ZoneId.of(zone.strip())));
            Morello.config().update(Map.of("log.access_file", access.toString(), "log.access_log_format", "{t} {s} {r}"));
            Morello.tree().mount(new Root(), "", Map.of(
                    "/", Map.of("tools.expires.on", true, "tools.expires.secs", 3600, "tools.expires.force", true),
                    "/page.txt", Map.of("tools.staticfile.on", true, "tools.staticfile.filename", page.toString())));
        });

        Site.Reply r = Site.get("/");
        assertEquals(200, r.status(), r.raw());
        assertEquals(date, r.header("Date"));
        assertEquals(hourLater, r.header("Expires"));
        assertEquals("seen=1; Expires=" + hourLater + "; Path=/", r.header("Set-Cookie"));

        Site.Reply file = Site.get("/page.txt");
        assertEquals(200, file.status(), file.raw());
        assertEquals(HttpDate.format(at.minusSeconds(86_400)), file.header("Last-Modified"));
        assertEquals(date, file.header("Date"));

        assertEquals(List.of(logTime + " 200 GET / HTTP/1.1", logTime + " 200 GET /page.txt HTTP/1.1"), lines(access, 2));
    }

    /**
     * The log timestamp for every hour of a leap year in three zones, against an independent
     * formatter: a day, a month or a year boundary in local time cannot slip.
     */
    @Test
    void logTimestampsFollowTheClockOverAYearInSeveralZones() {
        for (String zone : new String[] {"UTC", "Pacific/Kiritimati", "America/Anchorage"}) {
            ZoneId z = ZoneId.of(zone);
            Logs logs = new Logs(null);
            for (LocalDate day = LocalDate.of(2024, 1, 1); day.getYear() == 2024; day = day.plusDays(1)) {
                for (int hour = 0; hour < 24; hour += 5) {
                    Instant at = day.atTime(LocalTime.of(hour, 59, 59)).toInstant(ZoneOffset.UTC);
                    logs.clock(Clock.fixed(at, z));
                    assertEquals(LOG_TIME.format(LocalDateTime.ofInstant(at, z)), logs.timestamp(), at + " in " + zone);
                }
            }
        }
    }

    /** A cookie's Expires for every day of a leap year and the years around it. */
    @Test
    void cookieExpiresOverThreeYears() {
        for (LocalDate day = LocalDate.of(2023, 1, 1); day.getYear() <= 2025; day = day.plusDays(1)) {
            LocalDateTime t = day.atTime(23, 59, 59);
            Cookie c = new Cookie("c", "v").expires(t.toInstant(ZoneOffset.UTC));
            assertEquals("c=v; Expires=" + IMF_FIXDATE.format(t), c.toHeader(), day.toString());
        }
    }

    /** The access line is written after the response went out: wait for it rather than race it. */
    private static List<String> lines(Path file, int count) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= count) {
                    return lines;
                }
            }
            Thread.sleep(10);
        }
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        assertTrue(lines.size() >= count, "access log has " + lines);
        return lines;
    }
}
