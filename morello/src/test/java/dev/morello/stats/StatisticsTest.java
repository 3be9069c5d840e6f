package dev.morello.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.HttpRedirect;
import dev.morello.InternalRedirect;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.dispatch.RoutesDispatcher;
import dev.morello.testing.Site;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code cpstats} tool through a real server: requests counted under their application and
 * path template (the handler's, not the raw path), 404s under one key, statuses by class, body
 * bytes, the requests running, and times whose percentiles bound what the handlers took. A
 * request is counted after its response went out, so each test awaits the counts it caused.
 */
@Timeout(60)
class StatisticsTest {
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    public static class Root {
        public Users user = new Users();

        @Expose
        public String index() {
            return "home";
        }

        @Expose
        public String slow() throws InterruptedException {
            Thread.sleep(200);
            return "slow";
        }

        @Expose
        public String moved() {
            throw new HttpRedirect("/");
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
        public String hop() {
            throw new InternalRedirect("/");
        }

        @Expose
        public String block() throws InterruptedException {
            entered.countDown();
            if (!release.await(20, TimeUnit.SECONDS)) {
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

    public static class Posts {
        public String show(String id) {
            return "post " + id;
        }
    }

    public static class Quiet {
        @Expose
        public String index() {
            return "not counted";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Map<String, Object> on = Map.of("tools.cpstats.on", true, "request.show_tracebacks", false);
            Morello.tree().mount(new Root(), "", Map.of("/", on));
            RoutesDispatcher routes = new RoutesDispatcher().connect("post", "/{id}", new Posts(), "show");
            Morello.tree().mount(null, "/blog", Map.of("/", Map.of("tools.cpstats.on", true, "request.dispatch", routes)));
            Morello.tree().mount(new Quiet(), "/quiet");
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @BeforeEach
    void clear() {
        Morello.statistics().clear();
    }

    @Test
    void requestsCountUnderTheirApplicationAndPathTemplate() throws Exception {
        assertEquals(200, Site.get("/user/1").status());
        assertEquals(200, Site.get("/user/2").status());
        assertEquals(200, Site.get("/user/2/photos").status());
        assertEquals(200, Site.get("/").status());
        assertEquals(404, Site.get("/no/such/page").status());
        assertEquals(404, Site.get("/nor/this").status());
        Statistics.App root = awaitApp("", a -> a.totals().requests() == 6);
        assertEquals(3, root.paths().get("/user/*").requests(), root.paths()::toString);
        assertEquals(1, root.paths().get("/").requests(), root.paths()::toString);
        assertEquals(2, root.paths().get(Statistics.NOT_FOUND).requests(), "every unmatched path under one key");
        assertEquals(3, root.paths().size(), "no key per raw path: " + root.paths().keySet());
        assertEquals(4, root.totals().statusClasses().success());
        assertEquals(2, root.totals().statusClasses().clientError());
    }

    @Test
    void routesCountUnderTheirPattern() throws Exception {
        assertEquals("post 7", Site.get("/blog/7").body());
        assertEquals("post 8", Site.get("/blog/8").body());
        Statistics.App blog = awaitApp("/blog", a -> a.totals().requests() == 2);
        assertEquals(Set.of("/{id}"), blog.paths().keySet());
        assertEquals(2, blog.paths().get("/{id}").requests());
    }

    @Test
    void statusesAreCountedByClassAndBodiesByTheirBytes() throws Exception {
        assertEquals(303, Site.get("/moved").status());
        assertEquals(500, Site.get("/fail").status());
        assertEquals("0123456789", Site.post("/echo", "application/octet-stream", "0123456789").body());
        Statistics.App root = awaitApp("", a -> a.totals().requests() == 3);
        Statistics.StatusClasses c = root.totals().statusClasses();
        assertEquals(new Statistics.StatusClasses(0, 1, 1, 0, 1), c);
        Statistics.Figures echo = root.paths().get("/echo");
        assertEquals(10, echo.bytesRead(), "the body the handler read");
        assertEquals(10, echo.bytesWritten(), "the body sent back");
        assertEquals(10, root.totals().bytesRead(), "only /echo had a body");
    }

    @Test
    void aPathWithoutTheToolIsNotCounted() throws Exception {
        assertEquals("not counted", Site.get("/quiet/").body());
        assertEquals(200, Site.get("/").status());
        Statistics.Snapshot s = awaitSnapshot(t -> t.totals().requests() == 1);
        assertFalse(s.applications().containsKey("/quiet"), s.applications()::toString);
        assertTrue(s.servers().get("").statistics().requests() >= 2, "the server counts every request: " + s.servers());
    }

    @Test
    void thePercentilesOfSlowRequestsAreAtLeastWhatTheHandlerTook() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals("slow", Site.get("/slow").body());
        }
        Statistics.App root = awaitApp("", a -> a.totals().requests() == 3);
        Statistics.Latency l = root.paths().get("/slow").latency();
        Duration slept = Duration.ofMillis(200);
        assertEquals(3, l.count());
        for (Duration d : new Duration[] {l.p50(), l.p90(), l.p99(), l.max(), l.mean()}) {
            assertTrue(d.compareTo(slept) >= 0, () -> "every figure is at least 200 ms: " + l);
        }
        assertTrue(l.p50().compareTo(l.p90()) <= 0 && l.p90().compareTo(l.p99()) <= 0
                && l.p99().compareTo(l.max()) <= 0, l::toString);
        assertTrue(l.total().compareTo(slept.multipliedBy(3)) >= 0, l::toString);
        assertEquals(l, root.totals().latency(), "one path: the application's times are its");
    }

    @Test
    void aRequestRunningIsCurrentUntilItEnds() throws Exception {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        Thread client = Thread.ofVirtual().start(() -> {
            try {
                Site.get("/block");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            Statistics.Snapshot s = Morello.statistics().snapshot();
            assertEquals(1, s.applications().get("").totals().currentRequests(), s::toString);
            assertEquals(1, s.totals().currentRequests(), s::toString);
            assertEquals(0, s.totals().requests(), "counted when it ends: " + s);
        } finally {
            release.countDown();
        }
        client.join(10_000);
        Statistics.App root = awaitApp("", a -> a.totals().requests() == 1);
        assertEquals(0, root.totals().currentRequests());
    }

    @Test
    void anInternalRedirectCountsOnceAsTheRequestItBecame() throws Exception {
        assertEquals("home", Site.get("/hop").body());
        assertEquals(200, Site.get("/").status());
        Statistics.App root = awaitApp("", a -> a.totals().requests() == 2);
        assertEquals(2, root.paths().get("/").requests(), root.paths()::toString);
        assertFalse(root.paths().containsKey("/hop"), root.paths()::toString);
        assertEquals(0, root.totals().currentRequests());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static Statistics.Snapshot awaitSnapshot(Predicate<Statistics.Snapshot> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Statistics.Snapshot s = Morello.statistics().snapshot();
        while (!condition.test(s)) {
            if (System.nanoTime() - deadline > 0) {
                fail("the statistics never got there: " + s);
            }
            Thread.sleep(5);
            s = Morello.statistics().snapshot();
        }
        return s;
    }

    static Statistics.App awaitApp(String scriptName, Predicate<Statistics.App> condition) throws InterruptedException {
        return awaitSnapshot(s -> s.applications().containsKey(scriptName)
                && condition.test(s.applications().get(scriptName))).applications().get(scriptName);
    }
}
