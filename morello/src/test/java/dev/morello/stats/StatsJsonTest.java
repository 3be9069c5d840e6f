package dev.morello.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.ServerStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON writer: path templates and names come from requests, so every string is escaped as
 * RFC 8259 §7 says and reads back as it was; numbers are JSON's.
 */
class StatsJsonTest {
    private static final Statistics.Latency NONE = new Statistics.Latency(0, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    private static final Statistics.Figures EMPTY = new Statistics.Figures(0, 0,
            new Statistics.StatusClasses(0, 0, 0, 0, 0), 0, 0, NONE);

    private static Statistics.Snapshot snapshot(String path, String serverName) {
        Statistics.Figures one = new Statistics.Figures(1, 0, new Statistics.StatusClasses(0, 1, 0, 0, 0), 3, 4,
                new Statistics.Latency(1, Duration.ofNanos(1), Duration.ofNanos(1), Duration.ofNanos(1),
                        Duration.ofNanos(1), Duration.ofNanos(1), Duration.ofNanos(1)));
        ServerStatistics server = new ServerStatistics(Instant.EPOCH, Duration.ofSeconds(2), 1, 1, 0, 1, 0, 0, 0, 0, 0,
                10, 20, Map.of(400, 2L));
        return new Statistics.Snapshot(Instant.ofEpochMilli(1_500), "1.2.3", "STARTED", null, Duration.ZERO, one,
                Map.of("/app", new Statistics.App("/app", one, Map.of(path, one))),
                Map.of(serverName, new Statistics.Server(serverName, "127.0.0.1:1", server)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/plain", "/quote\"d", "/back\\slash", "/new\nline", "/tab\there", "/nul\u0000",
            "/bell\u0007", "/esc\u001b", "/del\u007f", "/line\u2028sep\u2029", "/accented/é/日本"})
    void aStringReadsBackAsItWas(String path) {
        String text = StatsJson.of(snapshot(path, "extra \"one\""));
        Object json = JsonReader.parse(text);
        assertEquals(1.0, JsonReader.number(json, StatsJson.APPLICATIONS, "Applications", "/app", "Paths", path,
                "Total Requests"));
        assertEquals("127.0.0.1:1", JsonReader.at(json, StatsJson.SERVER + " extra \"one\"", "Bind Address"));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(c >= 0x20 && c != 0x2028 && c != 0x2029, "raw control or separator at " + i);
        }
    }

    @Test
    void instantsAreSecondsSinceTheEpochAndAnUnsetOneIsNull() {
        Object json = JsonReader.parse(StatsJson.of(snapshot("/p", "")));
        assertEquals(1.5, JsonReader.number(json, StatsJson.APPLICATIONS, "Current Time"));
        assertEquals(null, JsonReader.at(json, StatsJson.APPLICATIONS, "Start Time"));
        assertEquals(0.0, JsonReader.number(json, StatsJson.APPLICATIONS, "Requests/Second"), "no uptime: no rate");
        assertEquals(1e-9, JsonReader.number(json, StatsJson.APPLICATIONS, "Latency", "p99"));
        assertEquals(2.0, JsonReader.number(json, StatsJson.SERVER, "Refusals", "400"));
        assertEquals(0.5, JsonReader.number(json, StatsJson.SERVER, "Accepts/sec"));
    }

    @Test
    void anEmptySiteIsStillTheWholeShape() {
        Statistics.Snapshot s = new Statistics.Snapshot(Instant.EPOCH, "1", "STOPPED", null, Duration.ZERO, EMPTY,
                Map.of(), Map.of());
        Object json = JsonReader.parse(StatsJson.of(s));
        assertEquals(0.0, JsonReader.number(json, StatsJson.APPLICATIONS, "Total Requests"));
        assertEquals(Map.of(), JsonReader.object(JsonReader.at(json, StatsJson.APPLICATIONS, "Applications")));
        assertEquals(1, JsonReader.object(json).size(), "no server running: only the applications");
    }
}
