package dev.morello.micrometer;

import static dev.morello.micrometer.PrometheusScrapeTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.stats.Statistics;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The binder on a registry that is not Prometheus's: what it registers, when it registers more,
 * and that its meters read the statistics when read (nothing is counted twice, nothing on the
 * request path). Each test asks paths of its own.
 */
@MorelloTest
@Timeout(60)
class MorelloMetricsTest {
    public static class Root {
        @Expose
        public String one() {
            return "1";
        }

        @Expose
        public String two() {
            return "2";
        }

        @Expose
        public String three() {
            return "3";
        }

        @Expose
        public String four() {
            return "4";
        }

        @Expose
        public String five() {
            return "5";
        }
    }

    @Mount
    static void site() {
        Morello.config().update(Map.of("log.screen", false));
        Morello.tree().mount(new Root(), "/shop", Map.of("/", Map.of("tools.cpstats.on", true)));
    }

    private static long requests(Statistics.Snapshot s, String path) {
        Statistics.App shop = s.applications().get("/shop");
        Statistics.Figures f = shop == null ? null : shop.paths().get(path);
        return f == null ? 0 : f.requests();
    }

    private static FunctionCounter successes(MeterRegistry registry, String path) {
        return registry.find("morello.http.requests").tags("app", "/shop", "path", path, "status", "2xx").functionCounter();
    }

    @Test
    void aPathSeenBeforeBindingIsRegisteredByTheBindingItself(WebClient client) throws Exception {
        client.getPage("/shop/one").assertStatus(200);
        await(s -> requests(s, "/one") == 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MorelloMetrics().bindTo(registry);
        assertEquals(1.0, successes(registry, "/one").count());
        assertNotNull(registry.find("morello.server.requests").tags("server", MorelloMetrics.MAIN_SERVER).functionCounter(),
                "the running server");
    }

    @Test
    void aRegisteredMeterReadsTheStatisticsWhenRead(WebClient client) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MorelloMetrics metrics = new MorelloMetrics();
        metrics.bindTo(registry);
        assertNull(successes(registry, "/two"), "not asked yet");

        client.getPage("/shop/two").assertStatus(200);
        await(s -> requests(s, "/two") == 1);
        assertNull(successes(registry, "/two"), "registered by refresh(), not by the request");
        metrics.refresh();
        FunctionCounter two = successes(registry, "/two");
        assertEquals(1.0, two.count());

        client.getPage("/shop/two").assertStatus(200);
        client.getPage("/shop/two").assertStatus(200);
        await(s -> requests(s, "/two") == 3);
        metrics.refresh();
        assertEquals(3.0, two.count(), "the same meter, read again");
        assertEquals(1, registry.find("morello.http.requests").tags("path", "/two", "status", "2xx").meters().size(),
                "registered once, however often refreshed");
    }

    @Test
    void bindingTwiceToOneRegistryRegistersOnce(WebClient client) throws Exception {
        client.getPage("/shop/three").assertStatus(200);
        await(s -> requests(s, "/three") == 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MorelloMetrics metrics = new MorelloMetrics();
        metrics.bindTo(registry);
        int meters = registry.getMeters().size();
        metrics.bindTo(registry);
        metrics.refresh();
        MorelloMetrics.refresh(registry);
        assertEquals(meters, registry.getMeters().size());
        assertEquals(1.0, successes(registry, "/three").count());
    }

    @Test
    void everyMeterIsMorellosAndCarriesTheTagsGiven(WebClient client) throws Exception {
        client.getPage("/shop/four").assertStatus(200);
        await(s -> requests(s, "/four") == 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MorelloMetrics(Morello.statistics(), Tags.of("instance", "a")).bindTo(registry);
        assertTrue(registry.getMeters().size() > 20, registry::getMetersAsString);
        for (Meter m : registry.getMeters()) {
            assertTrue(m.getId().getName().startsWith("morello."), m.getId()::toString);
            assertEquals("a", m.getId().getTag("instance"), m.getId()::toString);
        }
    }

    @Test
    void theMetersOutliveTheApplicationsReferenceToTheBinder(WebClient client) throws Exception {
        client.getPage("/shop/five").assertStatus(200);
        await(s -> requests(s, "/five") == 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MorelloMetrics().bindTo(registry);   // kept by no one but the registry
        collectGarbage();
        assertEquals(1.0, successes(registry, "/five").count(), "not NaN: the binder was not collected");
    }

    @Test
    void aRegistryTheApplicationDropsIsNotKeptByTheBinder() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MorelloMetrics metrics = new MorelloMetrics();
        metrics.bindTo(registry);
        WeakReference<MeterRegistry> dropped = new WeakReference<>(registry);
        registry = null;
        for (int i = 0; i < 100 && dropped.get() != null; i++) {
            collectGarbage();
        }
        assertNull(dropped.get(), "the registry was collected while its binder lives on");
        metrics.refresh();   // a binder whose registry is gone refreshes no harm done
    }

    @Test
    void aPathTheStatisticsForgotReadsZero(WebClient client) throws Exception {
        client.getPage("/shop/one").assertStatus(200);
        await(s -> requests(s, "/one") >= 1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MorelloMetrics metrics = new MorelloMetrics();
        metrics.bindTo(registry);
        Morello.statistics().clear();
        metrics.refresh();
        assertEquals(0.0, successes(registry, "/one").count(), "a counter reset, as after a restart");
    }

    /** Collects until an object only weakly reachable is gone: a collection that clears weak references ran. */
    private static void collectGarbage() throws InterruptedException {
        WeakReference<Object> probe = new WeakReference<>(new Object());
        Supplier<Boolean> cleared = () -> probe.get() == null;
        for (int i = 0; i < 100 && !cleared.get(); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(cleared.get(), "the JVM never collected");
    }
}
