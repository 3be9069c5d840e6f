package dev.morello.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.RefusalListener.Refusal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusal log's rate limit per address, with a clock the test moves. */
class RefusalLogTest {
    @TempDir
    Path dir;

    @Test
    void tenAWindowPerAddressThenTheCountWhenTheWindowEnds() throws Exception {
        Logs logs = new Logs(null);
        logs.clock(Clock.fixed(Instant.parse("2027-01-07T04:07:25Z"), ZoneOffset.UTC));
        logs.set("screen", false);
        logs.set("access_file", dir.resolve("access.log").toString());
        logs.set("error_file", dir.resolve("error.log").toString());
        logs.open();
        AtomicLong now = new AtomicLong();
        RefusalLog log = new RefusalLog(logs, now::get);
        var attacker = new InetSocketAddress("192.0.2.7", 4000);
        var other = new InetSocketAddress("198.51.100.1", 5000);
        for (int i = 0; i < 25; i++) {
            log.refused(new Refusal(attacker, null, 400, "Malformed Request-Line"));
        }
        log.refused(new Refusal(other, "GET /x HTTP/1.1", 408, "Request Timeout"));
        now.addAndGet(RefusalLog.WINDOW_SECONDS * 1_000_000_000L);
        log.refused(new Refusal(attacker, null, 400, "Malformed Request-Line"));

        List<String> access = Files.readAllLines(dir.resolve("access.log"));
        assertEquals(12, access.size(), access::toString);
        assertEquals("192.0.2.7 - - [07/Jan/2027:04:07:25] \"\" 400 - \"\" \"\"", access.get(0));
        assertTrue(access.contains("198.51.100.1 - - [07/Jan/2027:04:07:25] \"GET /x HTTP/1.1\" 408 - \"\" \"\""),
                access::toString);
        List<String> errors = Files.readAllLines(dir.resolve("error.log"));
        assertEquals(1, errors.stream().filter(l -> l.contains("Refused 15 more request(s) from 192.0.2.7 in 10 s")).count(),
                errors::toString);
        assertEquals(11, errors.stream().filter(l -> l.contains("Refused 400 to 192.0.2.7: Malformed Request-Line")).count());
    }
}
