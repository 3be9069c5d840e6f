package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The statistics dashboard in a real browser: headless Chromium shows {@code /cpstats/} while the
 * test loads the site from a {@code java.net.http} client, and the page's figures move with the
 * load: the total grows between two reads, the rate and the percentiles appear, the path
 * templates are listed. The page is saved as {@code target/dashboard.png}.
 */
@MorelloTest
@Timeout(180)
class StatsDashboardBrowserTest {
    /** The load: pages with a known latency and pages of many users, a few at a time. */
    private static final String[] PAGES = {"/work?ms=5", "/work?ms=40", "/users/", "/", "/no/such/page"};
    private static final int CLIENTS = 4;

    @Mount
    static void site() {
        StatsSite.mount();
    }

    @Test
    void theFiguresMoveWithTheLoad(WebClient client) throws Exception {
        ChromeDriver browser = Browsers.headlessChromium();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        Thread[] load = new Thread[CLIENTS];
        try {
            browser.manage().window().setSize(new Dimension(1280, 1100));
            browser.get(client.uri(StatsSite.STATS + "/").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(b -> number(b, "updates") >= 1);
            assertEquals("STARTED", browser.findElement(By.id("engine-state")).getText());

            HttpClient http = client.httpClient();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                load[c] = Thread.ofVirtual().start(() -> {
                    // a few hundred requests at least, and on until the page has been read
                    for (int i = 0; (loading.get() || sent.get() < 300) && i < 5000; i++) {
                        String page = PAGES[(i + id) % PAGES.length];
                        URI uri = client.uri(page.equals("/users/") ? page + (i % 50) : page);
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != (page.equals("/no/such/page") ? 404 : 200)) {
                                unexpected.incrementAndGet();
                            }
                        } catch (Exception e) {
                            unexpected.incrementAndGet();
                        }
                        sent.incrementAndGet();
                    }
                });
            }

            wait.until(b -> number(b, "total-requests") >= 50);
            long first = number(browser, "total-requests");
            wait.until(b -> number(b, "total-requests") > first);
            long second = number(browser, "total-requests");
            assertTrue(second > first, second + " after " + first);
            wait.until(b -> decimal(b, "requests-per-second") > 0);
            wait.until(b -> !text(b, "p99").equals("–") && decimal(b, "p99") >= 5);
            wait.until(b -> text(b, "apps").contains("/users/*") && text(b, "apps").contains("/work")
                    && text(b, "apps").contains("(not found)"));
            assertTrue(!text(browser, "apps").contains("/users/7"), "users count under one template");
            wait.until(b -> number(b, "client-errors") > 0);
            wait.until(b -> sent.get() >= 300);
            // some seconds more of load, so the charts have lines to show
            long polls = number(browser, "updates");
            wait.until(b -> number(b, "updates") >= polls + 15);
            Path shot = Path.of("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
            assertTrue(Files.size(shot) > 10_000, "a screenshot of the page: " + Files.size(shot) + " bytes");
        } finally {
            loading.set(false);
            for (Thread t : load) {
                if (t != null) {
                    t.join(60_000);
                }
            }
            browser.quit();
        }
        assertTrue(sent.get() >= 300, "a few hundred requests: " + sent.get());
        assertEquals(0, unexpected.get(), "every request answered as expected");
    }

    private static String text(WebDriver b, String id) {
        return b.findElement(By.id(id)).getText();
    }

    private static long number(WebDriver b, String id) {
        return Long.parseLong(text(b, id).replace(",", ""));
    }

    private static double decimal(WebDriver b, String id) {
        String t = text(b, id).replace(",", "");
        return t.isEmpty() || t.equals("–") ? 0 : Double.parseDouble(t);
    }
}
