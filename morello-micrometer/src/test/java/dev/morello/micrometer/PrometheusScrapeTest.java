package dev.morello.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.HttpRedirect;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.engine.State;
import dev.morello.http.ServerStatistics;
import dev.morello.stats.Statistics;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scrape of {@link PrometheusPage#withDefaults()} mounted beside a site with the
 * {@code cpstats} tool on: each request counted once, under its application, path template and
 * status class, with its bytes and times; the server's counters; the engine's state; the JVM's
 * figures. Each test asks paths of its own, so the counts it asserts are its requests' alone,
 * whatever the order; a request is counted just after its response went out, so each test awaits
 * its counts in the statistics before it scrapes.
 */
@MorelloTest
@Timeout(60)
class PrometheusScrapeTest {
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    public static class Root {
        public Users users = new Users();

        @Expose
        public String hello() {
            return "hello";
        }

        @Expose
        public String moved() {
            throw new HttpRedirect("/hello");
        }

        @Expose
        public String fail() {
            throw new IllegalStateException("a page that fails, on purpose");
        }

        @Expose
        public String echo(Request request) throws Exception {
            return new String(request.body().bytes(), StandardCharsets.UTF_8);
        }

        @Expose
        public String late() {
            return "late";
        }

        @Expose
        public String block() throws InterruptedException {
            ENTERED.countDown();
            if (!RELEASE.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return "released";
        }
    }

    public static class Users {
        @Default
        public String show(String... rest) {
            return "user " + String.join("/", rest);
        }
    }

    @Mount
    static void site() {
        Morello.config().update(Map.of("log.screen", false));
        Morello.tree().mount(new Root(), "", Map.of("/", Map.of("tools.cpstats.on", true,
                "request.show_tracebacks", false)));
        Morello.tree().mount(PrometheusPage.withDefaults(), "/metrics");
    }

    private static Scrape scrape(WebClient client) {
        return Scrape.parse(client.getPage("/metrics").assertStatus(200).body());
    }

    /** Waits until the site's statistics satisfy {@code condition} (a request is counted after its answer). */
    static Statistics.Snapshot await(Predicate<Statistics.Snapshot> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Statistics.Snapshot s = Morello.statistics().snapshot();
        while (!condition.test(s)) {
            assertTrue(System.nanoTime() < deadline, () -> "the statistics never came to it: " + Morello.statistics().snapshot());
            Thread.sleep(5);
            s = Morello.statistics().snapshot();
        }
        return s;
    }

    private static long requests(Statistics.Snapshot s, String path) {
        Statistics.App root = s.applications().get("");
        Statistics.Figures f = root == null ? null : root.paths().get(path);
        return f == null ? 0 : f.requests();
    }

    @Test
    void requestsAreCountedByPathTemplateAndStatusClass(WebClient client) throws Exception {
        for (int i = 0; i < 3; i++) {
            client.getPage("/hello").assertStatus(200).assertBody("hello");
        }
        client.getPage("/users/1").assertStatus(200);
        client.getPage("/users/2/photos").assertStatus(200);
        client.getPage("/nowhere").assertStatus(404);
        await(s -> requests(s, "/hello") == 3 && requests(s, "/users/*") == 2 && requests(s, Statistics.NOT_FOUND) == 1);

        Scrape page = scrape(client);
        assertEquals(3.0, page.value("morello_http_requests_total", "app", "/", "path", "/hello", "status", "2xx"));
        for (String other : new String[] {"1xx", "3xx", "4xx", "5xx"}) {
            assertEquals(0.0, page.value("morello_http_requests_total", "app", "/", "path", "/hello", "status", other), other);
        }
        assertEquals(2.0, page.value("morello_http_requests_total", "app", "/", "path", "/users/*", "status", "2xx"),
                "two raw paths, one template");
        assertEquals(1.0, page.value("morello_http_requests_total", "app", "/", "path", "(not found)", "status", "4xx"));
        assertEquals(0.0, page.samples("morello_http_requests_total").stream()
                .filter(s -> s.labels().get("path").startsWith("/users/") && !s.labels().get("path").equals("/users/*"))
                .count(), "no line per raw path");
        assertTrue(page.samples("morello_http_requests_total").stream().noneMatch(s -> s.labels().get("app").equals("/metrics")),
                "the page's own application has no tool on: not counted");
        assertEquals("counter", page.type("morello_http_requests_total"), page.text());
    }

    @Test
    void eachStatusClassHasItsCounter(WebClient client) throws Exception {
        client.getPage("/moved").assertStatus(303);
        client.getPage("/fail").assertStatus(500);
        await(s -> requests(s, "/moved") == 1 && requests(s, "/fail") == 1);
        Scrape page = scrape(client);
        assertEquals(1.0, page.value("morello_http_requests_total", "app", "/", "path", "/moved", "status", "3xx"));
        assertEquals(0.0, page.value("morello_http_requests_total", "app", "/", "path", "/moved", "status", "2xx"));
        assertEquals(1.0, page.value("morello_http_requests_total", "app", "/", "path", "/fail", "status", "5xx"));
    }

    @Test
    void bodiesAreCountedByTheirBytesAndRequestsByTheirTimes(WebClient client) throws Exception {
        client.getPage("/echo", "POST", Map.of("Content-Type", "application/octet-stream"), "0123456789")
                .assertStatus(200).assertBody("0123456789");
        client.getPage("/echo", "POST", Map.of("Content-Type", "application/octet-stream"), "abc")
                .assertStatus(200).assertBody("abc");
        await(s -> requests(s, "/echo") == 2);
        Scrape page = scrape(client);
        assertEquals(13.0, page.value("morello_http_read_bytes_total", "app", "/", "path", "/echo"));
        assertEquals(13.0, page.value("morello_http_written_bytes_total", "app", "/", "path", "/echo"));

        assertEquals(2.0, page.value("morello_http_latency_seconds_count", "app", "/", "path", "/echo"));
        double sum = page.value("morello_http_latency_seconds_sum", "app", "/", "path", "/echo");
        assertTrue(sum > 0, "two requests took some time: " + sum);
        double p50 = page.value("morello_http_latency_quantile_seconds", "app", "/", "path", "/echo", "quantile", "0.5");
        double p90 = page.value("morello_http_latency_quantile_seconds", "app", "/", "path", "/echo", "quantile", "0.9");
        double p99 = page.value("morello_http_latency_quantile_seconds", "app", "/", "path", "/echo", "quantile", "0.99");
        double max = page.value("morello_http_latency_quantile_seconds", "app", "/", "path", "/echo", "quantile", "1.0");
        assertTrue(0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max, p50 + " " + p90 + " " + p99 + " " + max);
        assertTrue(max <= sum, "the longest of two is at most both together");
    }

    @Test
    void aPathIsOnThePageFromTheScrapeAfterItsFirstRequest(WebClient client) throws Exception {
        assertFalse(scrape(client).samples("morello_http_requests_total").stream()
                .anyMatch(s -> s.labels().get("path").equals("/late")), "not asked yet");
        client.getPage("/late").assertStatus(200);
        await(s -> requests(s, "/late") == 1);
        assertEquals(1.0, scrape(client).value("morello_http_requests_total", "app", "/", "path", "/late", "status", "2xx"));
        client.getPage("/late").assertStatus(200);
        await(s -> requests(s, "/late") == 2);
        assertEquals(2.0, scrape(client).value("morello_http_requests_total", "app", "/", "path", "/late", "status", "2xx"),
                "the registered counter reads the statistics at each scrape");
    }

    @Test
    void requestsInFlightAreGauges(WebClient client) throws Exception {
        CompletableFuture<HttpResponse<String>> blocked = client.httpClient().sendAsync(
                HttpRequest.newBuilder(client.uri("/block")).build(), HttpResponse.BodyHandlers.ofString());
        try {
            assertTrue(ENTERED.await(20, TimeUnit.SECONDS), "the handler never ran");
            Scrape page = scrape(client);
            assertEquals(1.0, page.value("morello_http_requests_active", "app", "/"), "the blocked request");
            assertTrue(page.value("morello_server_requests_running", "server", "main") >= 2,
                    "the blocked request and the scrape itself");
        } finally {
            RELEASE.countDown();
        }
        assertEquals("released", blocked.get(20, TimeUnit.SECONDS).body());
        await(s -> requests(s, "/block") == 1 && s.applications().get("").totals().currentRequests() == 0);
        assertEquals(0.0, scrape(client).value("morello_http_requests_active", "app", "/"));
    }

    @Test
    void theServersCountersAreThere(WebClient client) throws Exception {
        client.getPage("/hello").assertStatus(200);
        Scrape page = scrape(client);
        ServerStatistics after = Morello.server().httpServer().statistics();
        double accepted = page.value("morello_server_connections_accepted_total", "server", "main");
        double open = page.value("morello_server_connections_open", "server", "main");
        double requests = page.value("morello_server_requests_total", "server", "main");
        assertTrue(open >= 1, "the scrape's own connection is open");
        assertTrue(accepted >= open && accepted <= after.connectionsAccepted(), accepted + " accepted, " + open + " open");
        assertTrue(requests >= 2 && requests <= after.requests(), "the request before and the scrape: " + requests);
        assertTrue(page.value("morello_server_requests_running", "server", "main") >= 1, "the scrape is running");
        assertEquals(0.0, page.value("morello_server_requests_waiting", "server", "main"));
        double read = page.value("morello_server_read_bytes_total", "server", "main");
        assertTrue(read > 0 && read <= after.bytesRead(), "the heads read: " + read);
        double written = page.value("morello_server_written_bytes_total", "server", "main");
        assertTrue(written > 0 && written <= after.bytesWritten(), "at least the answer to /hello: " + written);
        assertEquals(0.0, page.value("morello_server_http2_connections_total", "server", "main"));
        assertEquals(0.0, page.value("morello_server_http2_requests_total", "server", "main"));
        assertEquals(0.0, page.value("morello_server_websocket_upgrades_total", "server", "main"));
        assertEquals(0.0, page.value("morello_server_websocket_open", "server", "main"));
        assertTrue(page.value("morello_server_uptime_seconds", "server", "main") > 0);
        assertEquals("counter", page.type("morello_server_requests_total"), page.text());
        assertEquals("gauge", page.type("morello_server_connections_open"), page.text());
    }

    @Test
    void refusalsAreCountedByStatus(WebClient client) throws Exception {
        client.sendRaw("GET /bad path HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").assertStatus(400);
        await(s -> s.servers().get("").statistics().refusals(400) == 1);
        assertEquals(1.0, scrape(client).value("morello_server_refusals_total", "server", "main", "status", "400"));
    }

    @Test
    void theEngineIsStartedAndTheVersionShown(WebClient client) {
        Scrape page = scrape(client);
        for (State state : State.values()) {
            assertEquals(state == State.STARTED ? 1.0 : 0.0, page.value("morello_engine_state", "state", state.name()),
                    state.name());
        }
        assertTrue(page.value("morello_uptime_seconds") > 0);
        assertEquals(1.0, page.value("morello_info", "version", Morello.statistics().snapshot().serverVersion()));
    }

    @Test
    void theJvmsFiguresAreBeside(WebClient client) {
        Scrape page = scrape(client);
        assertTrue(page.samples("jvm_memory_used_bytes").stream().anyMatch(s -> "heap".equals(s.labels().get("area"))
                && s.value() > 0), "heap memory in use");
        assertTrue(page.value("jvm_threads_live_threads") > 0);
        assertTrue(page.has("jvm_classes_loaded_classes"));
        assertTrue(page.has("jvm_info"));
        assertTrue(page.has("process_uptime_seconds"));
        assertTrue(page.has("system_cpu_count"));
    }
}
