package dev.morello.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.config.ConfigRefused;
import dev.morello.engine.ChannelFailures;
import dev.morello.engine.Refusal;
import dev.morello.testing.Site;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StatsPage} mounted as CherryPy's is: its dashboard at the index, its JSON at
 * {@code data} in CherryPy's names; and the {@code cpstats} tool failing closed on arguments it
 * does not take.
 */
@Timeout(60)
class StatsPageTest {
    public static class Root {
        @Expose
        public String index() {
            return "home";
        }
    }

    @AfterEach
    void stop() {
        Site.stop();
    }

    private static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "", Map.of("/", Map.of("tools.cpstats.on", true)));
            Morello.tree().mount(new StatsPage(), "/cpstats");
        });
    }

    @Test
    void theDashboardIsOnePageWithNothingToFetchButItsData() throws Exception {
        serve();
        Site.Reply r = Site.get("/cpstats/");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        String html = r.body();
        for (String id : new String[] {"id=\"total-requests\"", "id=\"requests-per-second\"", "id=\"p99\"",
                "id=\"open-connections\"", "<canvas id=\"chart-rate\"", "<canvas id=\"chart-latency\""}) {
            assertTrue(html.contains(id), id);
        }
        for (String external : new String[] {"<link", "src=", "@import", "http://", "https://"}) {
            assertTrue(!html.contains(external), "no external asset: " + external);
        }
    }

    @Test
    void theDataIsJsonInCherryPysNames() throws Exception {
        serve();
        assertEquals("home", Site.get("/").body());
        assertEquals(404, Site.get("/missing").status());
        StatisticsTest.awaitApp("", a -> a.totals().requests() == 2);
        Site.Reply r = Site.get("/cpstats/data");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        Object json = JsonReader.parse(r.body());
        String apps = StatsJson.APPLICATIONS;
        assertEquals(Boolean.TRUE, JsonReader.at(json, apps, "Enabled"));
        assertEquals("STARTED", JsonReader.at(json, apps, "Engine State"));
        assertEquals(2.0, JsonReader.number(json, apps, "Total Requests"));
        assertEquals(0.0, JsonReader.number(json, apps, "Current Requests"));
        for (String name : new String[] {"Start Time", "Current Time", "Uptime", "Total Time", "Requests/Second",
                "Bytes Read/Request", "Bytes Read/Second", "Bytes Written/Request", "Bytes Written/Second",
                "Total Bytes Read", "Total Bytes Written"}) {
            assertTrue(JsonReader.number(json, apps, name) >= 0, name);
        }
        assertEquals(1.0, JsonReader.number(json, apps, "Status", "2xx"));
        assertEquals(1.0, JsonReader.number(json, apps, "Status", "4xx"));
        assertTrue(JsonReader.number(json, apps, "Latency", "p99") <= JsonReader.number(json, apps, "Latency", "Max"));
        assertEquals(1.0, JsonReader.number(json, apps, "Applications", "/", "Paths", "/", "Total Requests"));
        assertEquals(1.0, JsonReader.number(json, apps, "Applications", "/", "Paths", Statistics.NOT_FOUND, "Status", "4xx"));
        assertEquals(2, JsonReader.object(JsonReader.at(json, apps, "Applications", "/", "Paths")).size());
        assertEquals(1, JsonReader.object(JsonReader.at(json, apps, "Applications")).size(),
                "the page's own application has no tool on: not counted");

        String server = StatsJson.SERVER;
        assertEquals("127.0.0.1:" + Site.port(), JsonReader.at(json, server, "Bind Address"));
        assertTrue(JsonReader.number(json, server, "Accepts") >= 3, "every request came on a connection of its own");
        assertTrue(JsonReader.number(json, server, "Requests") >= 3);
        assertEquals(1.0, JsonReader.number(json, server, "Requests Running"), "the request for the data itself");
        for (String name : new String[] {"Run time", "Accepts/sec", "Connections Open", "Queue", "Bytes Read",
                "Bytes Written", "HTTP/2 Connections", "HTTP/2 Requests", "WebSocket Upgrades", "WebSockets Open"}) {
            assertTrue(JsonReader.number(json, server, name) >= 0, name);
        }
        assertEquals(Map.of(), JsonReader.object(JsonReader.at(json, server, "Refusals")));
    }

    @Test
    void anArgumentTheToolDoesNotTakeRefusesTheStart() {
        ChannelFailures failed = assertThrows(ChannelFailures.class, () -> Site.start(() ->
                Morello.tree().mount(new Root(), "", Map.of("/", Map.of("tools.cpstats.on", true,
                        "tools.cpstats.uriset", "pages")))));
        Refusal veto = (Refusal) failed.failures().get(failed.failures().size() - 1);
        assertTrue(veto.getCause() instanceof ConfigRefused, veto::toString);
        assertTrue(veto.getMessage().contains("tools.cpstats.uriset"), veto.getMessage());
        assertNull(Morello.server().httpServer(), "nothing was served");
    }
}
