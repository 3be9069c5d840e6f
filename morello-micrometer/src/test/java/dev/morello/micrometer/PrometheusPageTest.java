package dev.morello.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import dev.morello.test.WebResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page as HTTP: its formats by {@code Accept}, {@code HEAD}, the methods it refuses, its
 * caching headers, and a registry of the application's own with the application's meters on it.
 */
@MorelloTest
@Timeout(60)
class PrometheusPageTest {
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Mount
    static void site() {
        Morello.config().update(Map.of("log.screen", false));
        new MorelloMetrics().bindTo(REGISTRY);
        Counter.builder("shop.orders").description("Orders taken").register(REGISTRY).increment(7);
        Morello.tree().mount(new PrometheusPage(REGISTRY), "/metrics");
    }

    static Stream<Arguments> acceptFields() {
        return Stream.of(
                Arguments.of("none", null, PrometheusPage.TEXT_FORMAT),
                Arguments.of("Prometheus's own, OpenMetrics first", PROMETHEUS_ACCEPT, PrometheusPage.OPENMETRICS_FORMAT),
                Arguments.of("OpenMetrics alone", "application/openmetrics-text", PrometheusPage.OPENMETRICS_FORMAT),
                Arguments.of("media type in capitals", "Application/OpenMetrics-Text; version=1.0.0",
                        PrometheusPage.OPENMETRICS_FORMAT),
                Arguments.of("text preferred", "text/plain;q=1, application/openmetrics-text;q=0.5", PrometheusPage.TEXT_FORMAT),
                Arguments.of("OpenMetrics refused", "application/openmetrics-text;q=0", PrometheusPage.TEXT_FORMAT),
                Arguments.of("anything", "*/*", PrometheusPage.TEXT_FORMAT),
                Arguments.of("nothing it has: text rather than 406", "application/json", PrometheusPage.TEXT_FORMAT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptFields")
    void theFormatFollowsAccept(String vector, String accept, String contentType, WebClient client) {
        WebResponse r = client.getPage("/metrics", "GET", accept == null ? Map.of() : Map.of("Accept", accept), (String) null)
                .assertStatus(200).assertHeader("Content-Type", contentType);
        if (contentType.equals(PrometheusPage.OPENMETRICS_FORMAT)) {
            assertTrue(r.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
            r.assertInBody("# TYPE shop_orders counter\n").assertInBody("shop_orders_total 7.0\n");
        } else {
            assertEquals(7.0, Scrape.parse(r.body()).value("shop_orders_total"), "the application's own meter");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/metrics/"})
    void itAnswersWithAndWithoutTheSlashNeverCached(String path, WebClient client) {
        WebResponse r = client.getPage(path).assertStatus(200)
                .assertHeader("Cache-Control", "no-store")
                .assertHeader("Vary", "Accept")
                .assertHeader("Allow", "GET, HEAD");
        assertTrue(Scrape.parse(r.body()).has("morello_server_requests_total"), r::body);
    }

    @Test
    void headAnswersTheHeadOfTheScrape(WebClient client) {
        WebResponse r = client.getPage("/metrics", "HEAD", Map.of(), (String) null)
                .assertStatus(200).assertHeader("Content-Type", PrometheusPage.TEXT_FORMAT);
        assertEquals(0, r.bodyBytes().length);
        assertTrue(Long.parseLong(r.header("Content-Length").orElseThrow()) > 0, "the length of the scrape it would send");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void otherMethodsAreRefused(String method, WebClient client) {
        client.getPage("/metrics", method, Map.of(), "").assertStatus(405).assertHeader("Allow", "GET, HEAD");
    }

    @Test
    void theRegistryIsTheOneGiven() {
        assertEquals(REGISTRY, new PrometheusPage(REGISTRY).registry());
        PrometheusMeterRegistry made = PrometheusPage.withDefaults().registry();
        assertTrue(made.find("jvm.memory.used").gauge() != null, "the JVM's binders are bound");
        assertTrue(made.find("morello.engine.state").gauge() != null, "and Morello's");
    }
}
